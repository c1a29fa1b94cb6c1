"""Reads of the quality work: the tools' status, the scientific basis, routines, evaluations, dialogues.

Every figure the start page, the self-assessment and the PDFs show comes from here, counted once.
Query counts do not grow with the number of members, routines or tasks (aggregates in the
database, prefetching for lists).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from municipalities.models import Level, Membership, Municipality, School
from principal_time.selectors import time_status
from progression.selectors import tool_status as progression_tool_status
from teaching.selectors import tool_status as teaching_tool_status

from .models import (
    SCHOOL_YEAR_MONTHS,
    Action,
    AnalysedResult,
    Confirmation,
    Dialogue,
    EffectOutcome,
    Evaluation,
    EvaluationTemplate,
    Principle,
    PrincipleSet,
    QualityDocument,
    Routine,
    RoutineTask,
    Source,
)

# The eight dimensions, keyed as the shipped Modellen 2.0 template's statements
# (reviews/migrations/0002_shipped_templates.py); the tool that holds each dimension's work.
DIMENSIONS = (
    (1, "vetenskaplig-grund", "quality:principles", gettext_lazy("Din skola på vetenskaplig grund")),
    (2, "rutiner-vad-vem-nar-hur", "quality:routines", gettext_lazy("Rutiner för er kultur kring Vad, Vem, När och HUR")),
    (3, "folj-progressionen", "progression:home", gettext_lazy("Följ progressionen – resultatstyrning med förädlingsvärden")),
    (4, "storst-skillnad", "teaching:home",
     gettext_lazy("Utveckla det som gör störst skillnad för elevernas lärande – systematiskt")),
    (5, "analysarbete", "quality:evaluations", gettext_lazy("Analysarbete – orsakssamband – vassare åtgärder")),
    (6, "rapportering-kvalitetsdialoger", "quality:dialogues",
     gettext_lazy("Meningsfull rapportering och kvalitetsdialoger")),
    (7, "frigor-tid", "principal_time:home", gettext_lazy("Frigör tid för ditt pedagogiska ledarskap")),
    (8, "luftfartsverket", "competence:home", gettext_lazy("Tänk som om Skolverket hade varit Luftfartsverket")),
)


def school_year_of(day: datetime.date) -> int:
    """The school year a day belongs to, by its autumn: 2027-03-01 is in 2026 (2026/27)."""
    return day.year if day.month >= 7 else day.year - 1


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 7, 1), datetime.date(year + 1, 6, 30)


def school_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


# --- 1 Vetenskaplig grund ------------------------------------------------------------------------

def current_principle_set(*, municipality: Municipality) -> PrincipleSet | None:
    """The adopted version in force: the latest adopted one."""
    return (
        PrincipleSet.objects.filter(municipality=municipality, adopted_on__isnull=False)
        .order_by("-version").first()
    )


def principle_sets(*, municipality: Municipality) -> list[PrincipleSet]:
    return list(
        PrincipleSet.objects.filter(municipality=municipality)
        .annotate(n_principles=Count("principles")).select_related("adopted_by").order_by("-version")
    )


def principle_set_get(*, municipality: Municipality, pk: int) -> PrincipleSet:
    ps = PrincipleSet.objects.filter(municipality=municipality, pk=pk).first()
    if ps is None:
        raise Http404(_("Versionen finns inte."))
    return ps


def principles_with_sources(*, principle_set: PrincipleSet) -> list[Principle]:
    return list(
        Principle.objects.filter(principle_set=principle_set)
        .prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("pk")))
    )


def principle_get(*, principle_set: PrincipleSet, pk: int) -> Principle:
    principle = Principle.objects.filter(principle_set=principle_set, pk=pk).first()
    if principle is None:
        raise Http404(_("Principen finns inte."))
    return principle


def has_confirmed(*, principle_set: PrincipleSet | None, user) -> bool:
    if principle_set is None:
        return False
    return Confirmation.objects.filter(principle_set=principle_set, user=user).exists()


@dataclass(frozen=True)
class CoverageRow:
    label: str
    members: int
    confirmed: int

    @property
    def percent(self) -> int:
        return round(100 * self.confirmed / self.members) if self.members else 0


@dataclass
class Coverage:
    total: CoverageRow
    by_level: list[CoverageRow]
    by_school: list[CoverageRow]


def confirmation_coverage(*, principle_set: PrincipleSet | None, municipality: Municipality) -> Coverage:
    """How many members confirmed the version, in all, per level and per school (two queries)."""
    confirmed_users = (
        Confirmation.objects.filter(principle_set=principle_set).values("user_id")
        if principle_set is not None else None
    )
    members = Membership.objects.filter(municipality=municipality)
    confirmed_filter = Q(user_id__in=confirmed_users) if confirmed_users is not None else Q(pk__in=[])
    rows = list(
        members.order_by().values_list("level", "school_id")
        .annotate(n=Count("id"), c=Count("id", filter=confirmed_filter))
    )
    school_names = dict(School.objects.filter(municipality=municipality).values_list("pk", "name"))
    per_level: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_school: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for level, school_id, n, c in rows:
        per_level[level][0] += n
        per_level[level][1] += c
        per_school[school_id][0] += n
        per_school[school_id][1] += c
    by_level = [
        CoverageRow(str(label), *per_level[value]) for value, label in Level.choices if per_level[value][0]
    ]
    by_school = sorted(
        (CoverageRow(school_names.get(sid, "?"), n, c) for sid, (n, c) in per_school.items() if sid is not None),
        key=lambda r: r.label,
    )
    if per_school.get(None):
        by_school.append(CoverageRow(_("Ingen skola (förvaltning, nämnd)"), *per_school[None]))
    total = CoverageRow(_("Alla"), sum(r.members for r in by_level), sum(r.confirmed for r in by_level))
    return Coverage(total=total, by_level=by_level, by_school=by_school)


def unconfirmed_user_ids(*, principle_set: PrincipleSet) -> list[int]:
    return list(
        Membership.objects.filter(municipality_id=principle_set.municipality_id)
        .exclude(user_id__in=Confirmation.objects.filter(principle_set=principle_set).values("user_id"))
        .order_by("user_id").values_list("user_id", flat=True)
    )


def documents(*, municipality: Municipality, kind: str, dialogue: Dialogue | None = None) -> list[QualityDocument]:
    qs = QualityDocument.objects.filter(municipality=municipality, kind=kind).select_related("requested_by")
    if dialogue is not None:
        qs = qs.filter(dialogue=dialogue)
    return list(qs[:10])


def document_get(*, municipality: Municipality, pk: int) -> QualityDocument:
    doc = QualityDocument.objects.filter(municipality=municipality, pk=pk).first()
    if doc is None:
        raise Http404(_("Dokumentet finns inte."))
    return doc


# --- 2 Rutiner och årsklocka ---------------------------------------------------------------------

def routines(*, municipality: Municipality, school_id: int | None = None) -> list[Routine]:
    qs = Routine.objects.filter(municipality=municipality).select_related("school").prefetch_related("people")
    if school_id is not None:
        qs = qs.filter(Q(school_id=school_id) | Q(school__isnull=True))
    return sorted(qs, key=lambda r: (r.school_year_position, r.week or 0, r.title))


def routine_get(*, municipality: Municipality, pk: int) -> Routine:
    routine = Routine.objects.filter(municipality=municipality, pk=pk).select_related("school").first()
    if routine is None:
        raise Http404(_("Rutinen finns inte."))
    return routine


def routine_tasks(*, municipality: Municipality, school_year: int, routine: Routine | None = None) -> list[RoutineTask]:
    qs = RoutineTask.objects.filter(routine__municipality=municipality, school_year=school_year)
    if routine is not None:
        qs = qs.filter(routine=routine)
    return list(qs.select_related("routine", "routine__school", "owner", "done_by"))


def routine_task_get(*, municipality: Municipality, pk: int) -> RoutineTask:
    task = (
        RoutineTask.objects.filter(routine__municipality=municipality, pk=pk)
        .select_related("routine", "routine__school", "owner").first()
    )
    if task is None:
        raise Http404(_("Uppgiften finns inte."))
    return task


def overdue_tasks_for_user(*, user, today: datetime.date | None = None) -> list[RoutineTask]:
    today = today or timezone.localdate()
    return list(
        RoutineTask.objects.filter(owner=user, done_on__isnull=True, due_on__lt=today)
        .select_related("routine", "routine__municipality").order_by("due_on")[:20]
    )


def open_tasks_for_user(*, user) -> list[RoutineTask]:
    """Every task the user owns that is not done (the personal iCal feed)."""
    return list(
        RoutineTask.objects.filter(owner=user, done_on__isnull=True)
        .select_related("routine", "routine__municipality").order_by("due_on")[:500]
    )


@dataclass(frozen=True)
class FollowUpRow:
    label: str
    due: int  # tasks whose date has passed
    in_time: int
    done_late: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.in_time / self.due) if self.due else None


def _follow_up(qs, key: str, labels: dict) -> list[FollowUpRow]:
    rows = (
        qs.order_by().values_list(key)
        .annotate(
            due=Count("id"),
            in_time=Count("id", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))),
            late=Count("id", filter=Q(done_on__isnull=False, done_on__gt=F("due_on"))),
        )
    )
    out = [FollowUpRow(labels.get(k, _("Hela kommunen")), due, in_time, late) for k, due, in_time, late in rows]
    return sorted(out, key=lambda r: r.label)


@dataclass
class FollowUp:
    total: FollowUpRow
    by_routine: list[FollowUpRow]
    by_school: list[FollowUpRow]


def routine_follow_up(*, municipality: Municipality, school_year: int, today: datetime.date | None = None) -> FollowUp:
    """Share of tasks done in time, of those whose date has passed, per routine and per school."""
    today = today or timezone.localdate()
    qs = RoutineTask.objects.filter(routine__municipality=municipality, school_year=school_year, due_on__lt=today)
    routine_names = dict(Routine.objects.filter(municipality=municipality).values_list("pk", "title"))
    school_names = dict(School.objects.filter(municipality=municipality).values_list("pk", "name"))
    by_routine = _follow_up(qs, "routine_id", routine_names)
    by_school = _follow_up(qs, "routine__school_id", school_names)
    total = FollowUpRow(
        _("Alla"), sum(r.due for r in by_routine), sum(r.in_time for r in by_routine),
        sum(r.done_late for r in by_routine),
    )
    return FollowUp(total=total, by_routine=by_routine, by_school=by_school)


@dataclass(frozen=True)
class ClockMonth:
    month: int
    name: str
    routines: list[Routine]


def year_clock(*, routine_list: list[Routine]) -> list[ClockMonth]:
    """The routines per month of the school year, August first (drawn by quality.clock)."""
    from django.utils.dates import MONTHS

    by_month: dict[int, list[Routine]] = defaultdict(list)
    for r in routine_list:
        by_month[r.month].append(r)
    months = [ClockMonth(m, str(MONTHS[m]).capitalize(), by_month.get(m, [])) for m in SCHOOL_YEAR_MONTHS]
    # Numbered in the table's order: the circle's dots carry the same numbers (on paper too).
    number = 0
    for month in months:
        for r in month.routines:
            number += 1
            r.clock_number = number
    return months


# --- 5 Analysarbete ------------------------------------------------------------------------------

def evaluation_templates(*, municipality: Municipality) -> list[EvaluationTemplate]:
    return list(EvaluationTemplate.objects.filter(municipality=municipality))


def evaluation_template_get(*, municipality: Municipality, pk: int) -> EvaluationTemplate:
    t = EvaluationTemplate.objects.filter(municipality=municipality, pk=pk).first()
    if t is None:
        raise Http404(_("Mallen finns inte."))
    return t


def evaluations(*, municipality: Municipality) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(municipality=municipality).select_related("school")
        .annotate(n_results=Count("results", distinct=True))
    )


def evaluation_get(*, municipality: Municipality, pk: int) -> Evaluation:
    ev = Evaluation.objects.filter(municipality=municipality, pk=pk).select_related("school").first()
    if ev is None:
        raise Http404(_("Utvärderingen finns inte."))
    return ev


def evaluation_chains(*, evaluation: Evaluation) -> list[AnalysedResult]:
    """The causal chains: results with their causes and actions (four queries whatever the size)."""
    return list(
        AnalysedResult.objects.filter(evaluation=evaluation)
        .select_related("goal", "indicator", "statement")
        .prefetch_related(
            "causes",
            Prefetch("actions", queryset=Action.objects.select_related("commitment", "routine", "cause")),
        )
    )


def result_get(*, evaluation: Evaluation, pk: int) -> AnalysedResult:
    r = AnalysedResult.objects.filter(evaluation=evaluation, pk=pk).first()
    if r is None:
        raise Http404(_("Resultatet finns inte."))
    return r


def actions_to_follow_up(*, evaluation: Evaluation) -> list[Action]:
    """Earlier evaluations' actions of the same school (or the municipality) whose effect is asked now.

    An action is asked at the first later evaluation: those not yet followed up, and those
    followed up at this one (so the answer shows beside the question).
    """
    return list(
        Action.objects.filter(
            result__evaluation__municipality_id=evaluation.municipality_id,
            result__evaluation__school_id=evaluation.school_id,
            result__evaluation__held_on__lt=evaluation.held_on,
        )
        .filter(Q(observed_in__isnull=True) | Q(observed_in=evaluation))
        .select_related("result", "result__evaluation", "result__indicator", "result__goal", "commitment")
        .order_by("expected_by", "pk")
    )


def action_get(*, municipality: Municipality, pk: int) -> Action:
    a = Action.objects.filter(result__evaluation__municipality=municipality, pk=pk).select_related(
        "result__evaluation").first()
    if a is None:
        raise Http404(_("Åtgärden finns inte."))
    return a


def latest_values(*, municipality: Municipality, indicator_ids: list[int]) -> dict[int, object]:
    """What the figures say now: the latest municipal measurement of each linked indicator."""
    from indicators.models import Measurement

    if not indicator_ids:
        return {}
    latest = {}
    # The municipality's own figure (no school), newest school year first; bounded by the
    # linked indicators' years, not by the data.
    for m in (
        Measurement.objects.filter(indicator_id__in=indicator_ids, municipality=municipality, school__isnull=True)
        .order_by("indicator_id", "-school_year", "grade")
    ):
        latest.setdefault(m.indicator_id, m)
    return latest


# --- 6 Kvalitetsdialoger -------------------------------------------------------------------------

def dialogues(*, municipality: Municipality) -> list[Dialogue]:
    return list(
        Dialogue.objects.filter(municipality=municipality).select_related("school")
        .annotate(n_commitments=Count("commitments"))
    )


def dialogue_get(*, municipality: Municipality, pk: int) -> Dialogue:
    d = Dialogue.objects.filter(municipality=municipality, pk=pk).select_related("school").first()
    if d is None:
        raise Http404(_("Kvalitetsdialogen finns inte."))
    return d


def dialogue_commitments(*, dialogue: Dialogue) -> list:
    return list(dialogue.commitments.select_related("owner").order_by("due_on", "pk"))


def dialogues_for_user(*, user) -> list[Dialogue]:
    """Dialogues in the municipalities where the user is förvaltning, coordinator or the school's principal."""
    mems = list(Membership.objects.filter(user=user).values_list("municipality_id", "level", "is_coordinator", "school_id"))
    cond = Q(pk__in=[])
    for municipality_id, level, is_coordinator, school_id in mems:
        if is_coordinator or level in (Level.FORVALTNING, Level.NAMND):
            cond |= Q(municipality_id=municipality_id)
        elif level == Level.REKTOR and school_id:
            cond |= Q(municipality_id=municipality_id, school_id=school_id)
    return list(Dialogue.objects.filter(cond).select_related("municipality", "school").order_by("starts_at")[:500])


