"""Reads of dimension 8: checklists, the competence analysis, the plan, Visa & berätta coverage.

The anonymity rule for self-assessments lives here: a school's figure for a competence shows only
when at least ``group_minimum(threshold)`` of its staff answered it (the threshold plus one, so a
member who subtracts their own answer still learns only about ``threshold`` others; the rule of
docs/visibility.md). Individual answers are returned only by ``own_assessments`` (the person's
own) and by ``school_analysis(..., individual=True)``, which views call only when
``access.rights.can_see_individual_competence`` allows it.

Query counts do not grow with staff, competences, routines or sessions (aggregates in the
database, prefetching for lists).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Membership, Municipality, School
from quality.models import Routine
from quality.selectors import school_year_bounds, school_year_of
from reviews.aggregation import group_minimum
from reviews.selectors import anonymity_threshold

from .models import (
    ChecklistItem,
    Competence,
    CompetenceNeed,
    PlanAction,
    SelfAssessment,
    SessionCheck,
    ShowAndTell,
)
from .services import STAFF_LEVELS

# --- Checklists ----------------------------------------------------------------------------------


def checklist(*, routine: Routine) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(routine=routine))


def routine_get(*, municipality: Municipality, pk: int) -> Routine:
    routine = Routine.objects.filter(municipality=municipality, pk=pk).select_related("school").first()
    if routine is None:
        raise Http404(_("Rutinen finns inte."))
    return routine


def routines_with_checklist_counts(*, municipality: Municipality, school_id: int | None = None) -> list[Routine]:
    """The municipality's routines (or those that apply to one school), each with ``n_items``."""
    qs = Routine.objects.filter(municipality=municipality).select_related("school").annotate(
        n_items=Count("checklist_items"))
    if school_id is not None:
        qs = qs.filter(Q(school_id=school_id) | Q(school__isnull=True))
    return sorted(qs, key=lambda r: (r.school_year_position, r.week or 0, r.title))


def checked_routines(*, municipality: Municipality, school: School) -> list[Routine]:
    """The routines a Visa & berätta session at the school can check: those with a checklist."""
    return [r for r in routines_with_checklist_counts(municipality=municipality, school_id=school.pk) if r.n_items]


# --- Competences ---------------------------------------------------------------------------------

def competences(*, municipality: Municipality) -> list[Competence]:
    return list(Competence.objects.filter(municipality=municipality).select_related("routine"))


def competence_get(*, municipality: Municipality, pk: int) -> Competence:
    c = Competence.objects.filter(municipality=municipality, pk=pk).first()
    if c is None:
        raise Http404(_("Kompetensen finns inte."))
    return c


def school_get(*, municipality: Municipality, pk: int) -> School:
    school = School.objects.filter(municipality=municipality, pk=pk).first()
    if school is None:
        raise Http404(_("Skolan finns inte."))
    return school


def staff(*, school: School) -> list[Membership]:
    """The school's teachers and principals: those who assess themselves and show their practice."""
    return list(
        Membership.objects.filter(municipality_id=school.municipality_id, school=school, level__in=STAFF_LEVELS)
        .select_related("user").order_by("user__full_name", "user__email")
    )


def _staff_user_ids(school_id_ref):
    return Membership.objects.filter(school_id=school_id_ref, level__in=STAFF_LEVELS).values("user_id")


def own_assessments(*, municipality: Municipality, user) -> dict[int, SelfAssessment]:
    """The signed-in person's own answers, by competence id. Never called for anyone else."""
    return {a.competence_id: a for a in SelfAssessment.objects.filter(competence__municipality=municipality, user=user)}


@dataclass(frozen=True)
class CompetenceFigure:
    """A school's figure for one competence; a hidden one carries no figures at all."""

    competence: Competence
    respondents: int
    visible: bool
    mean_level: float | None = None
    some_need: int | None = None
    great_need: int | None = None
    actions: tuple[PlanAction, ...] = ()  # the school's plan for this competence (not personal)

    @property
    def is_development_area(self) -> bool:
        """Most rate themselves below "säker", or a third or more have a great need."""
        return self.visible and (self.mean_level < 2.5 or 3 * self.great_need >= self.respondents)


@dataclass(frozen=True)
class PersonRow:
    membership: Membership
    cells: list[SelfAssessment | None]  # in the order of the analysis' competences


@dataclass
class SchoolAnalysis:
    school: School
    threshold: int
    minimum: int  # people a shown figure needs
    staff_count: int
    respondents: int  # staff who answered at least one competence
    figures: list[CompetenceFigure]
    people: list[PersonRow] | None = None  # only for the school's principal

    @property
    def competences(self) -> list[Competence]:
        return [f.competence for f in self.figures]

    @property
    def any_visible(self) -> bool:
        return any(f.visible for f in self.figures)


