"""Views fetch a tenant's row through their app's access helper (``<model>_get`` in selectors.py),
never with their own query: one place per app decides what "this tenant's row" means."""

from pathlib import Path

from django.conf import settings

# A municipality chosen by slug among the network's members is not a tenant-owned row.
ALLOWED = {"commitments/views.py": 1}


def test_views_fetch_rows_through_the_apps_access_helpers():
    base = Path(settings.BASE_DIR)
    views = [p for app in base.glob("*/apps.py") for p in app.parent.glob("views*.py")]
    found = {
        str(path.relative_to(base)): path.read_text(encoding="utf-8").count("get_object_or_404(")
        for path in views
    }
    assert views and {path: n for path, n in found.items() if n and ALLOWED.get(path) != n} == {}
