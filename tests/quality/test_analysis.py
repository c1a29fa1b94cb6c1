"""Dimension 5, Analysarbete: evaluations from the municipality's template and causal chains as data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment
from quality import selectors, services
from quality.models import Action, EffectOutcome, Evaluation, EvaluationTemplate

from .factories import evaluation_with_chain

pytestmark = pytest.mark.django_db


def _url(name, world, **kw):
    return reverse(f"quality:{name}", kwargs={"municipality": world.a.slug, **kw})


def test_evaluation_starts_from_the_municipalitys_template_and_keeps_its_headings(world, client_for):
    admin = client_for("forvaltning")
    admin.post(_url("evaluation_template_new", world), {
        "name": "Terminsmall", "headings": "Resultat: Vad visar resultaten?\nOrsaker: Varför blev det så?"})
    template = EvaluationTemplate.objects.get()
    response = admin.post(_url("evaluations", world), {
        "title": "HT 2026", "kind": "termin", "held_on": "2026-12-15", "school": "", "template": template.pk})
    ev = Evaluation.objects.get()
    assert response.url == _url("evaluation", world, pk=ev.pk)
    assert [s["heading"] for s in ev.sections] == ["Resultat", "Orsaker"]
    # Editing the template later does not change an evaluation already made from it.
    services.evaluation_template_save(municipality=world.a, template=template, name="Ny", headings="Annat")
    ev.refresh_from_db()
    assert [s["heading"] for s in ev.sections] == ["Resultat", "Orsaker"]
    admin.post(_url("evaluation", world, pk=ev.pk), {"form": "sections", "s0": "Bättre i matematik", "s1": "Mer stöd"})
    ev.refresh_from_db()
    assert [s["text"] for s in ev.sections] == ["Bättre i matematik", "Mer stöd"]


def test_causal_chain_result_cause_action_becomes_a_commitment_with_an_owner(world, client_for):
    admin = client_for("forvaltning")
    ev = Evaluation.objects.create(municipality=world.a, kind="mittermin", held_on=datetime.date(2026, 10, 1),
                                   title="Mittermin")
    admin.post(_url("evaluation", world, pk=ev.pk), {"form": "result", "result-text": "Färre klarar matematik åk 6"})
    r = ev.results.get()
    response = admin.post(_url("evaluation", world, pk=ev.pk), {
        "form": "cause", "result": r.pk, f"c{r.pk}-text": "Otydliga lektionsmål", f"c{r.pk}-evidence": ""})
    assert "Det här fältet måste fyllas i" in response.content.decode() or response.status_code == 200
    assert not r.causes.exists()  # no evidence, no cause
    admin.post(_url("evaluation", world, pk=ev.pk), {
        "form": "cause", "result": r.pk, f"c{r.pk}-text": "Otydliga lektionsmål",
        f"c{r.pk}-evidence": "8 av 12 besök saknade mål på tavlan"})
    cause = r.causes.get()
    admin.post(_url("evaluation", world, pk=ev.pk), {
        "form": "action", "result": r.pk, f"a{r.pk}-text": "Mål på tavlan varje lektion", f"a{r.pk}-cause": cause.pk,
        f"a{r.pk}-expected_effect": "Fler når E", f"a{r.pk}-expected_by": "2027-06-10",
        f"a{r.pk}-becomes": "commitment", f"a{r.pk}-owner": world.users["rektor"].pk})
    action = Action.objects.get()
    assert (action.cause, action.expected_by) == (cause, datetime.date(2027, 6, 10))
    commitment = Commitment.objects.get()
    assert action.commitment == commitment and commitment.owner == world.users["rektor"]
    assert commitment.levels == ["rektor"] and commitment.due_on == datetime.date(2027, 6, 10)


def test_an_effect_must_be_expected_after_the_evaluation(world):
    ev = evaluation_with_chain(municipality=world.a)
    r = ev.results.get()
    with pytest.raises(Exception, match="efter utvärderingens datum"):
        services.action_add(result=r, created_by=None, text="x", expected_effect="y", expected_by=ev.held_on)


def test_next_evaluation_asks_whether_the_effect_came_and_records_the_answer(world, client_for):
    first = evaluation_with_chain(municipality=world.a, held_on=timezone.localdate() - datetime.timedelta(days=200))
    action = Action.objects.get()
    later = Evaluation.objects.create(municipality=world.a, kind="lasar", title="Läsår",
                                      held_on=timezone.localdate() - datetime.timedelta(days=10))
    other_school = Evaluation.objects.create(municipality=world.a, school=world.school_a1, kind="lasar", title="Skolan",
                                             held_on=timezone.localdate())
    assert selectors.actions_to_follow_up(evaluation=later) == [action]
    assert selectors.actions_to_follow_up(evaluation=first) == []  # not asked of itself
    assert selectors.actions_to_follow_up(evaluation=other_school) == []  # another school's chain
    body = client_for("larare").get(_url("evaluation", world, pk=later.pk)).content.decode()
    assert "Kom effekten?" in body and "Daglig högläsning" in body
    client_for("coordinator").post(_url("evaluation", world, pk=later.pk), {
        "form": "follow", "action": action.pk, f"f{action.pk}-outcome": "uteblev",
        f"f{action.pk}-observed_effect": "Samma andel som i fjol"})
    action.refresh_from_db()
    assert (action.outcome, action.observed_in) == (EffectOutcome.NOT, later)
    statuses = {s.key: s for s in selectors.tool_statuses(municipality=world.a)}
    assert "0 av 1 förväntade effekter kom" in statuses["analysarbete"].status


def test_teacher_reads_an_evaluation_but_cannot_add_to_it(world, client_for):
    ev = evaluation_with_chain(municipality=world.a, school=world.school_a1)
    teacher = client_for("larare")
    assert teacher.get(_url("evaluation", world, pk=ev.pk)).status_code == 200
    response = teacher.post(_url("evaluation", world, pk=ev.pk), {"form": "result", "result-text": "x"})
    assert response.status_code == 403 and ev.results.count() == 1


def test_next_evaluation_shows_what_the_linked_figures_say_now_beside_the_expected_effect(world, client_for):
    """Point 3: last time's expected effect beside the latest figure of the result's indicator."""
    from decimal import Decimal

    from indicators.models import Indicator, Measurement

    first = evaluation_with_chain(municipality=world.a, held_on=timezone.localdate() - datetime.timedelta(days=200))
    ind = Indicator.objects.create(key="las-3", name="Andel som klarar läsförståelsetestet", grade=3)
    first.results.update(indicator=ind)
    for year, value in ((2025, "71.50"), (2026, "78.25")):
        Measurement.objects.create(indicator=ind, municipality=world.a, school_year=year, grade=3, value=Decimal(value))
    Measurement.objects.create(indicator=ind, municipality=world.b, school_year=2027, grade=3, value=Decimal("12"))
    later = Evaluation.objects.create(municipality=world.a, kind="lasar", title="Läsår",
                                      held_on=timezone.localdate() - datetime.timedelta(days=10))
    body = client_for("larare").get(_url("evaluation", world, pk=later.pk)).content.decode()
    assert "Kom effekten?" in body and "Förväntad effekt" in body and "Siffrorna nu" in body
    assert "Andel som klarar läsförståelsetestet: 78,25 (2025/26)" in body
    assert ": 12 (" not in body  # another municipality's figure
