"""Reads: commitments, feedback and report-back (redovisning).

Functions other apps may call (the PDF reports use them): ``commitment_list``,
``commitments_for_report_back``, ``report_back``, ``feedback_received``, and the success factors
in ``commitments.success``.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    F,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, JSONArray, RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from access.context import NetworkContext
from access.visibility import commitments_shared_with_network
from core.dates import date_text
from municipalities.models import Level, Municipality
from networks.models import Meeting, Network

from .models import OPEN_STATUSES, Commitment, CommitmentShare, CommitmentStatus, Feedback, ProgressUpdate

# A commitment made without a meeting in sight is due this long after it was made.
DEFAULT_DUE_DAYS = 60

_NOT_READ = object()  # an argument the caller did not give (None is a value)


def _with_latest_update(qs: QuerySet) -> QuerySet:
    """Commitments with their owner and only their latest update (``update_list`` of 0 or 1).

    The report-back shows one update per commitment; fetching all of them (five or more each,
    for dozens of commitments) was most of that page's time at national scale (issue 8).
    """
    return qs.select_related("owner", "municipality", "meeting__round").prefetch_related(_latest_update_only())


def _latest_update_only() -> Prefetch:
    """Each commitment's latest update as its ``update_list`` (of 0 or 1)."""
    latest = ProgressUpdate.objects.annotate(
        rank=Window(RowNumber(), partition_by=[F("commitment_id")], order_by=[F("done_on").desc(), F("created").desc()])
    ).filter(rank=1)
    return Prefetch("updates", queryset=latest, to_attr="update_list")


def latest_update(commitment: Commitment) -> ProgressUpdate | None:
    updates = getattr(commitment, "update_list", None)
    if updates is None:
        return commitment.updates.order_by("-done_on", "-created").first()
    return updates[0] if updates else None


def is_reported(commitment: Commitment) -> bool:
    """Reported on: someone recorded an update, or the status moved on from "planerad"."""
    updates = getattr(commitment, "update_list", None)
    has_update = bool(updates) if updates is not None else commitment.updates.exists()
    return has_update or commitment.status != CommitmentStatus.PLANNED


# --- The municipality's own commitments ------------------------------------------------------------

COMMITMENTS_PER_PAGE = 50


def commitment_list(*, municipality: Municipality, status: str = "", overdue: bool = False) -> list[Commitment]:
    return list(_commitment_list_qs(municipality=municipality, status=status, overdue=overdue))


@dataclass(frozen=True)
class CommitmentRow:
    """One row of the commitments list, with its texts made once per request.

    Fifty model instances with their owner, meeting, round and network, and for each a dozen lazy
    labels, date filters and translation tags, cost the list most of its time when nothing is
    kept (issue 18); these rows come from one ``values()`` query and repeat no translation.
    """

    pk: int
    title: str
    status: str
    status_label: str
    is_overdue: bool
    made_at: str  # "Gjort vid träffen 2 dec. 2026 (omgång 3)", or "" when made at home
    due_on: str
    due_line: str  # "Klart senast 2 dec. 2026" (the phone's folded columns)
    owner_name: str | None  # None: nobody owns it
    levels: str
    schools: list[str]
    update_count: int
    updates_line: str
    last_update_on: str


def commitment_page(
    *, municipality: Municipality, status: str = "", overdue: bool = False, owner=None, number: object = 1
) -> Page:
    """One page of the list (:class:`CommitmentRow` objects): years of commitments must not make the page grow.

    ``owner``: only the commitments this person owns (the list's "Mina" filter).

    One query for a page in range: its rows, each with how many rows the list has (a window
    count over the grouped rows), instead of counting them first in a query of their own
    (issue 18). A page past the end is the paginator's as before: counted, then the last page.
    Unscoped, naming the municipality by its id as the scope would: the scope's filter said it
    again, a condition to build and compile on every cold list (issue 18).
    """
    qs = _filtered(Commitment._base_manager.filter(municipality_id=municipality.pk), status=status, overdue=overdue)
    if owner is not None:
        qs = qs.filter(owner=owner)
    qs = (
        qs.annotate(update_count=Count("updates"), last_update_on=Max("updates__done_on"))
        .order_by("due_on", "title")
        .values("pk", "title", "status", "due_on", "levels", "owner_id", "owner__full_name", "meeting__starts",
                "meeting__round__number", "update_count", "last_update_on")
    )
    paginator = Paginator(qs, COMMITMENTS_PER_PAGE)
    wanted = number if isinstance(number, int) and number >= 1 else None
    if wanted is not None:
        start = (wanted - 1) * COMMITMENTS_PER_PAGE
        # A window, not an aggregate: the rows stay grouped by commitment, and each says how many there are.
        values = list(qs.annotate(list_count=Window(Count("pk")))[start:start + COMMITMENTS_PER_PAGE])
        if values or wanted == 1:
            paginator.count = values[0]["list_count"] if values else 0
            return Page(_commitment_rows(values), wanted, paginator)
    page = paginator.get_page(number)
    page.object_list = _commitment_rows(list(page.object_list))
    return page


