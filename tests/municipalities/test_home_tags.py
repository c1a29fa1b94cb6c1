"""The municipality home's parts built by tags (issue 18) give what the template loops gave before."""

import pytest
from django.template import engines
from django.utils import translation

from municipalities.selectors import SchoolCount, school_list
from municipalities.templatetags.municipalities_tags import school_items
from tests.factories import MembershipFactory, SchoolFactory

# The template the tag replaced, as municipalities/home.html had it.
OLD_SCHOOL_ITEMS = """{% load i18n %}{% for s in schools %}<li>{{ s.name }} <span class="muted">({% blocktranslate count n=s.member_count %}{{ n }} medlem{% plural %}{{ n }} medlemmar{% endblocktranslate %})</span></li>{% endfor %}"""


def old(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_school_items_are_what_the_template_gave(language):
    schools = [SchoolCount("Å & <Ö> skola", 1), SchoolCount('Björk "B"', 0), SchoolCount("D'Ort", 2),
               SchoolCount("Ceder", 1712)]
    with translation.override(language):
        html = school_items(schools)
        assert html == old(OLD_SCHOOL_ITEMS, schools=schools)
        assert school_items([]) == ""
    assert "Å &amp; &lt;Ö&gt; skola" in html and "<Ö>" not in html and "D&#x27;Ort" in html


@pytest.mark.django_db
def test_school_list_is_by_name_with_each_schools_members(world):
    # The world's A has Alby skola (its principal, teacher and colleague) and Albyskolan Norra.
    SchoolFactory(municipality=world.a, name="Aaby skola")
    SchoolFactory(municipality=world.b, name="Abc (another municipality's)")
    MembershipFactory(municipality=world.a, school=world.school_a2)
    counts = school_list(municipality=world.a)
    assert [s.name for s in counts] == ["Aaby skola", "Alby skola", "Albyskolan Norra"]
    assert {s.name: s.member_count for s in counts} == {
        "Aaby skola": 0, "Alby skola": world.school_a1.memberships.count(),
        "Albyskolan Norra": world.school_a2.memberships.count(),
    }
    assert counts[1].member_count >= 2 and counts[2].member_count >= 1
