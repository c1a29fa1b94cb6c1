"""Writes of the quality work. Keyword-only, typed; bad input raises ValidationError with Swedish text."""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import date_text
from municipalities.models import Membership, Municipality, School

from .models import (
    Action,
    AnalysedResult,
    Cause,
    Confirmation,
    Dialogue,
    DocumentStatus,
    Evaluation,
    EvaluationTemplate,
    Principle,
    PrincipleSet,
    QualityDocument,
    Routine,
    RoutineTask,
    Source,
)
from .selectors import school_year_bounds

logger = logging.getLogger(__name__)

SOFT_TIME_LIMIT = 120
TIME_LIMIT = 150


# --- 1 Vetenskaplig grund ------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceData:
    author: str
    title: str
    year: int | None
    url: str


SOURCE_LINE = re.compile(r"\s*\|\s*")


def parse_sources(text: str) -> list[SourceData]:
    """One source per line: ``Författare | Titel | År | Länk`` (year and link may be left out)."""
    from django.core.validators import URLValidator

    out, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = SOURCE_LINE.split(line.strip())
        if len(parts) < 2 or not parts[0] or not parts[1]:
            errors.append(_("Rad %(n)s: skriv minst ”Författare | Titel”.") % {"n": number})
            continue
        year = None
        if len(parts) > 2 and parts[2]:
            if not parts[2].isascii() or not parts[2].isdigit() or not 1800 <= int(parts[2]) <= 2100:
                errors.append(_("Rad %(n)s: året ska vara fyra siffror, t.ex. 2019.") % {"n": number})
                continue
            year = int(parts[2])
        url = parts[3] if len(parts) > 3 else ""
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors.append(_("Rad %(n)s: länken ska börja med https:// eller http://.") % {"n": number})
                continue
        out.append(SourceData(parts[0][:200], parts[1][:300], year, url[:200]))
    if errors:
        raise ValidationError(errors)
    return out


def _require_draft(principle_set: PrincipleSet) -> None:
    if principle_set.is_adopted:
        raise ValidationError(_("Versionen är antagen och kan inte ändras. Gör en ny version."))


@transaction.atomic
def principle_set_create(*, municipality: Municipality, created_by, title: str, introduction: str = "",
                         copy_of: PrincipleSet | None = None) -> PrincipleSet:
    """A new draft version; with ``copy_of`` (an earlier version) its principles and sources come along."""
    if not title.strip():
        raise ValidationError({"title": _("Skriv en rubrik.")})
    last = PrincipleSet.objects.filter(municipality=municipality).aggregate(v=Max("version"))["v"] or 0
    new = PrincipleSet.objects.create(
        municipality=municipality, title=title.strip(), introduction=introduction.strip(), version=last + 1,
        created_by=created_by,
    )
    if copy_of is not None:
        _copy_principles(source=copy_of, target=new)
    return new


def _copy_principles(*, source: PrincipleSet, target: PrincipleSet) -> None:
    for p in source.principles.prefetch_related("sources"):
        copy = Principle.objects.create(principle_set=target, title=p.title, classroom=p.classroom, position=p.position)
        Source.objects.bulk_create(
            Source(principle=copy, author=s.author, title=s.title, year=s.year, url=s.url) for s in p.sources.all()
        )


def principle_set_update(*, principle_set: PrincipleSet, title: str, introduction: str) -> PrincipleSet:
    _require_draft(principle_set)
    if not title.strip():
        raise ValidationError({"title": _("Skriv en rubrik.")})
    principle_set.title, principle_set.introduction = title.strip(), introduction.strip()
    principle_set.save(update_fields=["title", "introduction"])
    return principle_set


@transaction.atomic
def principle_save(*, principle_set: PrincipleSet, title: str, classroom: str, sources: list[SourceData],
                   principle: Principle | None = None) -> Principle:
    _require_draft(principle_set)
    if principle is None:
        position = (principle_set.principles.aggregate(p=Max("position"))["p"] or 0) + 1
        principle = Principle.objects.create(principle_set=principle_set, title=title.strip(),
                                             classroom=classroom.strip(), position=position)
    else:
        principle.title, principle.classroom = title.strip(), classroom.strip()
        principle.save(update_fields=["title", "classroom"])
        principle.sources.all().delete()
    for s in sources:
        Source.objects.create(principle=principle, author=s.author, title=s.title, year=s.year, url=s.url)
    return principle


def principle_delete(*, principle: Principle) -> None:
    _require_draft(principle.principle_set)
    principle.delete()