def school_analysis(*, school: School, individual: bool = False) -> SchoolAnalysis:
    """The school's competence analysis: per competence the staff's mean level and need.

    A competence's figure shows only with ``minimum`` answers from people who work at the school
    now. ``individual`` adds each person's answers: only for the school's principal.
    """
    municipality = school.municipality
    threshold = anonymity_threshold(municipality=municipality)
    minimum = group_minimum(threshold)
    comps = competences(municipality=municipality)
    staff_ids = _staff_user_ids(school.pk)
    answers = SelfAssessment.objects.filter(school=school, user_id__in=staff_ids, competence__municipality=municipality)
    rows = {
        r["competence_id"]: r for r in answers.order_by().values("competence_id").annotate(
            n=Count("id"), mean=Avg("level"),
            some=Count("id", filter=Q(need=CompetenceNeed.SOME)),
            great=Count("id", filter=Q(need=CompetenceNeed.GREAT)),
        )
    }
    plan: dict[int, list[PlanAction]] = defaultdict(list)
    for action in plan_actions(school=school):
        plan[action.competence_id].append(action)
    figures = []
    for c in comps:
        r = rows.get(c.pk)
        n = r["n"] if r else 0
        actions = tuple(plan.get(c.pk, ()))
        if n >= minimum:
            figures.append(CompetenceFigure(c, n, True, round(float(r["mean"]), 1), r["some"], r["great"], actions))
        else:
            figures.append(CompetenceFigure(c, n, False, actions=actions))
    members = staff(school=school)
    respondents = answers.values("user_id").distinct().count()
    people = None
    if individual:
        by_user: dict[int, dict[int, SelfAssessment]] = defaultdict(dict)
        for a in answers:
            by_user[a.user_id][a.competence_id] = a
        people = [PersonRow(m, [by_user[m.user_id].get(c.pk) for c in comps]) for m in members]
    return SchoolAnalysis(school=school, threshold=threshold, minimum=minimum, staff_count=len(members),
                          respondents=respondents, figures=figures, people=people)


def plan_actions(*, school: School) -> list[PlanAction]:
    return list(
        PlanAction.objects.filter(school=school).select_related("commitment", "commitment__owner", "competence")
        .order_by("commitment__due_on", "pk")
    )


@dataclass(frozen=True)
class SchoolOverviewRow:
    school: School
    staff: int
    respondents: int
    plan_actions: int
    sessions: int


def schools_overview(*, municipality: Municipality, today: datetime.date | None = None) -> list[SchoolOverviewRow]:
    """Per school, counts of people only: staff, who answered, plan actions, this year's sessions."""
    year = school_year_of(today or timezone.localdate())
    start, end = school_year_bounds(year)
    schools = list(School.objects.filter(municipality=municipality).order_by("name"))
    staff_n = dict(Membership.objects.filter(municipality=municipality, level__in=STAFF_LEVELS, school__isnull=False)
                   .order_by().values_list("school_id").annotate(n=Count("id")))
    current = Membership.objects.filter(municipality=municipality, school_id=OuterRef("school_id"),
                                        user_id=OuterRef("user_id"), level__in=STAFF_LEVELS)
    answered = dict(SelfAssessment.objects.filter(competence__municipality=municipality)
                    .filter(Exists(current)).order_by().values_list("school_id")
                    .annotate(n=Count("user_id", distinct=True)))
    actions = dict(PlanAction.objects.filter(municipality=municipality).order_by().values_list("school_id")
                   .annotate(n=Count("id")))
    sessions = dict(ShowAndTell.objects.filter(municipality=municipality, held_on__range=(start, end)).order_by()
                    .values_list("school_id").annotate(n=Count("id")))
    return [SchoolOverviewRow(s, staff_n.get(s.pk, 0), answered.get(s.pk, 0), actions.get(s.pk, 0),
                              sessions.get(s.pk, 0)) for s in schools]


# --- Visa & berätta ------------------------------------------------------------------------------

def session_get(*, municipality: Municipality, pk: int) -> ShowAndTell:
    s = (ShowAndTell.objects.filter(municipality=municipality, pk=pk)
         .select_related("school", "routine", "presenter", "checker").first())
    if s is None:
        raise Http404(_("Visa & berätta-tillfället finns inte."))
    return s


def session_checks(*, session: ShowAndTell) -> dict[int, SessionCheck]:
    return {c.item_id: c for c in SessionCheck.objects.filter(session=session)}


def sessions_for(*, municipality: Municipality, user, school_id: int | None = None) -> list[ShowAndTell]:
    """Sessions the user showed or checked; with ``school_id`` (the principal's), all of that school."""
    cond = Q(presenter=user) | Q(checker=user)
    if school_id is not None:
        cond |= Q(school_id=school_id)
    return list(
        ShowAndTell.objects.filter(municipality=municipality).filter(cond)
        .select_related("school", "routine", "presenter", "checker")
        .annotate(n_checks=Count("checks"),
                  n_shown=Count("checks", filter=Q(checks__result="visat")))[:200]
    )


@dataclass(frozen=True)
class RoutineCoverage:
    routine: Routine
    shown: list[Membership]
    not_yet: list[Membership]

    @property
    def total(self) -> int:
        return len(self.shown) + len(self.not_yet)