def _commitment_rows(values: list[dict]) -> list[CommitmentRow]:
    schools: dict[int, list[str]] = {}
    through = Commitment.schools.through.objects.filter(commitment_id__in=[v["pk"] for v in values])
    for commitment_id, name in through.order_by("school__name", "school_id").values_list("commitment_id", "school__name"):
        schools.setdefault(commitment_id, []).append(name)
    today = timezone.localdate()
    statuses = {value: str(label) for value, label in CommitmentStatus.choices}
    level_labels = {value: str(label) for value, label in Level.choices}
    made_at, due_line = _("Gjort vid träffen %(date)s (omgång %(n)s)"), _("Klart senast %(date)s")
    dates: dict[tuple, str] = {}

    def day(value, style: str = "datum") -> str:
        if (value, style) not in dates:
            dates[value, style] = date_text(value, style)
        return dates[value, style]

    updates: dict[int, str] = {}  # "5 uppdateringar" once per number, not once per row

    def updates_line(n: int) -> str:
        if n not in updates:
            updates[n] = ngettext("%(n)s uppdatering", "%(n)s uppdateringar", n) % {"n": n}
        return updates[n]

    rows = []
    for v in values:
        n = v["update_count"]
        rows.append(CommitmentRow(
            pk=v["pk"],
            title=v["title"],
            status=v["status"],
            status_label=statuses.get(v["status"], v["status"]),
            is_overdue=v["status"] in OPEN_STATUSES and v["due_on"] < today,
            made_at=made_at % {"date": day(v["meeting__starts"]), "n": v["meeting__round__number"]}
            if v["meeting__starts"] else "",
            due_on=day(v["due_on"]),
            due_line=due_line % {"date": day(v["due_on"])},
            owner_name=(v["owner__full_name"] or "") if v["owner_id"] else None,
            levels=", ".join(level_labels[level] for level in v["levels"] if level in level_labels),
            schools=schools.get(v["pk"], []),
            update_count=n,
            updates_line=updates_line(n),
            last_update_on=day(v["last_update_on"], "dag") if v["last_update_on"] else "",
        ))
    return rows


def _filtered(qs: QuerySet, *, status: str, overdue: bool) -> QuerySet:
    if status in CommitmentStatus.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    return qs


def _commitment_list_qs(*, municipality: Municipality, status: str, overdue: bool) -> QuerySet:
    qs = (
        Commitment.objects.filter(municipality=municipality)
        .select_related("owner", "meeting__round__network")
        .prefetch_related("schools")
        .annotate(update_count=Count("updates"), last_update_on=Max("updates__done_on"))
        .order_by("due_on", "title")
    )
    return _filtered(qs, status=status, overdue=overdue)


def commitment_get(*, municipality: Municipality, pk: int) -> Commitment:
    """A commitment of this municipality, or 404 (another municipality's id is not revealed).

    With what every use of one commitment reads (owner, meeting, schools for the permission
    check), not its updates: recording a progress update must not load the years of updates
    before it. ``commitment_details`` adds what the detail page and the API show.
    """
    return get_object_or_404(
        Commitment.objects.filter(municipality=municipality)
        .select_related("owner", "municipality", "meeting__round__network")
        .prefetch_related("schools"),
        pk=pk,
    )


