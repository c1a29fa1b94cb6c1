"""The tenant menus (``network_menu``, ``municipality_menu``) give what nav_link (now
``tests/core/old_nav.py``), the apps' include and the ifs of the two _base templates gave, byte
for byte (issue 18)."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

# The templates the tags replaced, word for word (the include inlined: its first line is the
# load and a comment, so it began with a line break).
OLD_NETWORK = """{% load i18n old_nav %}      <li>{% nav_link "networks:home" _("Översikt") network=network.slug %}</li>
      {% include "tests/network_nav_items.html" %}
      <li>{% nav_link "networks:members" _("Kommuner") section="networks:invite" network=network.slug %}</li>
      {% if ctx.is_project_leader %}<li>{% nav_link "networks:settings" _("Inställningar") network=network.slug %}</li>{% endif %}
    </ul>"""
OLD_NETWORK_ITEMS = """{% load i18n old_nav %}{# Each app adds its network menu item here, one line each. #}
<li>{% nav_link "goals:network_compare" _("Mål") network=network.slug %}</li>
<li>{% nav_link "networks:meetings" _("Träffar") section="networks:meeting" network=network.slug %}</li>
<li>{% nav_link "quality:network_examples" _("Exempel") section="quality:network_" network=network.slug %}</li>
<li>{% nav_link "reviews:network_results" _("Kartläggningar") section="reviews:" network=network.slug %}</li>
{% if ctx.is_project_leader %}<li>{% nav_link "indicators:network_import" _("Statistikimport") network=network.slug %}</li>{% endif %}
{% if ctx.is_project_leader %}<li>{% nav_link "reports:network_list" _("Rapporter") section="reports:" network=network.slug %}</li>{% endif %}
"""
OLD_MUNICIPALITY = """{% load i18n old_nav %}      <li>{% nav_link "municipalities:home" _("Översikt") municipality=municipality.slug %}</li>
      {% include "tests/municipality_nav_items.html" %}
      <li>{% nav_link "municipalities:members" _("Medlemmar") section="municipalities:invite" municipality=municipality.slug %}</li>
      {% if ctx.is_coordinator %}<li>{% nav_link "municipalities:settings" _("Inställningar") municipality=municipality.slug %}</li>{% endif %}
    </ul>"""
OLD_MUNICIPALITY_ITEMS = """{% load i18n old_nav %}{# Each app adds its municipality menu item here, one line each. #}
<li>{% nav_link "goals:tree" _("Mål") section="goals:" municipality=municipality.slug %}</li>
<li>{% nav_link "reviews:list" _("Kartläggning") section="reviews:" municipality=municipality.slug %}</li>
<li>{% nav_link "indicators:statistics" _("Statistik") section="indicators:" municipality=municipality.slug %}</li>
<li>{% nav_link "commitments:list" _("Åtaganden") section="commitments:" municipality=municipality.slug %}</li>
<li>{% nav_link "quality:home" _("Kvalitetsarbete") section="quality:" municipality=municipality.slug %}</li>
<li>{% nav_link "reports:municipality_list" _("Rapporter") section="reports:" municipality=municipality.slug %}</li>
"""

NEW_NETWORK = "{% load nav %}      {% network_menu network.slug ctx.is_project_leader %}\n    </ul>"
NEW_MUNICIPALITY = "{% load nav %}      {% municipality_menu municipality.slug ctx.is_coordinator %}\n    </ul>"

NETWORK_VIEWS = ["networks:home", "networks:meeting", "networks:meetings", "networks:invite", "networks:members",
                 "networks:settings", "quality:network_example", "reviews:network_mapping", "reports:network_list",
                 "indicators:network_import", "goals:network_compare", "core:start", None]
MUNICIPALITY_VIEWS = ["municipalities:home", "municipalities:invite", "municipalities:settings", "goals:detail",
                      "reviews:results", "indicators:statistics", "commitments:detail", "quality:home",
                      "reports:municipality_list", "networks:home", None]


@pytest.fixture
def old_includes(settings):
    from django.template import engines

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "APP_DIRS": False, "OPTIONS": {
        **settings.TEMPLATES[0]["OPTIONS"],
        "libraries": {**settings.TEMPLATES[0]["OPTIONS"].get("libraries", {}), "old_nav": "tests.core.old_nav"},
        "loaders": [("django.template.loaders.locmem.Loader", {
            "tests/network_nav_items.html": OLD_NETWORK_ITEMS,
            "tests/municipality_nav_items.html": OLD_MUNICIPALITY_ITEMS,
        }), "django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
    }}]
    return engines["django"]


def _request(view_name):
    return SimpleNamespace(resolver_match=SimpleNamespace(view_name=view_name) if view_name else None)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("manager", [True, False])
def test_the_menus_are_byte_for_byte_what_nav_link_gave(old_includes, language, manager):
    with translation.override(language):
        for view_name in NETWORK_VIEWS:
            context = {"request": _request(view_name), "network": SimpleNamespace(slug="natverk-1"),
                       "ctx": SimpleNamespace(is_project_leader=manager)}
            expected = old_includes.from_string(OLD_NETWORK).render(context)
            assert Template(NEW_NETWORK).render(Context(context)) == expected, view_name
        for view_name in MUNICIPALITY_VIEWS:
            context = {"request": _request(view_name), "municipality": SimpleNamespace(slug="alby"),
                       "ctx": SimpleNamespace(is_coordinator=manager)}
            expected = old_includes.from_string(OLD_MUNICIPALITY).render(context)
            assert Template(NEW_MUNICIPALITY).render(Context(context)) == expected, view_name


def test_the_current_item_is_marked_and_the_managers_items_are_theirs():
    def menu(view_name, manager):
        return Template(NEW_NETWORK).render(Context({
            "request": _request(view_name), "network": SimpleNamespace(slug="n1"),
            "ctx": SimpleNamespace(is_project_leader=manager)}))

    html = menu("networks:invite", False)
    assert html.count('aria-current="page"') == 1 and '<a href="/n/n1/medlemmar/" aria-current="page">' in html
    assert "/statistik/import/" not in html and "/installningar/" not in html and "/rapporter/" not in html
    assert "/statistik/import/" in menu("core:start", True) and 'aria-current' not in menu("core:start", True)