def principle_set_adopt(*, principle_set: PrincipleSet, adopted_by, adopted_on: datetime.date) -> PrincipleSet:
    """Förvaltning adopts a draft; from then on members confirm it and it cannot change."""
    _require_draft(principle_set)
    if not principle_set.principles.exists():
        raise ValidationError(_("Lägg till minst en princip innan versionen antas."))
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("Datumet för beslutet kan inte ligga i framtiden.")})
    principle_set.adopted_on, principle_set.adopted_by = adopted_on, adopted_by
    principle_set.save(update_fields=["adopted_on", "adopted_by"])
    return principle_set


def confirmation_create(*, principle_set: PrincipleSet, user) -> Confirmation:
    """Kvittens: "jag har läst och diskuterat". Once per person and version; again is a no-op."""
    if not principle_set.is_adopted:
        raise ValidationError(_("Bara en antagen version kan kvitteras."))
    confirmation, _created = Confirmation.objects.get_or_create(principle_set=principle_set, user=user)
    return confirmation


def principle_reminders_send(*, principle_set_id: int) -> int:
    """E-mail each member who has not confirmed the version (the worker's job; once per person and version)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from commitments.services import _opted_out_user_ids, _send_once

    from .selectors import unconfirmed_user_ids

    principle_set = PrincipleSet.objects.select_related("municipality").get(pk=principle_set_id)
    if not principle_set.is_adopted:
        return 0
    skip = _opted_out_user_ids()
    ids = [i for i in unconfirmed_user_ids(principle_set=principle_set) if i not in skip]
    path = reverse("quality:principles", kwargs={"municipality": principle_set.municipality.slug})
    sent = 0
    for user in get_user_model().objects.filter(pk__in=ids, is_active=True):
        sent += _send_once(
            user=user, kind="principles", object_id=principle_set.pk, window=f"v{principle_set.version}",
            subject=_("Läs och kvittera vår vetenskapliga grund"),
            text=_("%(m)s har antagit version %(v)s av sin vetenskapliga grund. Läs den, diskutera den "
                   "med dina kollegor och kvittera att du har gjort det.") % {
                "m": principle_set.municipality.name, "v": principle_set.version},
            path=path,
        )
    return sent


# --- 2 Rutiner och årsklocka ---------------------------------------------------------------------

def _check_school(municipality: Municipality, school: School | None) -> None:
    if school is not None and school.municipality_id != municipality.pk:
        raise ValidationError({"school": _("Skolan hör inte till kommunen.")})


def _check_people(municipality: Municipality, people) -> None:
    ids = {u.pk for u in people}
    if ids and Membership.objects.filter(municipality=municipality, user_id__in=ids).count() != len(ids):
        raise ValidationError({"people": _("Välj personer som är medlemmar i kommunen.")})


@transaction.atomic
def routine_save(*, municipality: Municipality, title: str, month: int, routine: Routine | None = None,
                 school: School | None = None, who_level: str = "", who_role: str = "", people=(),
                 week: int | None = None, steps: str = "") -> Routine:
    people = list(people)
    _check_school(municipality, school)
    _check_people(municipality, people)
    if month == 7:
        raise ValidationError({"month": _("Juli är inte med i läsåret. Välj augusti–juni.")})
    if not (who_level or who_role.strip() or people):
        raise ValidationError({"who_level": _("Säg vem som gör det: en nivå, en roll eller namngivna personer.")})
    routine = routine or Routine(municipality=municipality)
    routine.school, routine.title, routine.month, routine.week = school, title.strip(), month, week
    routine.who_level, routine.who_role, routine.steps = who_level, who_role.strip(), steps.strip()
    routine.save()
    routine.people.set(people)
    return routine


def routine_due_date(*, routine: Routine, school_year: int) -> datetime.date:
    """The last day of the routine's month (or the Friday of its week) in the given school year."""
    import calendar

    year = school_year if routine.month >= 7 else school_year + 1
    if routine.week:
        try:
            friday = datetime.date.fromisocalendar(year, routine.week, 5)
        except ValueError:
            friday = None
        if friday is not None:
            return friday
    return datetime.date(year, routine.month, calendar.monthrange(year, routine.month)[1])


def _owners(routine: Routine) -> list:
    """Named people own their task; otherwise the members of the level (at the school, if any)."""
    people = list(routine.people.all())
    if people:
        return people
    if routine.who_level:
        qs = Membership.objects.filter(municipality_id=routine.municipality_id, level=routine.who_level)
        if routine.school_id:
            qs = qs.filter(school_id=routine.school_id)
        return [m.user for m in qs.select_related("user")]
    return []


