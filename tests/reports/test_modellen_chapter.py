"""The report's Modellen 2.0 chapter (issue 17, point 5): one page per dimension with the answer
and the evidence. Dimension 3 lists each school's classes followed over time, the ones that gain
and the ones that lose against the expected change; dimension 8 counts Visa & berätta per
routine for the whole municipality and names nobody."""

import datetime
import re

import pytest
from django.utils import translation
from django_scopes import scopes_disabled

from reports.content import report_html
from reports.models import Report, ReportKind
from reports.selectors import report_inputs

from ..competence.factories import checked_routine, session
from ..progression.factories import followed_class, measure

pytestmark = pytest.mark.django_db


def _chapter(world) -> str:
    report = Report(kind=ReportKind.MUNICIPALITY, municipality=world.a, period_start=datetime.date(2025, 7, 1),
                    period_end=datetime.date(2026, 6, 30), title="Lägesrapport")
    with scopes_disabled(), translation.override("sv"):
        html = report_html(inputs=report_inputs(report=report))
    chapter = html[html.index('<section id="modellen"'):]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", chapter))


def test_dimension_3_shows_each_school_s_classes_that_gain_and_lose(world):
    m = measure(municipality=world.a, name="Läsförståelse")
    followed_class(school=world.school_a1, measure=m, section="A", cohort=2021, values=(50, 70))
    followed_class(school=world.school_a1, measure=m, section="B", cohort=2021, values=(60, 60))
    text = _chapter(world)
    dim3 = text[text.index("3. Följ progressionen"):text.index("4. Utveckla")]
    assert "Samma klasser över tid, skola för skola" in dim3
    assert ("Alby skola: 2 klasser följda på ett mått med förädlingsvärde; 1 över och 1 under den förväntade "
            "förändringen.") in dim3
    assert "Läsförståelse, 2A (årskull 2021): 70 % VT 2023; förädlingsvärde +10 procentenheter sedan VT 2022." in dim3
    assert "förädlingsvärde −10 procentenheter" in dim3
    assert "Förädlingsvärde = klassens förändring" in dim3  # the rule, once


def test_dimension_3_shows_no_figure_of_a_class_below_the_threshold(world):
    m = measure(municipality=world.a, name="Läsförståelse")
    followed_class(school=world.school_a1, measure=m, section="A", cohort=2021, values=(50, 70), pupils=3)
    text = _chapter(world)
    dim3 = text[text.index("3. Följ progressionen"):text.index("4. Utveckla")]
    assert "Samma klasser över tid" not in dim3 and "70 %" not in dim3


def test_dimension_8_counts_visa_och_beratta_per_routine_and_names_nobody(world):
    r = checked_routine(municipality=world.a, title="Exit tickets varje lektion")
    session(school=world.school_a1, routine_obj=r, presenter=world.user("rektor"), checker=world.user("larare"))
    text = _chapter(world)
    dim8 = text[text.index("8. Tänk som om"):]
    assert "Visa &amp; berätta per rutin, hela kommunen" in dim8
    assert "Exit tickets varje lektion – visad av 1 av 1 i personalen (100 %)." in dim8
    for persona in ("rektor", "larare"):
        assert world.user(persona).full_name not in dim8
    assert "Alby skola" not in dim8  # counts for the whole municipality, never a school's
