"""Issue 15: the history page names fields in Swedish, people by name, and reads grammatically."""

import datetime

import pytest
from django.urls import reverse
from simple_history.models import registered_models

from core.history import _HIDDEN_FIELDS, FIELD_LABELS, field_label
from tests.goals.factories import GoalFactory

pytestmark = pytest.mark.django_db


def _history(client_for):
    return client_for("coordinator").get(reverse("core:municipality_history", kwargs={"municipality": "alby"})).content.decode()


def test_history_names_fields_in_swedish_and_people_by_name(world, client_for):
    goal = GoalFactory(municipality=world.a, title="Läsning")
    goal.adopted_on = datetime.date(2026, 12, 2)
    goal.adoption_paragraph = "§ 12"
    goal.adoption_recorded_by = world.user("namnd")
    goal.save()
    html = _history(client_for)
    assert "Adoption recorded by" not in html and "adoption recorded by" not in html.lower()
    assert "Antagandet registrerat av" in html
    assert world.user("namnd").full_name in html
    assert f"<td>{world.user('namnd').pk}</td>" not in html
    assert "2 dec. 2026" in html and "2026-12-02" not in html


def test_history_reads_grammatically(world, client_for):
    GoalFactory(municipality=world.a, title="Läsning")
    html = _history(client_for)
    assert "Operativt mål skapades" in html
    assert "Operativt mål skapad<" not in html


def test_every_audited_field_has_a_swedish_label():
    untranslated = []
    for model in registered_models.values():
        for f in model.history.model._meta.fields:
            if f.name in _HIDDEN_FIELDS or f.name.startswith("history_"):
                continue
            if f.name not in FIELD_LABELS and field_label(f) == f.name.replace("_", " "):
                untranslated.append(f"{model._meta.label}.{f.name}")
    assert untranslated == []


def test_history_names_a_value_by_its_measure_and_year_not_its_id(world, client_for):
    """Seen in the demo: "Utfall skapades: #3532". A value is named by its measure, year and value."""
    from decimal import Decimal

    from indicators.models import Indicator, Measurement

    indicator = Indicator.objects.create(key="k", name="Andel (%) godkända", organiser_type="Samtliga", subject="Matematik")
    for year in (2022, 2023, 2024):
        m = Measurement.objects.create(indicator=indicator, municipality=world.a, school_year=year, grade=9,
                                       value=Decimal("84.3"))
    html = _history(client_for)
    assert f"#{m.pk}<" not in html and f"#{m.pk}\n" not in html
    assert f"<strong>Utfall skapades</strong>: {indicator} 2023/24: 84,3</p>" in html