@transaction.atomic
def routine_tasks_generate(*, municipality: Municipality, school_year: int) -> int:
    """Make each routine a dated task per owner for the school year; existing tasks are kept."""
    start, end = school_year_bounds(school_year)
    existing = set(
        RoutineTask.objects.filter(routine__municipality=municipality, school_year=school_year)
        .values_list("routine_id", "owner_id")
    )
    new = []
    for routine in Routine.objects.filter(municipality=municipality).prefetch_related("people"):
        due = routine_due_date(routine=routine, school_year=school_year)
        for owner in _owners(routine):
            if (routine.pk, owner.pk) not in existing:
                new.append(RoutineTask(routine=routine, school_year=school_year, due_on=due, owner=owner))
    RoutineTask.objects.bulk_create(new)  # the tenant QuerySet renews the municipality's kept pages
    return len(new)


def routine_task_tick(*, task: RoutineTask, user, comment: str, done: bool = True,
                      today: datetime.date | None = None) -> RoutineTask:
    if done:
        task.done_on = today or timezone.localdate()
        task.done_by = user
    else:
        task.done_on, task.done_by = None, None
    task.comment = comment.strip()
    task.save(update_fields=["done_on", "done_by", "comment"])
    return task


# --- 5 Analysarbete ------------------------------------------------------------------------------

def evaluation_template_save(*, municipality: Municipality, name: str, headings: str,
                             template: EvaluationTemplate | None = None) -> EvaluationTemplate:
    if not any(line.strip() for line in headings.splitlines()):
        raise ValidationError({"headings": _("Skriv minst en rubrik.")})
    template = template or EvaluationTemplate(municipality=municipality)
    template.name, template.headings = name.strip(), headings.strip()
    template.save()
    return template


def evaluation_create(*, municipality: Municipality, created_by, kind: str, held_on: datetime.date, title: str,
                      school: School | None = None, template: EvaluationTemplate | None = None) -> Evaluation:
    _check_school(municipality, school)
    if template is not None and template.municipality_id != municipality.pk:
        raise ValidationError({"template": _("Mallen hör inte till kommunen.")})
    sections = [{"heading": h, "prompt": p, "text": ""} for h, p in (template.heading_list if template else [])]
    return Evaluation.objects.create(
        municipality=municipality, school=school, kind=kind, held_on=held_on, title=title.strip(),
        template=template, sections=sections, created_by=created_by,
    )


def evaluation_sections_save(*, evaluation: Evaluation, texts: list[str]) -> Evaluation:
    sections = list(evaluation.sections)
    for section, text in zip(sections, texts, strict=False):
        section["text"] = text.strip()[:5000]
    evaluation.sections = sections
    evaluation.save(update_fields=["sections"])
    return evaluation


def _same_municipality(evaluation: Evaluation, **objs) -> None:
    errors = {}
    for name, obj in objs.items():
        if obj is not None and getattr(obj, "municipality_id", evaluation.municipality_id) != evaluation.municipality_id:
            errors[name] = _("Det valda hör inte till kommunen.")
    if errors:
        raise ValidationError(errors)


def result_add(*, evaluation: Evaluation, text: str, goal=None, indicator=None, statement=None) -> AnalysedResult:
    _same_municipality(evaluation, goal=goal)
    position = (evaluation.results.aggregate(p=Max("position"))["p"] or 0) + 1
    return AnalysedResult.objects.create(evaluation=evaluation, text=text.strip(), goal=goal, indicator=indicator,
                                         statement=statement, position=position)


def cause_add(*, result: AnalysedResult, text: str, evidence: str) -> Cause:
    if not evidence.strip():
        raise ValidationError({"evidence": _("Ange belägg för orsaken: vad visar att det är så?")})
    return Cause.objects.create(result=result, text=text.strip(), evidence=evidence.strip())


