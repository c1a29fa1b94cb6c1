"""Reads about operative goals: the tree, one goal, counts for the home page."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import BigIntegerField, Count, Exists, OuterRef, Q, Value
from django.shortcuts import get_object_or_404

from access.context import NetworkContext
from access.visibility import shared_with_network
from indicators.models import Direction, Indicator, Measurement, NationalValue, Source, Unit
from municipalities.models import Level, Municipality
from networks.models import NetworkMembership

from .models import Goal, GoalIndicator, GoalShare, GoalStatus
from .progression import CohortLine, Point, StatusResult, TrendResult, cohort_lines, goal_status, trend


@dataclass
class GoalNode:
    goal: Goal
    depth: int
    children: list[GoalNode] = field(default_factory=list)


def _goals_of(municipality: Municipality):
    return Goal.objects.filter(municipality=municipality).select_related("school")


def goal_tree(*, municipality: Municipality) -> list[GoalNode]:
    """All the municipality's goals as a forest, in one query, however many there are.

    A goal whose parent is missing (it cannot be, but a tree must never lose a goal) is a root.
    """
    # Whether each goal is shared, as an EXISTS read with the goal (through the scoped manager, as
    # the prefetch of its shares did): a prefetch builds a filtered queryset per goal to hold its
    # shares, which took a third of the goal tree's work with nothing kept (issue 18).
    return _forest(list(
        _goals_of(municipality)
        .annotate(indicator_count=Count("goal_indicators"),
                  has_shares=Exists(GoalShare.objects.filter(goal=OuterRef("pk"))))
        .order_by("title")
    ))


def _forest(goals: list[Goal]) -> list[GoalNode]:
    """Goals (in the order of their siblings) as a forest."""
    nodes = {g.pk: GoalNode(goal=g, depth=0) for g in goals}
    roots: list[GoalNode] = []
    for goal in goals:
        parent = nodes.get(goal.parent_id)
        (parent.children if parent else roots).append(nodes[goal.pk])

    def set_depth(node: GoalNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots


def _reading_order(roots: list[GoalNode]) -> list[GoalNode]:
    """A forest in reading order (depth-first)."""
    flat: list[GoalNode] = []

    def walk(node: GoalNode) -> None:
        flat.append(node)
        for child in node.children:
            walk(child)

    for root in roots:
        walk(root)
    return flat


def goal_flat_tree(*, municipality: Municipality) -> list[GoalNode]:
    """The tree in reading order (depth-first), for templates that render a nested list."""
    return _reading_order(goal_tree(municipality=municipality))


@dataclass
class GoalReportEntry:
    """One goal of a progress report: the goal, the goal above it and its indicators."""

    goal: Goal
    parent: Goal | None
    views: list[IndicatorView]


# The board's goals first, then the administration's, then the schools' and the teacher teams'.
CASCADE_ORDER = {level: i for i, level in enumerate(Level.values)}


def goals_in_cascade_order(*, municipality: Municipality, network_ctx: NetworkContext | None = None) -> list[GoalReportEntry]:
    """The municipality's goals (no proposals: a proposal is not its goal yet, as in goal_counts),
    level by level down the cascade, in tree reading order within a level, with their indicators.

    With ``network_ctx`` (the network report) only the goals shared with the network
    (access.visibility).
    """
    return goals_in_cascade_order_of(municipalities=[municipality], network_ctx=network_ctx)[municipality.pk]


def goals_in_cascade_order_of(
    *, municipalities: list[Municipality], network_ctx: NetworkContext | None = None
) -> dict[int, list[GoalReportEntry]]:
    """``goals_in_cascade_order`` of many municipalities (the network report's members):
    municipality id -> its entries, in the same number of queries however many there are."""
    by_id = {m.pk: m for m in municipalities}
    goals_of: dict[int, list[Goal]] = {pk: [] for pk in by_id}
    # Each municipality's goals by title, as its goal tree reads them.
    for goal in Goal.objects.filter(municipality_id__in=list(by_id)).select_related("school").order_by("title"):
        goals_of[goal.municipality_id].append(goal)
    shared = None
    if network_ctx is not None:
        shared = set(shared_with_network(Goal.objects.filter(municipality_id__in=list(by_id)), network_ctx)
                     .values_list("pk", flat=True))
    chosen: dict[int, list[Goal]] = {}
    parents: dict[int, dict[int, Goal]] = {}
    for pk, municipality in by_id.items():
        flat = [node.goal for node in _reading_order(_forest(goals_of[pk]))]
        goals = [g for g in flat if g.status != GoalStatus.PROPOSED and (shared is None or g.pk in shared)]
        parents[pk] = {g.pk: g for g in flat}
        for goal in goals:
            goal.municipality = municipality  # the charts name it: no query per goal
        goals.sort(key=lambda g: CASCADE_ORDER.get(g.level, len(CASCADE_ORDER)))  # stable: keeps tree order
        chosen[pk] = goals
    views = goals_indicator_views(goals=[g for goals in chosen.values() for g in goals])
    return {
        pk: [GoalReportEntry(goal=g, parent=parents[pk].get(g.parent_id), views=views[g.pk]) for g in goals]
        for pk, goals in chosen.items()
    }


@dataclass(frozen=True)
class GoalCounts:
    total: int
    adopted: int
    proposals: int
    adopted_not_proposed: int  # the success factor's count (commitments.success): a proposal is no goal yet

    @property
    def not_adopted(self) -> int:
        return self.total - self.adopted - self.proposals


def goal_counts(*, municipality: Municipality) -> GoalCounts:
    """Counted in Python over the goals' status and adoption day, two columns a goal.

    A municipality has tens of goals: reading them costs less than building an aggregate of
    four filtered counts, on every cold home and goal tree (issue 18). No ordering: the model's
    joins the municipality for its name. (A count of the goals shared with a network was read
    here too, and shown nowhere: dropped.)
    """
    total = adopted = proposals = adopted_not_proposed = 0
    # Unscoped, naming the municipality by its id as the scope would: the scope's filter said it
    # again, a second condition to build and compile on every cold home (issue 18).
    goals = Goal._base_manager.filter(municipality_id=municipality.pk).order_by()
    for status, adopted_on in goals.values_list("status", "adopted_on"):
        total += 1
        proposal = status == GoalStatus.PROPOSED
        proposals += proposal
        if adopted_on is not None:
            adopted += 1
            adopted_not_proposed += not proposal
    return GoalCounts(total=total, adopted=adopted, proposals=proposals, adopted_not_proposed=adopted_not_proposed)


def goal_get(*, municipality: Municipality, pk: int) -> Goal:
    """The goal of this municipality, or 404 (another municipality's goal id is not found)."""
    # Only the school joined: the goal page is read often, and each join costs planning time.
    # The proposer is read (one query) only on a proposal's page.
    goal = get_object_or_404(Goal.objects.select_related("school"), pk=pk, municipality=municipality)
    goal.municipality = municipality  # the one it was found in: no query when a page links to it
    return goal


def goal_indicator_get(*, goal: Goal, pk: int) -> GoalIndicator:
    """An indicator link of this goal (fetched through its tenant), or 404."""
    return get_object_or_404(GoalIndicator.objects.select_related("indicator"), pk=pk, goal=goal)


@dataclass(frozen=True)
class CascadeGoal:
    """A goal as the goal page names it in the cascade: a plain row, not a model instance."""

    pk: int
    title: str
    level: str
    status: str
    parent_id: int | None
    school_id: int | None
    school_name: str | None

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, self.level))

    @property
    def is_proposal(self) -> bool:
        return self.status == GoalStatus.PROPOSED


