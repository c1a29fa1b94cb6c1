"""Writes of the teaching-quality tool: the rubric's versions, lesson visits, comments and plans."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from municipalities.models import Level, Membership, Municipality, School

from .models import SCALE_MAX, SCALE_MIN, Aspect, AspectScore, LessonVisit, Rubric, TeachingPlan
from .selectors import current_rubric, term_of

# A first draft förvaltning can start from (the examples); it is theirs to rewrite.
STARTER_SCALE = ["Syns inte", "Syns delvis", "Syns tydligt", "Syns genomgående"]
STARTER_ASPECTS = [
    ("tydlig-struktur", "Tydlig struktur",
     "Lektionen har ett synligt mål, en tydlig start och ett avslut där eleverna visar vad de har lärt sig."),
    ("studiero", "Studiero",
     "Eleverna kommer snabbt i gång, övergångar går smidigt och ingen tid går förlorad."),
    ("varje-elev-aktiv", "Varje elev aktiv",
     "Alla elever tänker och svarar, inte bara de som räcker upp handen: svarskort, samtalspartner, no hands up."),
    ("formativ-aterkoppling", "Formativ återkoppling",
     "Läraren tar reda på var eleverna är under lektionen och ändrar undervisningen efter det."),
]


@dataclass
class AspectData:
    title: str
    description: str = ""
    key: str = ""  # empty for a new aspect: made from the title


# --- The rubric ----------------------------------------------------------------------------------

def _require_draft(rubric: Rubric) -> None:
    if rubric.is_adopted:
        raise ValidationError(_("Versionen är antagen och kan inte ändras. Gör en ny version."))


@transaction.atomic
def rubric_create(*, municipality: Municipality, created_by, copy_of: Rubric | None = None) -> Rubric:
    """A new draft version: a copy of ``copy_of`` (keys kept), or the starter rubric."""
    last = Rubric.objects.filter(municipality=municipality).order_by("-version").first()
    draft = Rubric.objects.create(
        municipality=municipality, created_by=created_by, version=(last.version + 1) if last else 1,
        title=copy_of.title if copy_of else _("Undervisningens kvalitet"),
        scale=list(copy_of.scale) if copy_of else list(STARTER_SCALE),
    )
    if copy_of is not None:
        source = [(a.key, a.title, a.description) for a in copy_of.aspects.all()]
    else:
        source = STARTER_ASPECTS
    Aspect.objects.bulk_create(
        Aspect(rubric=draft, key=key, title=title, description=description, position=i)
        for i, (key, title, description) in enumerate(source)
    )
    return draft


@transaction.atomic
def rubric_update(*, rubric: Rubric, title: str, scale: list[str], aspects: list[AspectData]) -> Rubric:
    """A draft's title, scale and aspects (in order). An aspect keeps its key when it is kept."""
    _require_draft(rubric)
    scale = [s.strip() for s in scale if s.strip()]
    if not SCALE_MIN <= len(scale) <= SCALE_MAX:
        raise ValidationError({"scale": _("Skalan ska ha %(a)s till %(b)s steg, ett per rad.")
                               % {"a": SCALE_MIN, "b": SCALE_MAX}})
    aspects = [a for a in aspects if a.title.strip()]
    if not aspects:
        raise ValidationError(_("Matrisen behöver minst en aspekt."))
    existing = set(rubric.aspects.values_list("key", flat=True))
    used = {a.key for a in aspects if a.key in existing}
    for data in aspects:
        if data.key in existing:
            continue
        # A new aspect: its key from its title, so an aspect written again gets its old key back.
        base = slugify(data.title)[:50] or "aspekt"
        key, n = base, 2
        while key in used:
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        data.key = key
    keys = [a.key for a in aspects]
    rubric.title = title.strip()
    rubric.scale = scale
    rubric.save(update_fields=["title", "scale"])
    rubric.aspects.exclude(key__in=keys).delete()
    kept = {a.key: a for a in rubric.aspects.all()}
    for position, data in enumerate(aspects):
        aspect = kept.get(data.key) or Aspect(rubric=rubric, key=data.key)
        aspect.title, aspect.description, aspect.position = data.title.strip(), data.description.strip(), position
        kept[data.key] = aspect
    Aspect.objects.bulk_update([a for a in kept.values() if a.pk], ["title", "description", "position"])
    Aspect.objects.bulk_create([a for a in kept.values() if not a.pk])
    return rubric


