"""The quality dialogue's agenda draws on the school's progression and the principal's time (issue 17, point 5).

The agenda text is read by every member who opens the dialogue, so it carries the progression's
aggregates and only a pointer to the principal's time; the principal's own figures show beside it
to the principal and förvaltning only.
"""

import datetime

import pytest
from django.urls import reverse

from municipalities.models import Level
from quality import services
from quality.models import Dialogue

from .. import factories as f
from ..principal_time.factories import target, weeks
from ..progression.factories import followed_class, measure

pytestmark = pytest.mark.django_db


def _dialogue(world, school):
    return services.dialogue_create(
        municipality=world.a, created_by=world.users["forvaltning"], school=school, title="Kvalitetsdialog",
        starts_at=datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC))


def test_the_agenda_lists_the_schools_classes_followed_over_time(world):
    m = measure(municipality=world.a, name="Läsförståelse")
    followed_class(school=world.school_a1, measure=m)
    d = _dialogue(world, world.school_a1)
    assert "Progression (samma klasser över tid):" in d.agenda
    assert "Läsförståelse" in d.agenda
    assert "Undervisningens kvalitet: 0 lektionsbesök i år." in d.agenda
    assert "4. Tid för pedagogiskt ledarskap" in d.agenda and "5. Överenskomna åtgärder" in d.agenda
    other = _dialogue(world, world.school_a2)
    assert "skolan har inga klassresultat i verktyget ännu" in other.agenda


def test_the_agenda_text_never_holds_a_principals_hours(world):
    target(municipality=world.a, principal=world.users["rektor"], hours="13.5")
    weeks(municipality=world.a, principal=world.users["rektor"], leadership=[17, 17])
    d = _dialogue(world, world.school_a1)
    assert "13,5" not in d.agenda and "17" not in d.agenda.split("4. Tid")[1]
    board = _dialogue(world, None)
    assert "1 av 1 rektorer har ett mål" in board.agenda  # the municipality's status: counts only


def test_the_principals_time_shows_beside_the_agenda_to_the_principal_and_forvaltning_only(world, client_for):
    target(municipality=world.a, principal=world.users["rektor"], hours="9")
    weeks(municipality=world.a, principal=world.users["rektor"], leadership=[11])
    other_principal = f.UserFactory()
    f.MembershipFactory(user=other_principal, municipality=world.a, level=Level.REKTOR, school=world.school_a2)
    d = _dialogue(world, world.school_a1)
    url = reverse("quality:dialogue", kwargs={"municipality": world.a.slug, "pk": d.pk})
    for persona in ("forvaltning", "rektor"):
        page = client_for(persona).get(url).content.decode()
        assert 'id="time-heading"' in page and "mål 9,0 timmar i veckan" in page, persona
    for persona in ("larare", "namnd"):
        page = client_for(persona).get(url).content.decode()
        assert 'id="time-heading"' not in page and "9,0" not in page, persona
    from django.test import Client

    client = Client()
    client.force_login(other_principal)
    page = client.get(url).content.decode()
    assert 'id="time-heading"' not in page
    assert Dialogue.objects.count() == 1


def test_the_agenda_figures_read_in_swedish_one_line_per_measure_of_the_municipalitys_own_schools(world):
    """Seen in the demo's dialogue PDF: "74.90" and the same name twice (samtliga, kommunal, enskild)."""
    from decimal import Decimal

    from indicators.models import Indicator, Measurement

    for organiser, values in (("Samtliga", ("75.60", "74.90")), ("Kommunal", ("74.70", "74.00")),
                              ("Enskild", ("90.10", "91.30"))):
        ind = Indicator.objects.create(key=f"behoriga|{organiser}", name="Andel (%) behöriga till yrkesprogram",
                                       organiser_type=organiser, grade=9)
        for year, value in zip((2025, 2026), values, strict=True):
            Measurement.objects.create(indicator=ind, municipality=world.a, school_year=year, grade=9,
                                       value=Decimal(value))
    only_all = Indicator.objects.create(key="utl|Samtliga", name="Andel (%) elever med utländsk bakgrund",
                                        organiser_type="Samtliga", grade=9)
    Measurement.objects.create(indicator=only_all, municipality=world.a, school_year=2026, grade=9, value=Decimal("39.60"))
    d = _dialogue(world, world.school_a1)
    assert "Andel (%) behöriga till yrkesprogram (kommunal), åk 9: 74 (2025/26) (förra året 74,7)" in d.agenda
    assert "Andel (%) elever med utländsk bakgrund, åk 9: 39,6 (2025/26)" in d.agenda
    assert d.agenda.count("behöriga till yrkesprogram") == 1  # not samtliga beside it, never enskild
    assert "74.7" not in d.agenda and "39.6" not in d.agenda.replace("39,6", "")
