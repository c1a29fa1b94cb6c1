"""Writes of dimension 8: checklists, competences, self-assessments, the plan, Visa & berätta.

Keyword-only and typed; bad input raises ValidationError with Swedish text.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from municipalities.models import Level, Membership, Municipality, School
from quality.models import Routine

from .models import (
    ChecklistItem,
    CheckResult,
    Competence,
    CompetenceLevel,
    CompetenceNeed,
    CompetenceSource,
    PlanAction,
    SelfAssessment,
    SessionCheck,
    ShowAndTell,
)

STAFF_LEVELS = (Level.LARARE, Level.REKTOR)


# --- Checklists ----------------------------------------------------------------------------------

@transaction.atomic
def checklist_save(*, routine: Routine, lines: list[str]) -> list[ChecklistItem]:
    """The routine's checklist as the given lines, in order.

    A point whose text is unchanged keeps its row (and the sessions' checks of it); a removed
    point goes with its checks; a new one is added.
    """
    wanted = []
    for line in lines:
        text = " ".join(line.split())
        if text and text not in wanted:
            wanted.append(text)
    existing = {item.text: item for item in ChecklistItem.objects.filter(routine=routine)}
    ChecklistItem.objects.filter(routine=routine).exclude(text__in=wanted).delete()
    items = []
    for position, text in enumerate(wanted, start=1):
        item = existing.get(text) or ChecklistItem(routine=routine, text=text)
        item.position = position
        item.full_clean(exclude=["routine"])
        item.save()
        items.append(item)
    return items


# --- Competences ---------------------------------------------------------------------------------

def _next_position(municipality: Municipality) -> int:
    return (Competence.objects.filter(municipality=municipality).aggregate(m=Max("position"))["m"] or 0) + 1


def competence_save(*, municipality: Municipality, title: str, description: str = "",
                    competence: Competence | None = None) -> Competence:
    if competence is not None and competence.municipality_id != municipality.pk:
        raise ValidationError(_("Kompetensen hör till en annan kommun."))
    if competence is None:
        competence = Competence(municipality=municipality, source=CompetenceSource.OWN,
                                position=_next_position(municipality))
    competence.title, competence.description = " ".join(title.split()), description.strip()
    competence.full_clean(exclude=["municipality", "routine"])
    competence.save()
    return competence


def competence_delete(*, competence: Competence) -> None:
    """Removes the competence with everyone's answers to it and its plan actions (not the commitments)."""
    competence.delete()


def competences_from_routines(*, municipality: Municipality) -> int:
    """A competence for each routine that has a checklist and none yet: "to do <routine> right"."""
    have = set(Competence.objects.filter(municipality=municipality, routine__isnull=False)
               .values_list("routine_id", flat=True))
    routines = (Routine.objects.filter(municipality=municipality, checklist_items__isnull=False)
                .exclude(pk__in=have).distinct().order_by("month", "title", "pk"))
    position = _next_position(municipality)
    created = 0
    for offset, routine in enumerate(routines):
        Competence.objects.create(
            municipality=municipality, title=routine.title[:200], source=CompetenceSource.ROUTINE, routine=routine,
            description=_("Att genomföra rutinen enligt dess checklista."), position=position + offset,
        )
        created += 1
    return created


def competences_from_rubric(*, municipality: Municipality) -> int:
    """A competence for each aspect of the teaching rubric in force that has none yet.

    Keyed by the aspect's ``key``, which stays the same from version to version, so a new
    version of the rubric adds only its new aspects and keeps everyone's answers.
    """
    from teaching.selectors import rubric_aspects

    have = set(Competence.objects.filter(municipality=municipality, source=CompetenceSource.RUBRIC)
               .values_list("source_key", flat=True))
    position = _next_position(municipality)
    created = 0
    for aspect in rubric_aspects(municipality=municipality):
        if aspect.key in have:
            continue
        Competence.objects.create(
            municipality=municipality, title=aspect.title[:200], description=aspect.description[:2000],
            source=CompetenceSource.RUBRIC, source_key=aspect.key, position=position + created,
        )
        have.add(aspect.key)
        created += 1
    return created


# --- Self-assessment -----------------------------------------------------------------------------

@transaction.atomic
def self_assessment_save(*, municipality: Municipality, user, answers: dict[int, tuple[int | None, int | None]]
                         ) -> int:
    """The person's own levels and needs, by competence id; a competence left blank removes its answer.

    Only staff at a school answer (the aggregate is per school). Returns how many are answered.
    """
    membership = Membership.objects.filter(municipality=municipality, user=user).first()
    if membership is None or membership.school_id is None or membership.level not in STAFF_LEVELS:
        raise ValidationError(_("Bara lärare och rektorer på en skola skattar sin kompetens."))
    ids = set(Competence.objects.filter(municipality=municipality, pk__in=list(answers)).values_list("pk", flat=True))
    if ids != set(answers):
        raise ValidationError(_("En kompetens finns inte i kommunen."))
    existing = {a.competence_id: a for a in SelfAssessment.objects.filter(user=user, competence_id__in=ids)}
    answered = 0
    for competence_id, (level, need) in answers.items():
        if level is None and need is None:
            if competence_id in existing:
                existing[competence_id].delete()
            continue
        if level not in CompetenceLevel.values or need not in CompetenceNeed.values:
            raise ValidationError(_("Ange både nivå och behov för varje kompetens du svarar på."))
        row = existing.get(competence_id) or SelfAssessment(competence_id=competence_id, user=user)
        row.level, row.need, row.school_id = level, need, membership.school_id
        row.save()
        answered += 1
    return answered


# --- The school's competence plan ----------------------------------------------------------------

def plan_action_add(*, school: School, competence: Competence, created_by, title: str, owner,
                    due_on: datetime.date) -> PlanAction:
    """An action of the school's competence plan: a commitment with an owner, for one competence."""
    from commitments.services import commitment_create

    if competence.municipality_id != school.municipality_id:
        raise ValidationError(_("Kompetensen hör till en annan kommun."))
    level = Membership.objects.filter(municipality_id=school.municipality_id, user=owner).values_list(
        "level", flat=True).first()
    if level is None:
        raise ValidationError({"owner": _("Den ansvariga är inte med i kommunen.")})
    with transaction.atomic():
        commitment = commitment_create(
            municipality=school.municipality, created_by=created_by, title=" ".join(title.split())[:200],
            due_on=due_on, levels=[level], owner=owner, schools=[school],
            description=_("Kompetensplan för %(s)s: %(c)s.") % {"s": school.name, "c": competence.title},
        )
        return PlanAction.objects.create(municipality_id=school.municipality_id, school=school,
                                         competence=competence, commitment=commitment)


# --- Visa & berätta ------------------------------------------------------------------------------

def routine_applies_to(routine: Routine, school: School) -> bool:
    return routine.municipality_id == school.municipality_id and routine.school_id in (None, school.pk)


def show_and_tell_create(*, school: School, routine: Routine, presenter, checker, held_on: datetime.date,
                         practice: str, note: str = "") -> ShowAndTell:
    """A session at one school: a member of its staff shows, another checks against the checklist."""
    if not routine_applies_to(routine, school):
        raise ValidationError({"routine": _("Rutinen gäller inte den här skolan.")})
    if not ChecklistItem.objects.filter(routine=routine).exists():
        raise ValidationError({"routine": _("Rutinen har ingen checklista ännu.")})
    staff = set(Membership.objects.filter(municipality_id=school.municipality_id, school=school,
                                          level__in=STAFF_LEVELS).values_list("user_id", flat=True))
    if presenter.pk not in staff:
        raise ValidationError({"presenter": _("Den som visar arbetar inte på skolan.")})
    if checker is None or checker.pk not in staff:
        raise ValidationError({"checker": _("Den som kontrollerar arbetar inte på skolan.")})
    if checker.pk == presenter.pk:
        raise ValidationError({"presenter": _("En kollega eller ledare kontrollerar: välj någon annan än dig själv.")})
    session = ShowAndTell(municipality_id=school.municipality_id, school=school, routine=routine,
                          presenter=presenter, checker=checker, held_on=held_on, practice=" ".join(practice.split()),
                          note=note.strip())
    session.full_clean(exclude=["municipality", "school", "routine", "presenter", "checker"])
    session.save()
    return session


@transaction.atomic
def show_and_tell_check(*, session: ShowAndTell, results: dict[int, tuple[str, str]], note: str = "") -> ShowAndTell:
    """Each checklist point shown, partly or not yet, with a note; a point left out has no check."""
    items = set(ChecklistItem.objects.filter(routine_id=session.routine_id).values_list("pk", flat=True))
    if not set(results) <= items:
        raise ValidationError(_("En punkt hör inte till rutinens checklista."))
    existing = {c.item_id: c for c in SessionCheck.objects.filter(session=session)}
    for item_id, (result, text) in results.items():
        if result and result not in CheckResult.values:
            raise ValidationError(_("Välj visat, delvis eller inte ännu."))
        check = existing.get(item_id)
        if not result:
            if check is not None:
                check.delete()
            continue
        check = check or SessionCheck(session=session, item_id=item_id)
        check.result, check.note = result, " ".join(text.split())[:500]
        check.save()
    session.note = note.strip()
    session.save(update_fields=["note"])
    return session