# --- The eight dimensions' status ----------------------------------------------------------------

@dataclass
class ToolStatus:
    number: int
    key: str
    title: str
    url_name: str | None
    status: str  # in words and figures, one line
    level: str = "none"  # ok, warning, none: how the badge looks
    details: list[str] = field(default_factory=list)
    self_assessment: str = ""  # the latest Modellen 2.0 answer, in words

    @property
    def has_tool(self) -> bool:
        return self.url_name is not None


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def tool_statuses(*, municipality: Municipality, today: datetime.date | None = None) -> list[ToolStatus]:
    """The eight dimensions with each tool's status and the latest self-assessment answer.

    A fixed number of queries: the start page, the mapping form and its results all use this.
    """
    today = today or timezone.localdate()
    year = school_year_of(today)
    start, end = school_year_bounds(year)
    statuses: dict[str, ToolStatus] = {}
    for number, key, url_name, title in DIMENSIONS:
        statuses[key] = ToolStatus(number, key, str(title), url_name, _("Kommer i nästa del av kvalitetsarbetet."))

    # 1: the share of members who confirmed the version in force.
    current = current_principle_set(municipality=municipality)
    s1 = statuses["vetenskaplig-grund"]
    if current is None:
        s1.status, s1.level = _("Ingen antagen vetenskaplig grund ännu."), "warning"
    else:
        cov = confirmation_coverage(principle_set=current, municipality=municipality).total
        s1.status = _("%(p)s %% av personalen har kvitterat version %(v)s (%(c)s av %(n)s).") % {
            "p": cov.percent, "v": current.version, "c": cov.confirmed, "n": cov.members}
        s1.level = "ok" if cov.percent >= 80 else "warning"

    # 2: routines and this year's tasks done in time.
    s2 = statuses["rutiner-vad-vem-nar-hur"]
    n_routines = Routine.objects.filter(municipality=municipality).count()
    follow = routine_follow_up(municipality=municipality, school_year=year, today=today).total
    if not n_routines:
        s2.status, s2.level = _("Inga rutiner ännu."), "warning"
    else:
        s2.status = ngettext("%(n)s rutin.", "%(n)s rutiner.", n_routines) % {"n": n_routines} + " " + (
            _("%(d)s av %(t)s uppgifter genomförda i tid i år.") % {"d": follow.in_time, "t": follow.due}
            if follow.due else _("Inga uppgifter har passerat sitt datum i år.")
        )
        s2.level = "ok" if follow.due and _percent(follow.in_time, follow.due) >= 80 else "warning"

    # 3: classes followed with results, and how recent the latest is (progression's own count).
    s3 = statuses["folj-progressionen"]
    s3.status, s3.level = progression_tool_status(municipality=municipality, today=today)

    # 4: the teaching rubric, this year's lesson visits and the schools' plans (the teaching app).
    s4 = statuses["storst-skillnad"]
    s4.status, s4.level = teaching_tool_status(municipality=municipality, today=today)

    # 5: this year's evaluations and how the expected effects came out.
    s5 = statuses["analysarbete"]
    ev = Evaluation.objects.filter(municipality=municipality, held_on__range=(start, end)).aggregate(
        n=Count("id"), last=Max("held_on"))
    outcomes = dict(
        Action.objects.filter(result__evaluation__municipality=municipality).exclude(outcome="")
        .order_by().values_list("outcome").annotate(n=Count("id"))
    )
    followed = sum(outcomes.values())
    if not ev["n"]:
        s5.status, s5.level = _("Inga utvärderingar i år."), "warning"
    else:
        s5.status = ngettext("%(n)s utvärdering i år.", "%(n)s utvärderingar i år.", ev["n"]) % {"n": ev["n"]}
        s5.level = "ok"
    if followed:
        s5.status += " " + _("%(c)s av %(n)s förväntade effekter kom.") % {
            "c": outcomes.get(EffectOutcome.CAME, 0), "n": followed}

    # 6: this year's dialogues, held and recorded.
    s6 = statuses["rapportering-kvalitetsdialoger"]
    dl = Dialogue.objects.filter(municipality=municipality, starts_at__date__range=(start, end)).aggregate(
        n=Count("id"), held=Count("id", filter=Q(starts_at__date__lte=today)),
        minuted=Count("id", filter=~Q(minutes="")))
    if not dl["n"]:
        s6.status, s6.level = _("Inga kvalitetsdialoger i år."), "warning"
    else:
        s6.status = _("%(n)s kvalitetsdialoger i år, %(m)s med minnesanteckningar.") % {"n": dl["n"], "m": dl["minuted"]}
        s6.level = "ok" if dl["minuted"] >= dl["held"] else "warning"

    # 7: principals' time: counts of principals; hours only for enough of them (principal_time).
    s7 = statuses["frigor-tid"]
    time = time_status(municipality=municipality, today=today)
    s7.status, s7.level = time.summary, time.level

    # 8: checklists, the staff's self-assessment, this year's Visa & berätta (the competence app).
    from competence.selectors import tool_status as competence_status

    s8, c8 = statuses["luftfartsverket"], competence_status(municipality=municipality, today=today)
    s8.status, s8.level = c8.text, "ok" if c8.ok else "warning"

    for key, answer in latest_self_assessment(municipality=municipality).items():
        if key in statuses:
            statuses[key].self_assessment = answer
    return [statuses[key] for _n, key, _u, _t in DIMENSIONS]


