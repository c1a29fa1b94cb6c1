"""Reads of principals' time: one principal's trend, förvaltning's overview, dimension 7's status.

A principal's figures reach only the principal and förvaltning (the views check
``access.rights.can_see_principal_time`` before calling the per-principal reads). ``time_status``
is what everyone in the municipality sees on the quality start page and in the report: counts of
principals, and hours only for a group of at least ``group_minimum(threshold)`` principals.

Query counts do not grow with the number of principals, weeks or freed items.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from municipalities.models import Level, Membership, Municipality, School
from reviews.aggregation import group_minimum
from reviews.selectors import anonymity_threshold

from .models import KINDS, FreedTime, TimeTarget, WeekLog, week_start

RECENT_WEEKS = 4  # "lately": the weeks an average and the status look at
TREND_WEEKS = 12


def _avg(values: list[Decimal]) -> Decimal | None:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1")) if values else None


def recent_weeks(*, today: datetime.date, n: int = RECENT_WEEKS) -> list[datetime.date]:
    """The Mondays of the last ``n`` weeks, this week last. This week counts once it is logged."""
    this = week_start(today)
    return [this - datetime.timedelta(weeks=i) for i in range(n - 1, -1, -1)]


def _hours(value: Decimal) -> str:
    return number_format(value, decimal_pos=1)


def _target_at(targets: list[TimeTarget], week: datetime.date) -> Decimal | None:
    """The target in force in a week: the latest that started on or before it (targets in date order)."""
    current = None
    for t in targets:
        if t.valid_from <= week:
            current = t.hours
    return current


# --- Principals ----------------------------------------------------------------------------------

def principals(*, municipality: Municipality, school: School | None = None) -> list[Membership]:
    qs = Membership.objects.filter(municipality=municipality, level=Level.REKTOR).select_related("user", "school")
    if school is not None:
        qs = qs.filter(school=school)
    return sorted(qs, key=lambda m: (m.school.name if m.school else "", m.user.full_name or m.user.email))


def principal_get(*, municipality: Municipality, user_id: int) -> Membership:
    """A principal of this municipality, or 404 (whoever else the id names is not revealed)."""
    m = (
        Membership.objects.filter(municipality=municipality, level=Level.REKTOR, user_id=user_id)
        .select_related("user", "school").first()
    )
    if m is None:
        raise Http404(_("Rektorn finns inte."))
    return m


# --- One principal -------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrendWeek:
    week: datetime.date
    number: int  # ISO week
    log: WeekLog | None
    target: Decimal | None

    @property
    def label(self) -> str:
        return _("v. %(n)s") % {"n": self.number}

    @property
    def leadership(self) -> Decimal | None:
        return self.log.leadership_hours if self.log else None

    @property
    def reached(self) -> bool | None:
        if self.log is None or self.target is None:
            return None
        return self.log.leadership_hours >= self.target

    @property
    def end(self) -> datetime.date:
        return self.week + datetime.timedelta(days=6)


@dataclass
class Trend:
    weeks: list[TrendWeek]
    target: TimeTarget | None  # in force this week
    targets: list[TimeTarget]
    recent_average: Decimal | None  # pedagogical leadership, hours a week, over the logged recent weeks
    recent_logged: int
    freed_hours: Decimal
    freed_count: int

    @property
    def recent_gap(self) -> Decimal | None:
        if self.recent_average is None or self.target is None:
            return None
        return self.recent_average - self.target.hours


def time_targets(*, municipality: Municipality, principal_id: int) -> list[TimeTarget]:
    return list(TimeTarget.objects.filter(municipality=municipality, principal_id=principal_id)
                .select_related("set_by").order_by("valid_from"))


def principal_trend(*, municipality: Municipality, principal_id: int, today: datetime.date | None = None,
                    n_weeks: int = TREND_WEEKS) -> Trend:
    """The last ``n_weeks`` weeks against the target in force each week (three queries)."""
    today = today or timezone.localdate()
    weeks = recent_weeks(today=today, n=n_weeks)
    targets = time_targets(municipality=municipality, principal_id=principal_id)
    logs = {
        log.week: log for log in WeekLog.objects.filter(
            municipality=municipality, principal_id=principal_id, week__range=(weeks[0], weeks[-1]))
    }
    rows = [TrendWeek(w, w.isocalendar()[1], logs.get(w), _target_at(targets, w)) for w in weeks]
    recent = [r.leadership for r in rows[-RECENT_WEEKS:] if r.log is not None]
    freed = FreedTime.objects.filter(municipality=municipality, principal_id=principal_id).aggregate(
        h=Sum("hours"), n=Count("id"))
    this_week = weeks[-1]
    in_force = [t for t in targets if t.valid_from <= this_week]
    return Trend(
        weeks=rows, target=in_force[-1] if in_force else None, targets=targets,
        recent_average=_avg(recent), recent_logged=len(recent),
        freed_hours=freed["h"] or Decimal(0), freed_count=freed["n"],
    )


def freed_list(*, municipality: Municipality, principal_id: int) -> list[FreedTime]:
    return list(FreedTime.objects.filter(municipality=municipality, principal_id=principal_id))


def freed_get(*, municipality: Municipality, principal_id: int, pk: int) -> FreedTime:
    item = FreedTime.objects.filter(municipality=municipality, principal_id=principal_id, pk=pk).first()
    if item is None:
        raise Http404(_("Raden finns inte."))
    return item


def week_log_get(*, municipality: Municipality, principal_id: int, week: datetime.date) -> WeekLog | None:
    return WeekLog.objects.filter(municipality=municipality, principal_id=principal_id, week=week).first()


def kind_totals(*, trend: Trend) -> list[tuple[str, Decimal]]:
    """Hours per kind of work over the trend's logged weeks (the page's "where the time went")."""
    totals = {k: Decimal(0) for k, _label in KINDS}
    for row in trend.weeks:
        if row.log is not None:
            for k in totals:
                totals[k] += getattr(row.log, k)
    return [(str(label), totals[k]) for k, label in KINDS]


# --- Many principals at once ---------------------------------------------------------------------

@dataclass
class PrincipalSummary:
    membership: Membership
    target: Decimal | None  # in force this week
    recent_average: Decimal | None
    recent_logged: int
    freed_hours: Decimal = Decimal(0)
    freed_count: int = 0

    @property
    def name(self) -> str:
        return self.membership.user.full_name or self.membership.user.email

    @property
    def reaches_target(self) -> bool | None:
        if self.target is None or self.recent_average is None:
            return None
        return self.recent_average >= self.target


def principal_summaries(*, municipality: Municipality, today: datetime.date | None = None,
                        school: School | None = None) -> list[PrincipalSummary]:
    """Each principal's target, recent average and freed hours (four queries, any number of principals)."""
    today = today or timezone.localdate()
    people = principals(municipality=municipality, school=school)
    ids = [m.user_id for m in people]
    weeks = recent_weeks(today=today)
    targets: dict[int, list[TimeTarget]] = defaultdict(list)
    for t in TimeTarget.objects.filter(municipality=municipality, principal_id__in=ids, valid_from__lte=weeks[-1]):
        targets[t.principal_id].append(t)
    recent: dict[int, list[Decimal]] = defaultdict(list)
    for log in WeekLog.objects.filter(municipality=municipality, principal_id__in=ids, week__range=(weeks[0], weeks[-1])):
        recent[log.principal_id].append(log.leadership_hours)
    freed = {
        row["principal_id"]: row for row in
        FreedTime.objects.filter(municipality=municipality, principal_id__in=ids).order_by()
        .values("principal_id").annotate(h=Sum("hours"), n=Count("id"))
    }
    return [
        PrincipalSummary(
            membership=m,
            target=targets[m.user_id][-1].hours if targets.get(m.user_id) else None,
            recent_average=_avg(recent.get(m.user_id, [])),
            recent_logged=len(recent.get(m.user_id, [])),
            freed_hours=freed[m.user_id]["h"] if m.user_id in freed else Decimal(0),
            freed_count=freed[m.user_id]["n"] if m.user_id in freed else 0,
        )
        for m in people
    ]