def commitment_details(*, commitment: Commitment) -> Commitment:
    """The goals, statements and shares of a commitment from ``commitment_get``, in three queries."""
    prefetch_related_objects(
        [commitment], "goals", "statements",
        Prefetch("shares", queryset=CommitmentShare.objects.select_related("network")),
    )
    return commitment


# A commitment followed for years gathers updates; the detail page shows the newest first, a page
# at a time, so that the page a teacher lands on after saving one stays as fast as the first day.
UPDATES_PER_PAGE = 20


def update_page(*, commitment: Commitment, number: object = 1) -> Page:
    """One page of a commitment's progress updates, newest first."""
    updates = commitment.updates.select_related("author").order_by("-done_on", "-created", "-pk")
    return Paginator(updates, UPDATES_PER_PAGE).get_page(number)


def commitment_history(*, commitment: Commitment, limit: int = 20) -> list:
    return list(commitment.history.select_related("history_user").order_by("-history_date")[:limit])


def update_get(*, municipality: Municipality, pk: int) -> ProgressUpdate:
    return get_object_or_404(
        ProgressUpdate.objects.select_related("commitment"), pk=pk, commitment__municipality=municipality
    )


class OverdueCommitment(NamedTuple):
    """An open commitment past its date, as the home's card lists it."""

    pk: int
    title: str
    due_on: datetime.date


@dataclass(frozen=True)
class CommitmentPanel:
    """The commitments card on the municipality home."""

    open_count: int
    overdue: list[OverdueCommitment]  # by date, then title
    feedback_count: int


def commitment_panel(*, municipality: Municipality) -> CommitmentPanel:
    # Only the open commitments, only the fields the panel shows, and a count of the feedback:
    # the panel's cost does not grow with years of closed commitments (issue 8).
    # The feedback counted in the same query, on each row (issue 18: one query less on every cold
    # home); counted apart only when no commitment is open. COUNT as a plain function, as Django's
    # documentation counts in a subquery: no GROUP BY, so one row, 0 when there is no feedback.
    # Plain rows, not model instances: the card shows three fields (issue 18).
    # Both unscoped, naming the municipality by its id as the scope would: the scope's filters said
    # it again, two more conditions to build and compile on every cold home (issue 18).
    feedback = Feedback._base_manager.filter(municipality_id=municipality.pk).order_by().annotate(
        n=Func(F("pk"), function="COUNT")).values("n")
    open_ = list(
        Commitment._base_manager.filter(municipality_id=municipality.pk, status__in=OPEN_STATUSES)
        .annotate(feedback_count=Subquery(feedback))
        .order_by("due_on", "title")
        .values_list("pk", "title", "due_on", "feedback_count")
    )
    feedback_count = open_[0][3] if open_ else Feedback.objects.filter(municipality=municipality).count()
    today = timezone.localdate()  # Commitment.is_overdue's rule, for open ones
    return CommitmentPanel(
        open_count=len(open_),
        overdue=[OverdueCommitment(pk, title, due_on) for pk, title, due_on, _n in open_ if due_on < today],
        feedback_count=feedback_count,
    )


def commitments_in_period(
    *, municipality: Municipality, start: datetime.date, end: datetime.date, network_ctx: NetworkContext | None = None
) -> list[Commitment]:
    """Commitments alive during the period (made by its end, due at its start or later), with the
    latest update each: the list of a progress report.

    With ``network_ctx`` (the network report) only what the network may see (access.visibility).
    """
    return commitments_in_period_of(
        municipality_ids=[municipality.pk], start=start, end=end, network_ctx=network_ctx
    )[municipality.pk]


def commitments_in_period_of(
    *, municipality_ids, start: datetime.date, end: datetime.date, network_ctx: NetworkContext | None = None,
    presented_at=_NOT_READ, latest_update: bool = True,
) -> dict[int, list[Commitment]]:
    """``commitments_in_period`` of many municipalities (the network report's members):
    municipality id -> its list, in the same number of queries however many there are.

    ``presented_at``: :func:`last_begun_meeting_start` of the network, when the caller knows it.
    ``latest_update=False``: the commitments' own fields only, for a report that prints no update
    (the network report's members: hundreds of commitments whose updates and related rows were
    most of the time it took to read them).
    """
    found: dict[int, list[Commitment]] = {pk: [] for pk in municipality_ids}
    qs = Commitment.objects.filter(municipality_id__in=list(found), created__date__lte=end, due_on__gte=start)
    if network_ctx is not None:
        if presented_at is _NOT_READ:
            presented_at = last_begun_meeting_start(network=network_ctx.network)
        qs = commitments_shared_with_network(qs, network_ctx, presented_at=presented_at)
    for commitment in (_with_latest_update(qs) if latest_update else qs).order_by("due_on", "title"):
        found[commitment.municipality_id].append(commitment)
    return found


