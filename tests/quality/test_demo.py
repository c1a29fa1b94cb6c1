"""The demo carries a year of quality work (issue 16, point 8), and building it twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from municipalities.models import Membership
from quality.models import (
    Action,
    Confirmation,
    Dialogue,
    EffectOutcome,
    Evaluation,
    EvaluationTemplate,
    EvaluationTemplateShare,
    PrincipleSet,
    Routine,
    RoutineTask,
)
from quality.selectors import school_year_of

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (PrincipleSet, Confirmation, Routine, RoutineTask, Evaluation, Action,
                                        Dialogue, EvaluationTemplate, EvaluationTemplateShare)]


def test_fagersta_and_osthammar_carry_a_year_of_quality_work_and_a_copied_example():
    steps = "municipalities,reviews,networks,quality"
    call_command("seed_demo", only=steps, stdout=StringIO())
    with scopes_disabled():
        before = _counts()
        call_command("seed_demo", only=steps, stdout=StringIO())
        assert _counts() == before
        today = timezone.localdate()
        for slug in ("fagersta", "osthammar"):
            ps = PrincipleSet.objects.get(municipality__slug=slug, version=1)
            assert ps.is_adopted and ps.principles.count() == 4
            members = Membership.objects.filter(municipality__slug=slug).count()
            assert 0 < ps.confirmations.count() < members, slug  # kvittens, not (yet) by everyone
            routines = Routine.objects.filter(municipality__slug=slug)
            assert routines.count() == 12
            tasks = RoutineTask.objects.filter(routine__municipality__slug=slug)
            assert set(tasks.values_list("school_year", flat=True)) == {school_year_of(today) - 1, school_year_of(today)}
            late = [t for t in tasks.exclude(done_on=None) if t.done_on > t.due_on]
            overdue = tasks.filter(done_on=None, due_on__lt=today)
            assert late and overdue.exists(), slug
            # Two evaluations whose causal chain was followed up: one effect came, one did not.
            evaluations = Evaluation.objects.filter(municipality__slug=slug)
            assert evaluations.count() == 2
            outcomes = set(Action.objects.filter(result__evaluation__municipality__slug=slug)
                           .exclude(outcome="").values_list("outcome", flat=True))
            assert outcomes == {EffectOutcome.CAME, EffectOutcome.NOT}
            assert Action.objects.filter(result__evaluation__municipality__slug=slug, cause__isnull=False).exists()
            # Two quality dialogues with minutes and agreed actions (and a coming one with the board).
            with_minutes = Dialogue.objects.filter(municipality__slug=slug).exclude(minutes="")
            assert with_minutes.count() == 2
            assert all(d.commitments.count() == 2 for d in with_minutes)
        # Östhammar's template is shared with the network; Fagersta copied it and evaluates with it.
        original = EvaluationTemplate.objects.get(municipality__slug="osthammar", name="Östhammars utvärderingsmall")
        assert original.shares.filter(network__slug="matematiksatsningen-mitt").exists()
        copy = EvaluationTemplate.objects.get(municipality__slug="fagersta")
        assert copy.copied_from_label == ("Kopia av ”Östhammars utvärderingsmall” från Östhammar kommun, "
                                          "delad i Matematiksatsningen – nätverk Mitt.")
        assert Evaluation.objects.filter(municipality__slug="fagersta", template=copy).count() == 2
