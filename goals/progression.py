"""Status and progression of a goal's indicator: pure computations on values already read.

Nothing here touches the database, so the rules can be tested with numbers alone:

- **Status** (:func:`goal_status`): the share of the way from baseline to target that the latest
  value has covered, compared with the share of the time from baseline year to target year that
  has passed. *I fas* when the value has come at least as far as the time.
- **Cohorts** (:func:`cohort_lines`): grade and school year give the cohort. Pupils in grade
  ``g`` in the spring of year ``y`` started grade 1 in the autumn of ``y - g``, so grade 6 in
  2020/21 (spring 2021) and grade 9 in 2023/24 (spring 2024) are the same pupils.
- **Change within a cohort** (value added, förädlingsvärde) follows the same pupils from their
  first to their last measured grade; **change between cohorts** compares this year's pupils in a
  grade with last year's pupils in the same grade (different pupils).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from django.utils.translation import gettext_lazy as _

from indicators.models import school_year_label


@dataclass(frozen=True)
class Point:
    """One value of a series: a number, or a suppression marker (never both)."""

    school_year: int
    grade: int | None
    value: Decimal | None
    marker: str = ""

    @property
    def has_value(self) -> bool:
        return self.value is not None and not self.marker

    @property
    def year_label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def cohort(self) -> int | None:
        """The autumn the cohort started grade 1 (grade 6 in spring 2021 -> 2015)."""
        return None if self.grade is None else self.school_year - self.grade


class Status(Enum):
    REACHED = "reached"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_NEW_VALUE = "no_new_value"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def css(self) -> str:
        return {"reached": "ok", "on_track": "ok", "behind": "danger", "no_new_value": "warning"}[self.value]


STATUS_LABELS = {
    Status.REACHED: _("Målvärdet är nått"),
    Status.ON_TRACK: _("I fas"),
    Status.BEHIND: _("Efter plan"),
    Status.NO_NEW_VALUE: _("Inget nytt värde ännu"),
}

STATUS_RULE = _(
    "Ett mått är i fas om det senaste värdet har nått minst lika stor andel av vägen från utgångsvärdet "
    "till målvärdet som den andel av tiden från utgångsåret till målåret som har gått."
)


@dataclass(frozen=True)
class StatusResult:
    status: Status
    latest: Point | None  # the latest point at the followed grade, maybe a suppressed one
    latest_value: Point | None  # the latest point with a number, which the status is based on
    progress: Decimal | None  # share of the way from baseline to target, 0..1 (may pass 1 or go below 0)
    time_passed: Decimal | None  # share of the time from baseline year to target year

    @property
    def progress_percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)

    @property
    def time_percent(self) -> int | None:
        return None if self.time_passed is None else round(self.time_passed * 100)

    @property
    def latest_is_suppressed(self) -> bool:
        return self.latest is not None and not self.latest.has_value


def goal_status(
    *,
    points: list[Point],
    baseline_value: Decimal,
    baseline_year: int,
    target_value: Decimal,
    target_year: int,
) -> StatusResult:
    """The status of one indicator of a goal (see the module docstring for the rule)."""
    ordered = sorted(points, key=lambda p: p.school_year)
    latest = ordered[-1] if ordered else None
    with_value = [p for p in ordered if p.has_value]
    latest_value = with_value[-1] if with_value else None
    if latest_value is None or latest_value.school_year <= baseline_year:
        return StatusResult(Status.NO_NEW_VALUE, latest, latest_value, None, None)
    span = Decimal(target_year - baseline_year)
    time_passed = min(Decimal(1), Decimal(latest_value.school_year - baseline_year) / span)
    distance = target_value - baseline_value
    # Forms refuse a target equal to the baseline; should one exist, only hitting it counts.
    progress = (
        (latest_value.value - baseline_value) / distance
        if distance
        else Decimal(latest_value.value == target_value)
    )
    if progress >= 1:
        status = Status.REACHED
    elif progress >= time_passed:
        status = Status.ON_TRACK
    else:
        status = Status.BEHIND
    return StatusResult(status, latest, latest_value, progress, time_passed)


class Trend(Enum):
    BETTER = "better"
    WORSE = "worse"
    UNCHANGED = "unchanged"
    CHANGED = "changed"  # the indicator has no desired direction: up or down is neither


@dataclass(frozen=True)
class TrendResult:
    trend: Trend
    change: Decimal
    previous: Point
    latest: Point

    @property
    def label(self) -> str:
        if self.trend is Trend.CHANGED:
            return str(_("ökat") if self.change > 0 else _("minskat"))
        return str({Trend.BETTER: _("bättre"), Trend.WORSE: _("sämre"), Trend.UNCHANGED: _("oförändrat")}[self.trend])


def trend(*, points: list[Point], higher_is_better: bool | None) -> TrendResult | None:
    """The change between the two latest values with numbers, judged by the desired direction."""
    with_value = sorted((p for p in points if p.has_value), key=lambda p: p.school_year)
    if len(with_value) < 2:
        return None
    previous, latest = with_value[-2], with_value[-1]
    change = latest.value - previous.value
    if change == 0:
        kind = Trend.UNCHANGED
    elif higher_is_better is None:
        kind = Trend.CHANGED
    else:
        kind = Trend.BETTER if (change > 0) == higher_is_better else Trend.WORSE
    return TrendResult(kind, change, previous, latest)


@dataclass
class CohortLine:
    """The same pupils followed across grades."""

    cohort: int  # the autumn they started grade 1
    points: list[Point] = field(default_factory=list)  # by grade, ascending
    between_cohorts: Decimal | None = None  # last grade: this cohort minus the cohort a year before

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def last(self) -> Point:
        return self.points[-1]

    @property
    def label(self) -> str:
        return str(
            _("Åk %(g1)s %(y1)s → åk %(g2)s %(y2)s")
            % {"g1": self.first.grade, "y1": self.first.year_label, "g2": self.last.grade, "y2": self.last.year_label}
        )

    @property
    def within_cohort(self) -> Decimal | None:
        """Value added: the last measured grade minus the first, both with numbers."""
        with_value = [p for p in self.points if p.has_value]
        if len(with_value) < 2 or with_value[0].grade == with_value[-1].grade:
            return None
        return with_value[-1].value - with_value[0].value


def cohort_lines(*, points: list[Point], min_grades: int = 2) -> list[CohortLine]:
    """Group points into cohorts and keep those measured in at least ``min_grades`` grades.

    Newest cohort first. ``between_cohorts`` compares the cohort's last point with the value the
    cohort a year older had in the same grade, so the two kinds of change sit side by side.
    """
    by_cohort: dict[int, dict[int, Point]] = {}
    for p in points:
        if p.cohort is not None:
            by_cohort.setdefault(p.cohort, {})[p.grade] = p
    by_grade_year = {(p.grade, p.school_year): p for p in points if p.grade is not None}
    lines: list[CohortLine] = []
    for cohort, grades in by_cohort.items():
        if len(grades) < min_grades:
            continue
        line = CohortLine(cohort=cohort, points=[grades[g] for g in sorted(grades)])
        earlier = by_grade_year.get((line.last.grade, line.last.school_year - 1))
        if earlier is not None and earlier.has_value and line.last.has_value:
            line.between_cohorts = line.last.value - earlier.value
        lines.append(line)
    return sorted(lines, key=lambda line: line.cohort, reverse=True)