# A progress report lists every commitment (and all feedback) of a short period; over a long one a
# board paper shows the counts per status and lists only the open commitments and those settled
# lately, and the latest half year's feedback (issue 13). The pages keep the whole lists.
LIST_IN_FULL_UP_TO = 20
RECENT = datetime.timedelta(days=183)


@dataclass
class PeriodCommitments:
    """The commitments of a report's period: counted per status, the open and recent ones listed.

    ``settled_since`` is None when every commitment is listed; otherwise a commitment that was
    settled (done or not done) with a due date before it is counted but not listed: the whole
    list is the commitments page's.
    """

    commitments: list[Commitment]
    today: datetime.date
    settled_since: datetime.date | None = None

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the statuses' order, like the commitments page's filters."""
        return [
            (value, str(label), sum(1 for c in self.commitments if c.status == value))
            for value, label in CommitmentStatus.choices
        ]

    @property
    def overdue(self) -> int:
        """Open with the due date passed: the page's "Försenade" filter."""
        return sum(1 for c in self.commitments if c.status in OPEN_STATUSES and c.due_on < self.today)

    def _listed(self, c: Commitment) -> bool:
        return self.settled_since is None or c.status in OPEN_STATUSES or c.due_on >= self.settled_since

    @property
    def listed(self) -> list[Commitment]:
        return [c for c in self.commitments if self._listed(c)]

    @property
    def not_listed(self) -> int:
        return sum(1 for c in self.commitments if not self._listed(c))


def period_commitments(
    *, commitments: list[Commitment], end: datetime.date, today: datetime.date | None = None
) -> PeriodCommitments:
    """``commitments_in_period``'s list as a progress report shows it (see LIST_IN_FULL_UP_TO)."""
    today = today or timezone.localdate()
    long = len(commitments) > LIST_IN_FULL_UP_TO
    return PeriodCommitments(commitments=list(commitments), today=today,
                             settled_since=end - RECENT if long else None)


def commitments_seen_by_network(
    *, ctx: NetworkContext, municipality_ids=None, now: datetime.datetime | None = None, presented_at=_NOT_READ,
) -> QuerySet:
    """Every commitment of the members that the network may see now: the network's success
    factors count these, and the network report's per-municipality figures add up to them.

    ``presented_at``: :func:`last_begun_meeting_start`, when the caller knows it already.
    """
    # Unscoped: commitments_shared_with_network names the network's members, as the scope would;
    # the scope's filter named them again, a lookup to build and compile for nothing (issue 18).
    qs = Commitment._base_manager.all()
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=list(municipality_ids))
    if presented_at is _NOT_READ:
        presented_at = last_begun_meeting_start(network=ctx.network, now=now)
    return commitments_shared_with_network(qs, ctx, presented_at=presented_at)