@transaction.atomic
def action_add(*, result: AnalysedResult, created_by, text: str, expected_effect: str, expected_by: datetime.date,
               cause: Cause | None = None, becomes: str = "", owner=None, routine: Routine | None = None) -> Action:
    """The action chosen; ``becomes="commitment"`` makes it a commitment with an owner at once."""
    from commitments.services import commitment_create

    evaluation = result.evaluation
    if cause is not None and cause.result_id != result.pk:
        raise ValidationError({"cause": _("Orsaken hör till ett annat resultat.")})
    if expected_by <= evaluation.held_on:
        raise ValidationError({"expected_by": _("Effekten ska förväntas efter utvärderingens datum.")})
    _same_municipality(evaluation, routine=routine)
    commitment = None
    if becomes == "commitment":
        commitment = commitment_create(
            municipality=evaluation.municipality, created_by=created_by, title=text.strip()[:200],
            due_on=expected_by, levels=_owner_levels(evaluation.municipality, owner), owner=owner,
            description=_("Från %(e)s: %(r)s") % {"e": evaluation.title, "r": result.text},
            schools=[evaluation.school] if evaluation.school_id else [],
        )
    return Action.objects.create(
        result=result, cause=cause, text=text.strip(), expected_effect=expected_effect.strip(),
        expected_by=expected_by, commitment=commitment, routine=routine,
    )


def action_follow_up(*, action: Action, evaluation: Evaluation, outcome: str, observed_effect: str) -> Action:
    """At the next evaluation: did the effect come? What do we see?"""
    if action.result.evaluation.municipality_id != evaluation.municipality_id:
        raise ValidationError(_("Åtgärden hör inte till kommunen."))
    if not observed_effect.strip():
        raise ValidationError({"observed_effect": _("Beskriv vad ni ser nu.")})
    action.outcome, action.observed_effect, action.observed_in = outcome, observed_effect.strip(), evaluation
    action.save(update_fields=["outcome", "observed_effect", "observed_in"])
    return action


def _owner_levels(municipality: Municipality, owner) -> list[str]:
    """A commitment made here is the owner's level's (commitments need one; the service checks it)."""
    level = Membership.objects.filter(municipality=municipality, user=owner).values_list("level", flat=True).first()
    return [level] if level else []


# --- 6 Kvalitetsdialoger -------------------------------------------------------------------------

def dialogue_agenda(*, municipality: Municipality, school: School | None, today: datetime.date | None = None) -> str:
    """The agenda, prefilled from the school's (or the municipality's) latest figures.

    Each source is one call: the statistics, the school's progression (progression.selectors),
    its teaching quality from lesson visits (teaching.selectors, aggregates only), the goals, the latest analysis and the principals' time (principal_time.selectors). The text
    is read by every member who opens the dialogue, so it holds only what they may see: a
    principal's own time log is shown beside it, on the page, to the principal and förvaltning.
    """
    today = today or timezone.localdate()
    lines = [_("1. Läget: resultat och progression")]
    lines += _agenda_figures(municipality=municipality, school=school)
    lines += _agenda_progression(school=school)
    lines += _agenda_teaching(school=school, today=today)
    lines.append(_("2. Målens status"))
    lines += _agenda_goals(municipality=municipality, school=school)
    lines.append(_("3. Senaste analysen"))
    lines += _agenda_analysis(municipality=municipality, school=school)
    lines.append(_("4. Tid för pedagogiskt ledarskap"))
    lines += _agenda_time(municipality=municipality, school=school, today=today)
    lines.append(_("5. Överenskomna åtgärder och uppföljning"))
    return "\n".join(lines)


def _agenda_figures(*, municipality: Municipality, school: School | None) -> list[str]:
    from indicators.models import Measurement, OrganiserType

    lines = []
    # The municipality's own schools: independent and state schools' figures are other organisers'.
    base = (Measurement.objects.filter(municipality=municipality, value__isnull=False).select_related("indicator")
            .exclude(indicator__organiser_type__in=[OrganiserType.INDEPENDENT, OrganiserType.STATE]))
    qs = base.filter(school=school) if school is not None else base.filter(school__isnull=True)
    latest_year = qs.aggregate(y=Max("school_year"))["y"]
    if latest_year is None and school is not None:
        # No figures of the school's own yet: the municipality's, said as such.
        lines.append("   – " + _("Skolan har inga egna siffror ännu; kommunens:"))
        qs = base.filter(school__isnull=True)
        latest_year = qs.aggregate(y=Max("school_year"))["y"]
    if latest_year:
        # Where Skolverket gives both "samtliga huvudmän" and "kommunal", the municipality's own
        # schools (kommunal) are the ones the dialogue is about: one line per measure, not two.
        chosen: dict[tuple, object] = {}
        for m in qs.filter(school_year=latest_year).order_by("indicator__name", "grade")[:40]:
            i = m.indicator
            key = (i.name, i.subject, i.gender_group, m.grade)
            if key not in chosen or i.organiser_type == OrganiserType.MUNICIPAL:
                chosen[key] = m
        for m in list(chosen.values())[:8]:
            prev = qs.filter(indicator_id=m.indicator_id, grade=m.grade, school_year=latest_year - 1).first()
            last_year = _("förra året")  # outside the f-string, where makemessages sees it
            change = f" ({last_year} {prev.display_value})" if prev is not None and prev.value is not None else ""
            # The label tells siblings apart (subject, gender, organiser type); values have a decimal comma.
            lines.append(f"   – {m.indicator.label}{f', åk {m.grade}' if m.grade else ''}: {m.display_value} "
                         f"({m.school_year_label}){change}")
    else:
        lines.append("   – " + _("Inga siffror finns ännu."))
    return lines