def _shown_pairs(qs) -> set[tuple[int, int]]:
    """(routine, presenter) of the sessions that were checked (at least one point)."""
    return set(qs.filter(checks__isnull=False).order_by().values_list("routine_id", "presenter_id").distinct())


def school_coverage(*, school: School) -> list[RoutineCoverage]:
    """Who at the school has shown which routine (a checked session), and who has not yet."""
    members = staff(school=school)
    routines = checked_routines(municipality=school.municipality, school=school)
    pairs = _shown_pairs(ShowAndTell.objects.filter(school=school))
    out = []
    for r in routines:
        asked = [m for m in members if _asked(r, m.level)]
        out.append(RoutineCoverage(r, [m for m in asked if (r.pk, m.user_id) in pairs],
                                   [m for m in asked if (r.pk, m.user_id) not in pairs]))
    return out


def _asked(routine: Routine, level: str) -> bool:
    """Who is expected to show a routine: its level (teachers or principals), or all staff."""
    return routine.who_level not in STAFF_LEVELS or routine.who_level == level


@dataclass(frozen=True)
class CoverageCount:
    routine: Routine
    shown: int
    staff: int

    @property
    def percent(self) -> int:
        return round(100 * self.shown / self.staff) if self.staff else 0


@dataclass(frozen=True)
class SchoolCoverageCounts:
    school: School
    staff: int
    routines: list[CoverageCount]


def coverage_counts(*, municipality: Municipality) -> list[SchoolCoverageCounts]:
    """Per school and routine, how many of today's staff have shown it: counts only (förvaltning)."""
    schools = list(School.objects.filter(municipality=municipality).order_by("name"))
    routines = [r for r in routines_with_checklist_counts(municipality=municipality) if r.n_items]
    staff_n: dict[tuple[int, str], int] = {
        (school_id, level): n for school_id, level, n in
        Membership.objects.filter(municipality=municipality, level__in=STAFF_LEVELS, school__isnull=False)
        .order_by().values_list("school_id", "level").annotate(n=Count("id"))
    }
    # A presenter counts while they are on the school's staff, at the routine's level if it has one.
    level_now = Membership.objects.filter(school_id=OuterRef("school_id"), user_id=OuterRef("presenter_id"),
                                          level__in=STAFF_LEVELS).values("level")[:1]
    rows = (ShowAndTell.objects.filter(municipality=municipality, checks__isnull=False)
            .annotate(level_now=Subquery(level_now)).exclude(level_now=None).order_by()
            .values_list("school_id", "routine_id", "level_now").annotate(n=Count("presenter_id", distinct=True)))
    by_pk = {r.pk: r for r in routines}
    shown: dict[tuple[int, int], int] = defaultdict(int)
    for school_id, routine_id, level, n in rows:
        if routine_id in by_pk and _asked(by_pk[routine_id], level):
            shown[(school_id, routine_id)] += n
    out = []
    for s in schools:
        total = sum(n for (sid, _level), n in staff_n.items() if sid == s.pk)
        counts = []
        for r in routines:
            if r.school_id in (None, s.pk):
                asked = total if r.who_level not in STAFF_LEVELS else staff_n.get((s.pk, r.who_level), 0)
                counts.append(CoverageCount(r, shown.get((s.pk, r.pk), 0), asked))
        out.append(SchoolCoverageCounts(s, total, counts))
    return out


# --- Dimension 8's status on the quality start page ----------------------------------------------

@dataclass(frozen=True)
class Status:
    text: str
    ok: bool


def tool_status(*, municipality: Municipality, today: datetime.date | None = None) -> Status:
    """Checklists, the share of staff who assessed their competence, this year's sessions (4 queries)."""
    year = school_year_of(today or timezone.localdate())
    start, end = school_year_bounds(year)
    routines = Routine.objects.filter(municipality=municipality).aggregate(
        n=Count("id", distinct=True),
        checked=Count("id", distinct=True, filter=Q(checklist_items__isnull=False)))
    staff_total = Membership.objects.filter(municipality=municipality, level__in=STAFF_LEVELS,
                                            school__isnull=False).count()
    current = Membership.objects.filter(municipality=municipality, school_id=OuterRef("school_id"),
                                        user_id=OuterRef("user_id"), level__in=STAFF_LEVELS)
    answered = (SelfAssessment.objects.filter(competence__municipality=municipality).filter(Exists(current))
                .values("user_id").distinct().count())
    sessions = ShowAndTell.objects.filter(municipality=municipality, held_on__range=(start, end),
                                          checks__isnull=False).values("pk").distinct().count()
    if not routines["checked"]:
        return Status(_("Ingen rutin har en checklista ännu."), False)
    text = _("%(c)s av %(n)s rutiner har checklista. %(a)s av %(s)s i personalen har skattat sin kompetens. "
             "%(v)s Visa & berätta i år.") % {"c": routines["checked"], "n": routines["n"], "a": answered,
                                             "s": staff_total, "v": sessions}
    return Status(text, bool(sessions) and staff_total > 0 and 2 * answered >= staff_total)