def last_begun_meeting_start(*, network: Network, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The start of the network's latest meeting that has begun: its report-back presented the
    home-made commitments made before it (access.visibility.commitments_shared_with_network)."""
    now = now or timezone.now()
    return (
        Meeting.objects.filter(round__network=network, starts__lte=now)
        .order_by("-starts").values_list("starts", flat=True).first()
    )


def feedback_in_period(*, municipality: Municipality, start: datetime.date, end: datetime.date) -> list[Feedback]:
    """Feedback the municipality got at meetings held during the period."""
    return list(
        Feedback.objects.filter(municipality=municipality, meeting__starts__date__gte=start,
                                meeting__starts__date__lte=end)
        .select_related("meeting__round", "author_municipality").order_by("meeting__starts", "kind", "created")
    )


@dataclass
class PeriodFeedback:
    """The feedback of a report's period; ``since`` (None: all listed) leaves out the older."""

    feedback: list[Feedback]
    since: datetime.date | None = None

    @property
    def listed(self) -> list[Feedback]:
        return [f for f in self.feedback if self.since is None or timezone.localdate(f.meeting.starts) >= self.since]

    @property
    def not_listed(self) -> int:
        return len(self.feedback) - len(self.listed)


def period_feedback(*, feedback: list[Feedback], end: datetime.date) -> PeriodFeedback:
    """``feedback_in_period``'s list as a progress report shows it (see LIST_IN_FULL_UP_TO)."""
    return PeriodFeedback(feedback=list(feedback), since=end - RECENT if len(feedback) > LIST_IN_FULL_UP_TO else None)


def latest_meetings(*, network: Network, limit: int = 3, meetings: list[Meeting] | None = None) -> list[Meeting]:
    """The network's latest meetings, for the feedback and report-back links on its home.

    ``meetings``: all of the network's meetings with their round, when the page has read them.
    """
    if meetings is not None:
        return sorted(meetings, key=lambda m: m.starts, reverse=True)[:limit]
    return list(Meeting.objects.filter(round__network=network).order_by("-starts").select_related("round")[:limit])


@dataclass(frozen=True)
class GoalCommitment:
    """A commitment as the goal page lists it: a plain row, not a model instance."""

    pk: int
    title: str
    status: str
    due_on: datetime.date
    owner_name: str | None  # None: nobody owns it
    is_overdue: bool


def commitments_for_goal(*, goal) -> list[GoalCommitment]:
    """The commitments linked to the goal, by due date, with only what the goal page lists of them.

    Plain rows (values_list): deferred model instances with their owner cost the goal page more
    than the query with nothing cached (issue 18)."""
    today = timezone.localdate()
    rows = (
        Commitment.objects.filter(goals=goal, municipality_id=goal.municipality_id)
        .order_by("due_on")
        .values_list("pk", "title", "status", "due_on", "owner_id", "owner__full_name")
    )
    return [
        GoalCommitment(pk=pk, title=title, status=status, due_on=due_on,
                       owner_name=None if owner_id is None else name,
                       is_overdue=status in OPEN_STATUSES and due_on < today)
        for pk, title, status, due_on, owner_id, name in rows
    ]


def commitments_open_for_user(*, user) -> list[Commitment]:
    """Every open commitment the user owns, in all their municipalities (start page): overdue first."""
    return list(
        Commitment.objects.filter(owner=user, status__in=OPEN_STATUSES)
        .select_related("municipality", "meeting")
        .order_by("due_on", "title")
    )


# --- Meetings seen from commitments ----------------------------------------------------------------

def meetings_for_municipality(*, municipality: Municipality) -> list[Meeting]:
    return list(
        Meeting.objects.filter(round__network__memberships__municipality=municipality)
        .select_related("round__network")
        .order_by("starts")
    )


def default_due_on(*, municipality: Municipality, after: datetime.datetime | None = None) -> datetime.date:
    """Due by the municipality's next network meeting; without one, DEFAULT_DUE_DAYS from now."""
    after = after or timezone.now()
    meeting = (
        Meeting.objects.filter(round__network__memberships__municipality=municipality, starts__gt=after)
        .order_by("starts")
        .first()
    )
    if meeting is not None:
        return timezone.localdate(meeting.starts)
    return timezone.localdate(after) + datetime.timedelta(days=DEFAULT_DUE_DAYS)


class PreviousMeeting(NamedTuple):
    """The network's meeting before a report-back's, as the report-back uses it."""

    pk: int
    starts: datetime.datetime
    round_number: int


def previous_meeting(*, meeting: Meeting) -> PreviousMeeting | None:
    """The meeting of the network's round before ``meeting``'s: three values, no instances."""
    found = (
        Meeting.objects.filter(round__network_id=meeting.round.network_id, round__number__lt=meeting.round.number)
        .order_by("-round__number")
        .values_list("pk", "starts", "round__number")[:1]
    )
    return next((PreviousMeeting(*row) for row in found), None)


@dataclass(frozen=True)
class ReportBackWindow:
    """Which commitments a meeting's report-back covers.

    Those made at the previous meeting, and those made at home since it (or since the round's
    home phase began, for a first meeting) and before this meeting starts.
    """

    meeting: Meeting
    previous: PreviousMeeting | None
    starts: datetime.datetime

    def filter(self) -> Q:
        home = Q(meeting__isnull=True, created__gte=self.starts, created__lt=self.meeting.starts)
        if self.previous is None:
            return home
        return Q(meeting_id=self.previous.pk) | home


def report_back_window(*, meeting: Meeting) -> ReportBackWindow:
    previous = previous_meeting(meeting=meeting)
    if previous is not None:
        starts = previous.starts
    else:
        starts = timezone.make_aware(datetime.datetime.combine(meeting.round.home_phase_starts, datetime.time.min))
    return ReportBackWindow(meeting=meeting, previous=previous, starts=starts)


REPORT_BACK_TEXT_CHARS = 220  # an update's text on the report-back, shortened (the commitment page has it whole)


@dataclass(slots=True)
class ReportBackItem:
    """One commitment as the report-back shows it, in plain values.

    A network's report-back lists every member's commitments (dozens, each with an owner, a
    meeting and a latest update): read as values and put together once here, instead of as
    model instances that the template walks lookup by lookup, it costs a fraction (issue 18).
    """

    pk: int
    municipality_id: int
    title: str
    status: str
    status_label: str
    is_overdue: bool
    not_done_reason: str
    from_meeting: bool
    roles: str  # the responsible levels and the owner, joined for display
    update_on: datetime.date | None = None
    update_confidence: int | None = None
    update_text: str = ""
    has_update: bool = False

    @property
    def is_reported(self) -> bool:
        """Reported on: someone recorded an update, or the status moved on from "planerad"."""
        return self.has_update or self.status != CommitmentStatus.PLANNED

    @property
    def is_unreported(self) -> bool:
        return not self.is_reported


class ReportBackMember(NamedTuple):
    """A member municipality as its report-back shows it."""

    pk: int
    name: str
    slug: str


@dataclass
class ReportBackRow:
    municipality: ReportBackMember | Municipality
    commitments: list[ReportBackItem] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        per_status = Counter(c.status for c in self.commitments)
        return [(value, str(label), per_status[value]) for value, label in CommitmentStatus.choices]

    @property
    def not_reported(self) -> list[ReportBackItem]:
        return [c for c in self.commitments if not c.is_reported]


def _report_back_items(qs: QuerySet) -> list[ReportBackItem]:
    """The commitments of ``qs`` as report-back items, with their latest update: one query,
    ordered by municipality, due day and title.

    The latest update comes with each commitment as one JSON array of a correlated subquery
    (its day, confidence and text), not as a second query over the commitments' ids, and the
    levels as their JSON text, read once for each distinct set (issue 18): no JSON decoded per
    row. The subquery reads the updates through the base manager: only those of the commitments
    ``qs`` returns, already scoped and filtered.
    """
    today = timezone.localdate()
    level_labels = {value: str(label) for value, label in Level.choices}
    status_labels = {value: str(label) for value, label in CommitmentStatus.choices}
    latest = ProgressUpdate._base_manager.filter(commitment_id=OuterRef("pk")).order_by("-done_on", "-created")
    # A JSON array, which PostgreSQL and SQLite (the demo's database) both build: the day as ISO text.
    update_values = JSONArray(F("done_on"), F("confidence"), F("text"))
    rows = qs.order_by("municipality__name", "due_on", "title").annotate(
        latest_update=Subquery(latest.values(values=update_values)[:1]),
        levels_text=Cast("levels", TextField()),
    ).values_list(
        "pk", "municipality_id", "title", "status", "due_on", "not_done_reason", "levels_text", "meeting_id",
        "owner_id", "owner__full_name", "latest_update",
    )
    level_texts: dict[str | None, str] = {}
    from_date, limit = datetime.date.fromisoformat, REPORT_BACK_TEXT_CHARS
    items = []
    for pk, municipality_id, title, status, due_on, reason, levels_text, meeting_id, owner_id, owner, update in rows:
        roles = level_texts.get(levels_text)
        if roles is None:
            levels = json.loads(levels_text) if levels_text is not None else None
            roles = level_texts[levels_text] = ", ".join(level_labels[v] for v in levels or () if v in level_labels)
        if owner_id is not None:
            roles = f"{roles} · {owner}"
        item = ReportBackItem(
            pk=pk, municipality_id=municipality_id, title=title, status=status,
            status_label=status_labels.get(status, status),
            is_overdue=status in OPEN_STATUSES and due_on < today, not_done_reason=reason,
            from_meeting=meeting_id is not None, roles=roles,
        )
        if update is not None:
            done_on, confidence, text = update
            # Most updates are short: Truncator (as the truncatechars filter) only for those that are not.
            item.update_on, item.has_update = from_date(done_on), True
            item.update_confidence = int(confidence) if confidence is not None else None
            item.update_text = text if len(text) <= limit else Truncator(text).chars(limit)
        items.append(item)
    return items


def commitments_for_report_back(
    *, meeting: Meeting, municipality_ids: list[int] | tuple[int, ...], network_ctx: NetworkContext | None = None,
    window: ReportBackWindow | None = None,
) -> list[ReportBackItem]:
    """The commitments a meeting's report-back covers, with owner and latest update.

    With ``network_ctx`` (a network page) only what the municipalities shared with the network
    is kept (access.visibility); without, the caller is the municipality itself.
    """
    window = window or report_back_window(meeting=meeting)
    qs = Commitment.objects.filter(window.filter(), municipality_id__in=municipality_ids)
    if network_ctx is not None:
        presented = meeting.starts if meeting.has_begun else None
        qs = commitments_shared_with_network(qs, network_ctx, presented_at=presented)
    return _report_back_items(qs)


def report_back(
    *, meeting: Meeting, network_ctx: NetworkContext | None = None, municipality: Municipality | None = None,
    window: ReportBackWindow | None = None,
) -> list[ReportBackRow]:
    """One row per member municipality (every member listed, also one without commitments).

    ``window``: the meeting's report_back_window when the caller has it already.
    """
    members = Municipality.objects.filter(network_memberships__network_id=meeting.round.network_id)
    if municipality is not None:
        members = members.filter(pk=municipality.pk)
    rows = {
        pk: ReportBackRow(municipality=ReportBackMember(pk, name, slug))
        for pk, name, slug in members.order_by("name").values_list("pk", "name", "slug")
    }
    for item in commitments_for_report_back(
        meeting=meeting, municipality_ids=list(rows), network_ctx=network_ctx, window=window
    ):
        rows[item.municipality_id].commitments.append(item)
    return list(rows.values())


def report_back_meeting_for(*, municipality: Municipality, network: Network) -> Meeting | None:
    """The meeting whose report-back the municipality prepares: the next one, else the latest."""
    now = timezone.now()
    meetings = Meeting.objects.filter(round__network=network).select_related("round__network")
    return meetings.filter(ends__gte=now).order_by("starts").first() or meetings.order_by("-starts").first()


# --- Feedback --------------------------------------------------------------------------------------

def feedback_received(*, municipality: Municipality, meeting: Meeting | None = None) -> list[Feedback]:
    """All feedback to a municipality (the receiving municipality and project leaders see it)."""
    qs = (
        Feedback.objects.filter(municipality=municipality)
        .select_related("meeting__round__network", "author_municipality", "municipality")
        .prefetch_related("commitments")
        .order_by("-meeting__starts", "kind", "created")
    )
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    return list(qs)


def feedback_for_meeting(*, meeting: Meeting, author=None) -> list[Feedback]:
    """The meeting's feedback; with ``author``, only what that person wrote."""
    qs = Feedback.objects.filter(meeting=meeting).select_related("municipality", "author_municipality")
    if author is not None:
        qs = qs.filter(author=author)
    return list(qs.order_by("municipality__name", "kind", "created"))


def commitments_made_at(*, meeting: Meeting, network_ctx: NetworkContext) -> list[Commitment]:
    """The commitments the municipalities made at a meeting, as the network sees them."""
    qs = Commitment.objects.filter(meeting=meeting).select_related("municipality")
    return list(commitments_shared_with_network(qs, network_ctx).order_by("municipality__name", "due_on", "title"))


def feedback_get(*, municipality: Municipality, pk: int) -> Feedback:
    return get_object_or_404(Feedback.objects.select_related("meeting__round"), pk=pk, municipality=municipality)