def _agenda_progression(*, school: School | None) -> list[str]:
    """The school's classes followed over time, with value added (aggregates, anonymity applied)."""
    from progression.selectors import school_progression_summary

    if school is None:
        return []
    summary = school_progression_summary(school=school)
    if not summary.has_data:
        return ["   – " + _("Progression: skolan har inga klassresultat i verktyget ännu.")]
    return ["   – " + _("Progression (samma klasser över tid):")] + [f"     · {line}" for line in summary.as_text()]


def _agenda_teaching(*, school: School | None, today: datetime.date) -> list[str]:
    """The school's picture from lesson visits: strengths, development areas, the plan's focus."""
    from teaching.selectors import school_teaching_summary

    if school is None:
        return []
    summary = school_teaching_summary(school=school, today=today)
    lines = ["   – " + _("Undervisningens kvalitet: %(n)s lektionsbesök i år.") % {"n": summary.visits_this_year}]
    if summary.available:
        lines.append("     · " + _("Styrkor (%(term)s): %(s)s") % {
            "term": summary.latest_term, "s": ", ".join(summary.strengths) or "–"})
        lines.append("     · " + _("Utvecklingsområden (%(term)s): %(d)s") % {
            "term": summary.latest_term, "d": ", ".join(summary.development_areas) or "–"})
    else:
        lines.append("     · " + _("För få besök hittills för att visa skolans bild."))
    if summary.focus:
        lines.append("     · " + _("Planens fokus: %(f)s") % {"f": ", ".join(summary.focus)})
    return lines


def _agenda_goals(*, municipality: Municipality, school: School | None) -> list[str]:
    from goals.models import Goal

    goals = Goal.objects.filter(municipality=municipality)
    if school is not None:
        goals = goals.filter(school=school) | Goal.objects.filter(municipality=municipality, school__isnull=True)
    return [f"   – {g.title}: {g.get_status_display()}" for g in goals.order_by("pk")[:8]]


def _agenda_analysis(*, municipality: Municipality, school: School | None) -> list[str]:
    from .models import Evaluation

    ev = Evaluation.objects.filter(municipality=municipality, school=school).order_by("-held_on").first()
    if ev is None:
        return ["   – " + _("Ingen utvärdering ännu.")]
    return [f"   – {ev.title} ({date_text(ev.held_on)})"] + [f"     · {r.text}" for r in ev.results.all()[:5]]


def _agenda_time(*, municipality: Municipality, school: School | None, today: datetime.date) -> list[str]:
    """Dimension 7: for a school, a pointer to the principal's own figures (shown on the dialogue
    page to the principal and förvaltning only); for the board's dialogue, the municipality's status."""
    from principal_time.selectors import time_status

    if school is not None:
        return ["   – " + _("Rektorns mål och veckor mot målet: se ”Rektorns tid” på dialogsidan "
                            "(syns för rektorn och förvaltningen).")]
    return ["   – " + time_status(municipality=municipality, today=today).summary]


def dialogue_create(*, municipality: Municipality, created_by, title: str, starts_at: datetime.datetime,
                    school: School | None = None, duration_minutes: int = 90, place: str = "") -> Dialogue:
    _check_school(municipality, school)
    return Dialogue.objects.create(
        municipality=municipality, school=school, title=title.strip(), starts_at=starts_at,
        duration_minutes=duration_minutes, place=place.strip(), created_by=created_by,
        agenda=dialogue_agenda(municipality=municipality, school=school),
    )


def dialogue_update(*, dialogue: Dialogue, agenda: str, minutes: str) -> Dialogue:
    dialogue.agenda, dialogue.minutes = agenda.strip(), minutes.strip()
    dialogue.save(update_fields=["agenda", "minutes"])
    return dialogue