def _is_modellen(mapping) -> bool:
    from reviews.services import MODELLEN_LINEAGE

    return str(mapping.template.lineage) == MODELLEN_LINEAGE


def self_assessment_answers(*, mapping) -> dict[str, str]:
    """A Modellen 2.0 mapping's answer per dimension key, in words, anonymity applied (closed only)."""
    from reviews.selectors import mapping_results

    if not mapping.is_closed():
        # While answers can still change, a moving figure would show what one person answered.
        return {}
    out = {}
    for sr in mapping_results(mapping=mapping, with_comments=False).statements:
        total = sr.total
        if not total.visible:
            out[sr.statement.key] = _("%(m)s: för få svar för att visas.") % {"m": mapping.title}
            continue
        out[sr.statement.key] = _("%(m)s: %(f)s svarade ”full koll”, %(d)s ”utvecklingsområde”.") % {
            "m": mapping.title, "f": total.counts.get(1, 0), "d": total.counts.get(2, 0)}
    return out


def latest_self_assessment(*, municipality: Municipality, today: datetime.date | None = None) -> dict[str, str]:
    """The latest closed Modellen 2.0 mapping's answer per dimension."""
    from reviews.models import Mapping
    from reviews.services import MODELLEN_LINEAGE

    today = today or timezone.localdate()
    mapping = (
        Mapping.objects.filter(municipality=municipality, template__lineage=MODELLEN_LINEAGE)
        .filter(Q(closed_at__isnull=False) | Q(closes_on__lt=today))
        .select_related("template", "municipality").order_by("-opens_on", "-pk").first()
    )
    return self_assessment_answers(mapping=mapping) if mapping is not None else {}


def tool_statuses_for_mapping(*, mapping) -> dict[str, ToolStatus] | None:
    """Each dimension's tool status by statement key, for a Modellen 2.0 mapping (None for others).

    The mapping's own answers replace "the latest" so the results page shows them side by side.
    """
    if not _is_modellen(mapping):
        return None
    statuses = {s.key: s for s in tool_statuses(municipality=mapping.municipality)}
    answers = self_assessment_answers(mapping=mapping)
    for key, status in statuses.items():
        status.self_assessment = answers.get(key, "")
    return statuses
