from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from accounts.models import User
from municipalities.models import Level, Membership, Municipality
from networks.models import Network


@pytest.mark.django_db
def test_demo_builds_the_network_with_all_levels_and_is_repeatable():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # running it again changes nothing
    network = Network.objects.get(slug="matematiksatsningen-mitt")
    assert network.name == "Matematiksatsningen – nätverk Mitt"
    codes = dict(Municipality.objects.values_list("code", "name"))
    assert codes["1982"] == "Fagersta kommun" and codes["0382"] == "Östhammar kommun" and codes["2083"] == "Hedemora kommun"
    with scopes_disabled():
        assert network.memberships.count() == 6
        for municipality in Municipality.objects.all():
            levels = set(Membership.objects.filter(municipality=municipality).values_list("level", flat=True))
            assert levels == set(Level.values), municipality
            assert Membership.objects.filter(municipality=municipality, is_coordinator=True).count() == 1
        assert network.project_leaders.filter(user__email="processledare@demo.skolnatverk.se").exists()
    assert User.objects.filter(email="larare.fagersta@demo.skolnatverk.se").get().check_password("demo-skolnatverk")


def test_readme_lists_every_kind_of_demo_login():
    """Issue 15: every demo persona is listed in README (the numbered ones by their pattern)."""
    from pathlib import Path

    from django.conf import settings

    from municipalities import demo

    readme = Path(settings.BASE_DIR, "README.md").read_text(encoding="utf-8")
    assert f"processledare@{demo.DEMO_DOMAIN}" in readme and f"admin@{demo.DEMO_DOMAIN}" in readme
    for _name, _code, slug, _schools in demo.MUNICIPALITIES:
        assert f"`{slug}`" in readme
    for level, size in demo.LEVEL_SIZES.items():
        short = demo.SHORT[level]
        assert f"{short}.fagersta@{demo.DEMO_DOMAIN}" in readme
        if size > 1:
            assert f"`{short}2`–`{short}{size}`" in readme
    assert "samordnare.fagersta@" in readme