@transaction.atomic
def dialogue_action_add(*, dialogue: Dialogue, created_by, title: str, owner, due_on: datetime.date):
    """An agreed action becomes a commitment with an owner, linked to the dialogue."""
    from commitments.services import commitment_create

    commitment = commitment_create(
        municipality=dialogue.municipality, created_by=created_by, title=title.strip()[:200], due_on=due_on,
        levels=_owner_levels(dialogue.municipality, owner), owner=owner, description=_("Överenskommet i kvalitetsdialogen %(d)s.") % {"d": dialogue.title},
        schools=[dialogue.school] if dialogue.school_id else [],
    )
    dialogue.commitments.add(commitment)
    return commitment


# --- Generated PDFs ------------------------------------------------------------------------------

def document_request(*, municipality: Municipality, kind: str, requested_by, principle_set: PrincipleSet | None = None,
                     dialogue: Dialogue | None = None, school: School | None = None) -> QualityDocument:
    """A row the worker fills; the task is sent when the row is committed."""
    from .tasks import render_document

    with transaction.atomic():
        doc = QualityDocument.objects.create(municipality=municipality, kind=kind, requested_by=requested_by,
                                             principle_set=principle_set, dialogue=dialogue, school=school)
        transaction.on_commit(lambda: render_document.delay(doc.pk))
    return doc


def document_render(*, document_id: int) -> QualityDocument | None:
    from reports.pdf import html_to_pdf

    from .pdf import document_html

    doc = QualityDocument.objects.select_related("municipality", "principle_set", "dialogue", "school").filter(
        pk=document_id).first()
    if doc is None or doc.status not in (DocumentStatus.QUEUED, DocumentStatus.RUNNING):
        return None
    QualityDocument.objects.filter(pk=doc.pk).update(status=DocumentStatus.RUNNING)
    pdf = html_to_pdf(html=document_html(document=doc))
    doc.file.save(f"{doc.kind}.pdf", ContentFile(pdf), save=False)
    doc.status, doc.finished_at, doc.error = DocumentStatus.DONE, timezone.now(), ""
    doc.save(update_fields=["file", "status", "finished_at", "error"])
    return doc


def document_fail(*, document_id: int) -> None:
    QualityDocument.objects.filter(pk=document_id).exclude(status=DocumentStatus.DONE).update(
        status=DocumentStatus.FAILED, finished_at=timezone.now(),
        error=_("Dokumentet kunde inte skapas på grund av ett tekniskt fel. Försök igen om en stund."),
    )




# --- Reminders -----------------------------------------------------------------------------------

def routine_task_reminders_send(*, today: datetime.date, skip_user_ids: set[int]):
    """Owners of routine tasks: once per due date when the task is due within seven days, and once a
    week when it is overdue (commitments.services.reminders_send). For those who chose the weekly
    digest the reminders are kept for it."""
    from functools import partial

    from django.urls import reverse

    from commitments.services import REMINDER_DUE_WITHIN_DAYS, _digest_user_ids, _send_once
    from core.dates import date_text
    from core.mail import SendTally, send_isolated

    from .crosstenant import routine_tasks_due

    tally = SendTally()
    year, week, _day = today.isocalendar()
    horizon = today + datetime.timedelta(days=REMINDER_DUE_WITHIN_DAYS)
    digest = _digest_user_ids()
    for task in routine_tasks_due(horizon=horizon, skip_user_ids=skip_user_ids):
        routine = task.routine
        path = reverse("quality:task", kwargs={"municipality": routine.municipality.slug, "pk": task.pk})
        facts = {"title": routine.title, "municipality": routine.municipality.name, "date": date_text(task.due_on)}
        if task.due_on < today:
            kind, window = "routine_overdue", f"{year}-W{week:02d}"
            subject = _("Försenad rutin: %(title)s") % facts
            text = _("Rutinen ”%(title)s” i %(municipality)s skulle vara gjord %(date)s. Bocka av den när "
                     "den är gjord, gärna med en kommentar.") % facts
        else:
            kind, window = "routine_due", task.due_on.isoformat()
            subject = _("Rutin att göra: %(title)s") % facts
            text = _("Rutinen ”%(title)s” i %(municipality)s ska vara gjord %(date)s. Bocka av den när "
                     "den är gjord, gärna med en kommentar.") % facts
        send_isolated(
            tally,
            partial(
                _send_once, user=task.owner, kind=kind, object_id=task.pk, window=window,
                subject=subject, text=text, path=path, digest=task.owner_id in digest,
            ),
            what=f"påminnelse om rutinuppgift {task.pk} till användare {task.owner_id}",
        )
    return tally