# --- Dimension 7's status (everyone in the municipality sees it) --------------------------------

@dataclass
class TimeStatus:
    principals: int
    with_target: int
    logging: int  # logged at least one of the recent weeks
    minimum: int  # principals a figure of hours needs
    # Only for at least ``minimum`` principals together; None otherwise.
    average: Decimal | None = None  # pedagogical leadership, hours a week, per logging principal
    average_target: Decimal | None = None  # the same principals' targets
    reaching: int | None = None
    freed_hours: Decimal | None = None
    freed_principals: int = 0

    @property
    def shows_hours(self) -> bool:
        return self.average is not None

    @property
    def summary(self) -> str:
        """One line, as the start page, the self-assessment and the report print it."""
        if not self.principals:
            return _("Kommunen har inga rektorer i Skolnätverk ännu.")
        parts = [_("%(t)s av %(n)s rektorer har ett mål för sitt pedagogiska ledarskap, %(l)s loggar sin tid.") % {
            "t": self.with_target, "n": self.principals, "l": self.logging}]
        if self.average is not None:
            text = _("I snitt %(a)s timmar i veckan pedagogiskt ledarskap de senaste fyra veckorna") % {
                "a": _hours(self.average)}
            if self.average_target is not None:
                text += _(" mot målet %(m)s; %(r)s når sitt mål") % {"m": _hours(self.average_target), "r": self.reaching}
            parts.append(text + ".")
        elif self.logging:
            parts.append(_("Timmar visas när minst %(m)s rektorer loggar.") % {"m": self.minimum})
        if self.freed_hours is not None:
            parts.append(_("%(h)s timmar i veckan frigjorda.") % {"h": _hours(self.freed_hours)})
        elif self.freed_principals:
            parts.append(_("%(p)s av rektorerna har listat vad de har slutat med eller delegerat.") % {
                "p": self.freed_principals})
        return " ".join(parts)

    @property
    def level(self) -> str:
        """ok when every principal has a target and at least four in five log; warning otherwise."""
        if self.principals and self.with_target == self.principals and 5 * self.logging >= 4 * self.principals:
            return "ok"
        return "warning"


def time_status(*, municipality: Municipality, today: datetime.date | None = None) -> TimeStatus:
    """Counts of principals with a target and a log; hours only for a large enough group.

    A principal who sees the start page knows their own figures: a group average of fewer than
    threshold + 1 principals would tell them about too few others (reviews.aggregation's rule).
    """
    summaries = principal_summaries(municipality=municipality, today=today)
    minimum = group_minimum(anonymity_threshold(municipality=municipality))
    logging = [s for s in summaries if s.recent_logged]
    status = TimeStatus(
        principals=len(summaries), with_target=sum(1 for s in summaries if s.target is not None),
        logging=len(logging), minimum=minimum,
    )
    if len(logging) >= minimum:
        status.average = _avg([s.recent_average for s in logging])
        with_targets = [s for s in logging if s.target is not None]
        if len(with_targets) >= minimum:
            status.average_target = _avg([s.target for s in with_targets])
            status.reaching = sum(1 for s in with_targets if s.reaches_target)
    freeing = [s for s in summaries if s.freed_count]
    status.freed_principals = len(freeing)
    if len(freeing) >= minimum:
        status.freed_hours = sum((s.freed_hours for s in freeing), Decimal(0))
    return status