def rubric_adopt(*, rubric: Rubric, adopted_by, adopted_on: datetime.date) -> Rubric:
    """From now on new visits use this version; earlier visits keep the version they used."""
    _require_draft(rubric)
    if not rubric.aspects.exists():
        raise ValidationError(_("Matrisen behöver minst en aspekt."))
    newer = Rubric.objects.filter(municipality_id=rubric.municipality_id, adopted_on__isnull=False,
                                  version__gt=rubric.version).exists()
    if newer:
        raise ValidationError(_("En senare version är redan antagen."))
    rubric.adopted_on, rubric.adopted_by = adopted_on, adopted_by
    rubric.save(update_fields=["adopted_on", "adopted_by"])
    return rubric


# --- Lesson visits -------------------------------------------------------------------------------

def visit_teachers(*, school: School) -> list:
    """Who a principal may record a visit for: the school's teachers."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(
        pk__in=Membership.objects.filter(school=school, level=Level.LARARE).values("user_id")
    ).order_by("full_name", "email"))


@transaction.atomic
def visit_record(
    *, municipality: Municipality, school: School, visitor, teacher, visited_on: datetime.date,
    scores: dict[int, int], lesson: str = "", strengths: str = "", to_develop: str = "", note: str = "",
    rubric: Rubric | None = None, today: datetime.date | None = None,
) -> LessonVisit:
    """A lesson visit scored on the rubric in force (``scores``: aspect id -> step, unscored aspects left out).

    Only a visit of the running term is taken: an ended term's figures are what förvaltning has
    seen (teaching.selectors), and a late visit would change them by exactly that one visit.
    """
    today = today or timezone.localdate()
    rubric = rubric or current_rubric(municipality=municipality)
    if rubric is None or not rubric.is_adopted or rubric.municipality_id != municipality.pk:
        raise ValidationError(_("Förvaltningen har inte antagit någon bedömningsmatris ännu."))
    if school.municipality_id != municipality.pk:
        raise ValidationError(_("Skolan hör inte till kommunen."))
    if not Membership.objects.filter(municipality=municipality, school=school, user=teacher,
                                     level=Level.LARARE).exists():
        raise ValidationError({"teacher": _("Välj en lärare på skolan.")})
    if visited_on > today:
        raise ValidationError({"visited_on": _("Besöket kan inte ligga i framtiden.")})
    if term_of(visited_on) != term_of(today):
        raise ValidationError({"visited_on": _("Besöket måste vara från den här terminen: en avslutad termins bild ändras inte.")})
    aspects = {a.pk: a for a in rubric.aspects.all()}
    if any(pk not in aspects for pk in scores) or any(not 1 <= s <= rubric.top for s in scores.values()):
        raise ValidationError(_("Ett betyg hör inte till matrisen."))
    visit = LessonVisit.objects.create(
        municipality=municipality, school=school, rubric=rubric, teacher=teacher, visitor=visitor,
        visited_on=visited_on, term=term_of(visited_on), lesson=lesson.strip(), strengths=strengths.strip(),
        to_develop=to_develop.strip(), note=note.strip(),
    )
    AspectScore.objects.bulk_create(AspectScore(visit=visit, aspect=aspects[pk], score=s) for pk, s in scores.items())
    return visit


def visit_comment(*, visit: LessonVisit, teacher, text: str) -> LessonVisit:
    """The teacher's own comment on a visit (replaces an earlier one)."""
    if visit.teacher_id != teacher.pk:
        raise ValidationError(_("Bara läraren som fick besöket kan kommentera det."))
    visit.teacher_comment = text.strip()
    visit.teacher_commented_at = timezone.now() if visit.teacher_comment else None
    visit.save(update_fields=["teacher_comment", "teacher_commented_at"])
    return visit


# --- The school's plan ---------------------------------------------------------------------------

def plan_save(*, school: School, school_year: int, focus_keys: list[str], why: str, effect: str,
              updated_by) -> TeachingPlan:
    plan, _created = TeachingPlan.objects.update_or_create(
        school=school, school_year=school_year,
        defaults={"municipality_id": school.municipality_id, "focus_keys": list(focus_keys), "why": why.strip(),
                  "effect": effect.strip(), "updated_by": updated_by},
    )
    return plan


@transaction.atomic
def plan_action_add(*, plan: TeachingPlan, created_by, title: str, owner, due_on: datetime.date):
    """An action of the plan becomes a commitment with an owner, for the plan's school."""
    from commitments.services import commitment_create

    level = Membership.objects.filter(municipality_id=plan.municipality_id, user=owner).values_list(
        "level", flat=True).first()
    commitment = commitment_create(
        municipality=plan.municipality, created_by=created_by, title=title.strip()[:200], due_on=due_on,
        levels=[level] if level else [], owner=owner, schools=[plan.school],
        description=_("En åtgärd i planen för bättre undervisning på %(s)s.") % {"s": plan.school.name},
    )
    plan.commitments.add(commitment)
    return commitment