LEVEL_LABELS = dict(Level.choices)


@dataclass(frozen=True)
class GoalCascade:
    """Where a goal stands in its municipality's cascade."""

    ancestors: list[CascadeGoal]  # from the top goal down to the goal's parent
    children: list[CascadeGoal]  # its sub-goals, by title


def goal_cascade(*, goal: Goal) -> GoalCascade:
    """The goals above the goal and the goals under it, in one query for both.

    A municipality has tens of goals, so reading them all (only what the page shows) costs less
    than a second query. The rows carry the title, level, status and school name, no more, as
    plain rows: building tens of model instances cost more than the query (issue 18).
    """
    goals = [
        CascadeGoal(*row)
        for row in Goal.objects.filter(municipality_id=goal.municipality_id)
        .order_by("title", "pk")  # not the model's order: that joins the municipality for its name
        .values_list("pk", "title", "level", "status", "parent_id", "school_id", "school__name")
    ]
    by_id = {g.pk: g for g in goals}
    chain: list[CascadeGoal] = []
    current = by_id.get(goal.parent_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = by_id.get(current.parent_id)
    return GoalCascade(ancestors=chain[::-1], children=[g for g in goals if g.parent_id == goal.pk])


HistoricalGoal = Goal.history.model


@dataclass(frozen=True)
class GoalChange:
    """One line of a goal's history as the goal page shows it."""

    when: datetime.datetime
    kind: str  # simple_history's type: "+" created, "~" changed, "-" deleted
    reason: str | None
    who: str | None  # the user's name, else their e-mail; None when nobody is recorded


def goal_history(*, goal: Goal, limit: int = 30) -> list[GoalChange]:
    """The goal's latest changes: when, by whom and what (only what the goal page shows).

    Plain rows (values_list): the page needs four values a line, not the historical model."""
    # Through the historical model, not ``goal.history``: that builds a manager class on every use.
    rows = (
        HistoricalGoal.objects.filter(id=goal.pk).order_by("-history_date", "-history_id")
        .values_list("history_date", "history_type", "history_change_reason", "history_user_id",
                     "history_user__full_name", "history_user__email")[:limit]
    )
    return [GoalChange(when=when, kind=kind, reason=reason, who=None if user_id is None else (name or email))
            for when, kind, reason, user_id, name, email in rows]


@dataclass(frozen=True)
class GoalShareRow:
    """A network the goal is shared with, as the goal page shows it."""

    network_id: int
    network_name: str
    shared_at: datetime.datetime


def goal_shares(*, goal: Goal) -> list[GoalShareRow]:
    """The networks the goal is shared with, first shared first: plain rows, only the page's values."""
    return [GoalShareRow(*row) for row in goal.shares.values_list("network_id", "network__name", "shared_at")]


@dataclass(frozen=True)
class GoalStatement:
    """A governance statement the goal serves, as the goal page names it."""

    area_title: str | None  # None: the statement has no area
    label: str


def goal_statements(*, goal: Goal) -> list[GoalStatement]:
    """The statements the goal serves, in their templates' order: plain rows, only the page's values."""
    return [
        GoalStatement(area_title=None if area_id is None else area_title, label=short_label or text)
        for area_id, area_title, short_label, text in goal.statements.values_list(
            "area_id", "area__title", "short_label", "text"
        )
    ]


def open_proposals(*, municipality: Municipality, school_id: int | None = None) -> list[Goal]:
    qs = _goals_of(municipality).filter(status=GoalStatus.PROPOSED).select_related("proposed_by")
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    return list(qs.order_by("created"))


# --- Indicators of a goal: status, year-on-year series, cohorts ----------------------------------

_NAME_NOISE = re.compile(r"\(%\)|\belever\b|\bandel\b|[^\w\s]")


def measure_name(name: str) -> str:
    """An indicator's name reduced to what it measures, to find the same measure in other tables.

    Skolverket words one measure differently per table: grade 6 says "Andel (%) elever som fått
    godkänt betyg i alla ämnen", grade 9 over time "Andel (%) som fått godkänt betyg i alla ämnen".
    """
    text = " ".join(_NAME_NOISE.sub(" ", name.lower()).split())
    # The share with passing grades in all subjects, as the school-unit tables word it: "uppfyllt
    # betygskriterierna" (from 2022/23), "uppnått kunskapskraven" (before).
    return _PASSED_ALL.sub("fått godkänt betyg i alla ämnen", text)


_PASSED_ALL = re.compile(r"\b(?:uppfyllt betygskriterierna|uppnått kunskapskraven) i alla ämnen\b")


def _same_measure_key(indicator: Indicator | _Candidate, *, any_organiser: bool = False) -> tuple:
    organiser = "" if any_organiser else indicator.organiser_type
    return (measure_name(indicator.name), indicator.unit, organiser, indicator.subject, indicator.gender_group)


def _families(indicators: list[Indicator], candidates: list[_Candidate], *, any_organiser: bool) -> dict[int, list[int]]:
    by_key: dict[tuple, list[int]] = {}
    for candidate in candidates:
        by_key.setdefault(_same_measure_key(candidate, any_organiser=any_organiser), []).append(candidate.pk)
    return {
        i.pk: [i.pk, *[pk for pk in by_key.get(_same_measure_key(i, any_organiser=any_organiser), []) if pk != i.pk]]
        for i in indicators
    }


class _Candidate(NamedTuple):
    """What a family is matched on, of an indicator that may measure the same as a linked one."""

    pk: int
    name: str
    unit: str
    organiser_type: str
    subject: str
    gender_group: str


def _candidates(indicators: list[Indicator], *, any_organiser: bool) -> list[_Candidate]:
    qs = Indicator.objects.filter(unit__in={i.unit for i in indicators}, subject__in={i.subject for i in indicators})
    if not any_organiser:
        qs = qs.filter(organiser_type__in={i.organiser_type for i in indicators})
    # In id order: a family lists its other indicators in this order, whoever asks (one goal or many).
    # Plain rows, not model instances: only their key is needed, and a goal has tens of candidates.
    return [_Candidate._make(row) for row in qs.order_by("pk").values_list(*_Candidate._fields)]


def same_measure_indicators(*, indicators: list[Indicator], any_organiser: bool = False) -> dict[int, list[int]]:
    """For each indicator, the ids of indicators measuring the same thing (itself first), one query.

    ``any_organiser``: of any organiser type too. A school's rows carry the school's own type
    (Kommunal, Enskild), so a school goal on the "Samtliga" measure finds them this way."""
    if not indicators:
        return {}
    return _families(indicators, _candidates(indicators, any_organiser=any_organiser), any_organiser=any_organiser)


def _point(row) -> Point:
    return Point(school_year=row.school_year, grade=row.grade, value=row.value, marker=row.suppressed_marker)


@dataclass
class IndicatorView:
    """One indicator of a goal with everything the goal page and the report show about it."""

    link: GoalIndicator
    points: list[Point]  # the followed grade, oldest first
    national: list[Point]
    all_grades: list[Point]  # the same measure in every grade, for cohorts
    status: StatusResult
    trend: TrendResult | None
    cohorts: list[CohortLine]
    is_school_level: bool = False
    # For a goal that follows its school's own figures: the municipality's, as context.
    municipality_points: list[Point] = field(default_factory=list)

    @property
    def indicator(self) -> Indicator:
        return self.link.indicator

    @property
    def higher_is_better(self) -> bool | None:
        return {Direction.UP: True, Direction.DOWN: False}.get(self.indicator.direction)

    @property
    def national_latest(self) -> Point | None:
        """The national value of the year the status is based on, if the files had it."""
        latest = self.status.latest_value or self.status.latest
        if latest is None:
            return None
        return next((p for p in self.national if p.school_year == latest.school_year), None)

    @property
    def municipality_latest(self) -> Point | None:
        """The municipality's value of the year the school's status is based on (context)."""
        latest = self.status.latest_value or self.status.latest
        if latest is None or not self.is_school_level:
            return None
        return next((p for p in self.municipality_points if p.school_year == latest.school_year), None)

    @property
    def suppressed_points(self) -> list[Point]:
        return [p for p in self.all_grades if not p.has_value]

    @property
    def unit_suffix(self) -> str:
        return {Unit.PERCENT: " %"}.get(self.indicator.unit, "")


def goal_indicator_views(*, goal: Goal) -> list[IndicatorView]:
    """The goal's indicators with their series, status and cohorts, in three queries in all."""
    return goals_indicator_views(goals=[goal])[goal.pk]


def goals_indicator_views(*, goals: list[Goal]) -> dict[int, list[IndicatorView]]:
    """Each goal's indicator views (``goal.pk`` → what ``goal_indicator_views`` gives for it), in
    three queries however many goals: the progress report shows every goal's indicators, and one
    pass of queries per goal was a fifth of the time it took to read its inputs (issue 13)."""
    by_goal: dict[int, list[IndicatorView]] = {goal.pk: [] for goal in goals}
    if not goals:
        return by_goal
    goal_of = {goal.pk: goal for goal in goals}
    links = list(GoalIndicator.objects.filter(goal__in=list(goal_of)).select_related("indicator").order_by("pk"))
    if not links:
        return by_goal
    links_of: dict[int, list[GoalIndicator]] = {}
    for link in links:
        link.goal = goal_of[link.goal_id]  # the caller's goal: no query per link when a chart names it
        links_of.setdefault(link.goal_id, []).append(link)
    # One candidate list for all goals: a family is matched on (measure, unit, organiser, subject,
    # gender), so the candidates of other goals' indicators never join it; of any organiser type
    # when a school goal is among them (see _goal_views).
    indicators = [link.indicator for link in links]
    candidates = _candidates(indicators, any_organiser=any(goal_of[pk].school_id for pk in links_of))
    plans = {}
    all_ids: set[int] = set()
    for goal_id, goal_links in links_of.items():
        goal = goal_of[goal_id]
        goal_indicators = [link.indicator for link in goal_links]
        families = _families(goal_indicators, candidates, any_organiser=False)
        school_families = _families(goal_indicators, candidates, any_organiser=True) if goal.school_id else families
        ids = {pk for family in (*families.values(), *school_families.values()) for pk in family}
        plans[goal_id] = (families, school_families, ids)
        all_ids |= ids
    rows_of, national_of = _values_of(
        indicator_ids=all_ids,
        municipality_ids={goal_of[pk].municipality_id for pk in links_of},
        school_ids={goal_of[pk].school_id for pk in links_of} - {None},
    )
    for goal_id, goal_links in links_of.items():
        goal = goal_of[goal_id]
        families, school_families, ids = plans[goal_id]
        # The goal's own rows: its municipality's, and its school's (if it is a school goal).
        rows = [r for pk in ids for r in rows_of.get(pk, ())
                if r.municipality_id == goal.municipality_id and r.school_id in (None, goal.school_id)]
        national_rows = [r for pk in ids for r in national_of.get(pk, ())]
        by_goal[goal_id] = _goal_views(goal=goal, links=goal_links, families=families,
                                       school_families=school_families, rows=rows, national_rows=national_rows)
    return by_goal


class _Row(NamedTuple):
    """A value as the goal views read it: a municipality's or a school's, or the nation's."""

    indicator_id: int
    school_year: int
    grade: int | None
    value: Decimal | None
    suppressed_marker: str
    municipality_id: int | None  # None: the nation's (a measurement always has a municipality)
    school_id: int | None


def _values_of(*, indicator_ids: set[int], municipality_ids: set[int], school_ids: set[int]
               ) -> tuple[dict[int, list[_Row]], dict[int, list[_Row]]]:
    """The municipalities' and schools' values and the nation's of these indicators, by indicator,
    in one query (UNION ALL): one round trip and one compiled statement fewer than two reads, and
    plain rows rather than model instances. In no order: each (indicator, place, year, grade) has
    one value (the unique constraints), and ``_one_per_grade_year`` sorts what it keeps."""
    columns = ("indicator_id", "school_year", "grade", "value", "suppressed_marker")
    # The municipalities' own rows, and their schools' when a school goal asks (no OR to build
    # and compile for an empty list of schools, the goal page's usual case: issue 18).
    place = Q(school__isnull=True) | Q(school_id__in=school_ids) if school_ids else Q(school__isnull=True)
    own = (
        Measurement.objects.filter(municipality_id__in=municipality_ids, indicator_id__in=indicator_ids)
        .filter(place)
        .order_by()
        .values_list(*columns, "municipality_id", "school_id")
    )
    no_place = Value(None, output_field=BigIntegerField())
    national = (
        NationalValue.objects.filter(indicator_id__in=indicator_ids)
        .order_by()
        .values_list(*columns, no_place, no_place)
    )
    rows_of: dict[int, list[_Row]] = {}
    national_of: dict[int, list[_Row]] = {}
    for values in own.union(national, all=True):
        row = _Row._make(values)
        (national_of if row.municipality_id is None else rows_of).setdefault(row.indicator_id, []).append(row)
    return rows_of, national_of


def _goal_views(*, goal: Goal, links: list[GoalIndicator], families: dict[int, list[int]],
                school_families: dict[int, list[int]], rows: list, national_rows: list) -> list[IndicatorView]:
    """One goal's views from rows already read.

    A school goal follows the school's rows of the same measure whatever organiser type they
    carry (the school's own); the municipality's context stays on the linked organiser type.
    """
    views = []
    for link in links:
        family = families[link.indicator_id]
        school_family = school_families[link.indicator_id]
        # A school goal follows its school's values when there are any, else the municipality's.
        school_rows = [r for r in rows if r.school_id is not None and r.indicator_id in school_family]
        is_school_level = bool(goal.school_id and school_rows)
        municipality_rows = [r for r in rows if r.school_id is None and r.indicator_id in family]
        own = school_rows if is_school_level else municipality_rows
        municipality_points = [
            p for p in _one_per_grade_year(municipality_rows, family) if p.grade == link.grade
        ] if is_school_level else []
        # The linked indicator's own value first, then the others of its family.
        all_grades = _one_per_grade_year(own, school_family if is_school_level else family)
        points = [p for p in all_grades if p.grade == link.grade]
        national = [p for p in _one_per_grade_year([r for r in national_rows if r.indicator_id in family], family)
                    if p.grade == link.grade]
        status = goal_status(
            points=points,
            baseline_value=link.baseline_value,
            baseline_year=link.baseline_year,
            target_value=link.target_value,
            target_year=link.target_year,
        )
        higher = {Direction.UP: True, Direction.DOWN: False}.get(link.indicator.direction)
        views.append(
            IndicatorView(
                link=link,
                points=points,
                national=national,
                all_grades=all_grades,
                status=status,
                trend=trend(points=points, higher_is_better=higher),
                cohorts=cohort_lines(points=all_grades),
                is_school_level=is_school_level,
                municipality_points=municipality_points,
            )
        )
    return views


def _one_per_grade_year(rows, family: list[int]) -> list[Point]:
    """One point per (grade, year): the linked indicator's own value wins over a same-measure one."""
    rank = {pk: i for i, pk in enumerate(family)}
    chosen: dict[tuple, object] = {}
    for row in sorted(rows, key=lambda r: rank.get(r.indicator_id, len(rank)), reverse=True):
        chosen[(row.grade, row.school_year)] = row
    return sorted((_point(r) for r in chosen.values()), key=lambda p: (p.school_year, p.grade or 0))


# --- The network's comparison of member municipalities ------------------------------------------

@dataclass(frozen=True)
class IndicatorChoice:
    indicator: Indicator
    grade: int | None

    @property
    def value(self) -> str:
        return f"{self.indicator.pk}-{self.grade or 0}"

    @property
    def label(self) -> str:
        return f"{self.indicator.label}, åk {self.grade}" if self.grade else self.indicator.label


def network_shared_indicators(*, ctx: NetworkContext) -> list[IndicatorChoice]:
    """Indicators that member municipalities follow in goals they shared with the network."""
    links = GoalIndicator.objects.filter(
        goal__in=shared_with_network(Goal.objects.all(), ctx)
    ).select_related("indicator")
    unique = {(link.indicator_id, link.grade): IndicatorChoice(link.indicator, link.grade) for link in links}
    return sorted(unique.values(), key=lambda c: c.label)


def pick_choice(*, choices: list[IndicatorChoice], value: str) -> IndicatorChoice | None:
    """The chosen indicator, or the first one; an unknown value (someone's own goal) gives none."""
    if not value:
        return choices[0] if choices else None
    return next((c for c in choices if c.value == value), None)


@dataclass
class ComparisonRow:
    municipality_id: int
    name: str
    by_year: dict[int, Point]
    goals: list[GoalIndicator]  # the shared goals that follow this indicator

    @property
    def latest(self) -> Point | None:
        return self.by_year[max(self.by_year)] if self.by_year else None


@dataclass
class Comparison:
    choice: IndicatorChoice
    years: list[int]
    rows: list[ComparisonRow]
    national: dict[int, Point]

    @property
    def national_latest(self) -> Point | None:
        return self.national[max(self.national)] if self.national else None


def network_comparison(*, ctx: NetworkContext, choice: IndicatorChoice) -> Comparison:
    """Member municipalities on one indicator: only what may leave each municipality.

    Imported values are Skolverket's public statistics and are shown for every member; values
    entered by hand leave a municipality only when it shared a goal that follows the indicator.
    """
    shared_links = list(
        GoalIndicator.objects.filter(
            goal__in=shared_with_network(Goal.objects.all(), ctx), indicator=choice.indicator, grade=choice.grade
        ).select_related("goal")
    )
    sharing_ids = {link.goal.municipality_id for link in shared_links}
    members = {
        m.municipality_id: m.municipality.name
        for m in NetworkMembership.objects.filter(network=ctx.network).select_related("municipality")
    }
    measurements = Measurement.objects.filter(
        indicator=choice.indicator, grade=choice.grade, school__isnull=True, municipality_id__in=list(members)
    ).filter(Q(source=Source.IMPORT) | Q(municipality_id__in=sharing_ids))
    by_municipality: dict[int, dict[int, Point]] = {}
    for row in measurements.only("municipality_id", "school_year", "grade", "value", "suppressed_marker"):
        by_municipality.setdefault(row.municipality_id, {})[row.school_year] = _point(row)
    national = {
        row.school_year: _point(row)
        for row in NationalValue.objects.filter(indicator=choice.indicator, grade=choice.grade)
    }
    goals_by: dict[int, list[GoalIndicator]] = {}
    for link in shared_links:
        goals_by.setdefault(link.goal.municipality_id, []).append(link)
    rows = [
        ComparisonRow(municipality_id=pk, name=name, by_year=by_municipality.get(pk, {}), goals=goals_by.get(pk, []))
        for pk, name in sorted(members.items(), key=lambda item: item[1])
    ]
    years = sorted({y for row in rows for y in row.by_year} | set(national))
    return Comparison(choice=choice, years=years, rows=rows, national=national)
