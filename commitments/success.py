"""SKR's three success factors, measured (selectors other apps may call, e.g. the PDF reports).

Every figure carries the rule behind it, so a reader can tell what was counted. A figure that
cannot be counted yet (no agreed rounds, fewer than two meetings held) is ``None`` and shown as
"uppgift saknas". The municipality home, the network home and the PDF reports all render these
same results: a figure is counted here once, never again by a page or a report.

- ``municipality_success_factors(*, municipality, now=None) -> SuccessFactors``
- ``network_success_factors(*, network, now=None) -> SuccessFactors``
- ``commitments_kept(*, commitments, today=None) -> Figure``: the "kept" rule, also per municipality

On the network side only what the municipalities shared counts: published mappings, and
commitments shared with the network (access.visibility).
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from access.context import NetworkContext
from access.visibility import shared_q
from core.sql import placeholders, union_all
from goals.models import Goal, GoalStatus
from goals.selectors import GoalCounts
from municipalities.models import Level, Membership, Municipality
from networks.models import Meeting, Network, NetworkMembership, Registration
from networks.selectors import MunicipalityNetworks
from reviews.models import Mapping, Response

from .models import OPEN_STATUSES, Commitment, CommitmentStatus
from .selectors import commitments_seen_by_network

MISSING = None


@dataclass(frozen=True)
class Figure:
    label: str
    value: str | None  # None: the source is missing ("uppgift saknas")
    rule: str
    part: int | None = None
    whole: int | None = None

    @property
    def percent(self) -> int | None:
        if self.part is None or not self.whole:
            return None
        return round(100 * self.part / self.whole)


@dataclass(frozen=True)
class LevelParticipation:
    level: str
    label: str
    home: Figure
    meetings: Figure


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    levels: list[LevelParticipation] = field(default_factory=list)
    rule: str = ""


@dataclass(frozen=True)
class SuccessFactors:
    responsibility: Panel
    participation: Panel
    persistence: Panel

    @property
    def panels(self) -> list[Panel]:
        return [self.responsibility, self.participation, self.persistence]

    @property
    def members_per_level(self) -> dict[str, int]:
        """Members per level (each person once): the wholes of the participation's "Hemma"."""
        return {row.level: row.home.whole for row in self.participation.levels}


def _of(part: int, whole: int) -> str:
    return _("%(part)s av %(whole)s") % {"part": part, "whole": whole}


def _figure(label: str, rule: str, part: int | None, whole: int | None) -> Figure:
    if part is None or whole is None:
        return Figure(label=label, value=MISSING, rule=rule)
    return Figure(label=label, value=_of(part, whole), rule=rule, part=part, whole=whole)


# --- Sources ------------------------------------------------------------------------------------------

def _held_meetings(network_ids: Iterable[int], now: datetime.datetime) -> list[int]:
    """The ids of the networks' held meetings, oldest first (a round has one meeting: one per completed round)."""
    return list(
        Meeting.objects.filter(round__network_id__in=list(network_ids), ends__lt=now)
        .order_by("starts")
        .values_list("pk", flat=True)
    )


def _attendance(meetings: list[int], municipality_ids: list[int]) -> list[tuple[int, int, str, int | None]]:
    """(meeting id, municipality id, level, user id) of everyone who attended."""
    if not meetings or not municipality_ids:
        return []
    # Unscoped (the scope's filter joins every registration to its meeting and round): the meetings
    # are held meetings of the networks in the caller's scope, the municipalities those it names,
    # as the memberships in _participants. In SQL, as the counts below are: built with the ORM, this
    # one filter cost the network home 2 000 Python calls (issue 18). Unordered: no order is needed.
    # The table name is the model's; every value is a parameter.
    sql = (
        "SELECT meeting_id, municipality_id, level, user_id"  # noqa: S608
        f" FROM {connection.ops.quote_name(Registration._meta.db_table)}"
        f" WHERE meeting_id IN ({placeholders(meetings)}) AND municipality_id IN ({placeholders(municipality_ids)})"
        " AND attended"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*meetings, *municipality_ids])
        return cursor.fetchall()


# The counted sources (answerers and members per level, goals adopted, commitments kept) are each a
# grouped count over their own table, as ``(key, part, whole)`` rows: :func:`_counts` asks them in
# one round trip (UNION ALL). With nothing cached, each query of its own cost a home page about as
# much in the round trip and its Python as in the counting (issue 18).
#
# The members' and the goals' counts are written in SQL here, not built with the ORM: they read
# only the rows of the municipalities named (no scope, no visibility rule of their own), and
# building and compiling them (a grouped count with a correlated EXISTS in its FILTER, and the
# UNION around it) was about 8 000 Python calls, an eighth of a network home with nothing cached
# (issue 18). What the visibility rules decide stays with them, compiled by the ORM: the mappings
# shared with the network (access.visibility.shared_q) and the commitments the caller passes.
_GOALS, _KEPT = "=goals", "=kept"  # never a Level value


def _participants(municipality_ids: list[int], *, network_id: int | None) -> tuple[str, list]:
    """Per level ``(level, answered, members)``, as SQL and its parameters: how many of its members
    submitted an answer to a mapping, and how many members it has (each person once, however many
    of the municipalities they are in). ``municipality_ids`` is not empty.

    Counted in the database: a network's mappings hold tens of thousands of responses (issue 8).
    A person counts on a level when they answered as that level and are a member on it. With
    ``network_id``, only mappings published to that network count (access.visibility).

    Asked from the members' side (a member on a level with an answer on it), not the answers':
    joining every answer to its person and their memberships, then counting distinct people,
    cost a network's home page about half of its time with nothing cached (issue 18). PostgreSQL
    probes each member's answers by the person's index. The mappings are read first and named by
    their ids: as a subquery, each of a network's 2 000 probes also looked its answer's mapping and
    share up (5.5 ms at national scale, EXPLAIN ANALYZE); against a list of ids the probe only
    filters (under 3 ms), for one more round trip.
    """
    # Unscoped: the mappings of the municipalities given, those the network may see (visibility).
    mappings = Mapping._base_manager.filter(municipality_id__in=municipality_ids).order_by()
    if network_id is not None:
        mappings = mappings.filter(shared_q(Mapping, network_id=network_id))
    mapping_ids = list(mappings.values_list("pk", flat=True))
    quote = connection.ops.quote_name
    # The table names are the models'; every value is a parameter. No mapping: nobody answered.
    answered = (
        f"EXISTS(SELECT 1 FROM {quote(Response._meta.db_table)} r WHERE r.user_id = m.user_id"  # noqa: S608
        f" AND r.level = m.level AND r.submitted_at IS NOT NULL AND r.mapping_id IN ({placeholders(mapping_ids)}))"
    ) if mapping_ids else "1 = 0"
    sql = (
        f"SELECT m.level, COUNT(DISTINCT m.user_id) FILTER (WHERE {answered}), COUNT(DISTINCT m.user_id)"  # noqa: S608
        f" FROM {quote(Membership._meta.db_table)} m WHERE m.municipality_id IN ({placeholders(municipality_ids)})"
        " GROUP BY m.level"
    )
    return sql, [*mapping_ids, *municipality_ids]


def _goals_adopted(municipality_ids: list[int]) -> tuple[str, list]:
    """``(key, adopted, total)``, as SQL and its parameters: goals the committee adopted, of the
    goals that are not proposals (one row over all the goals: one aggregate, issue 8)."""
    # A teacher's proposal is not the municipality's goal yet: goals.selectors.goal_counts agrees.
    # The table name is the model's; every value is a parameter.
    sql = (
        "SELECT %s, COUNT(*) FILTER (WHERE g.adopted_on IS NOT NULL), COUNT(*)"  # noqa: S608
        f" FROM {connection.ops.quote_name(Goal._meta.db_table)} g"
        f" WHERE g.municipality_id IN ({placeholders(municipality_ids)}) AND g.status <> %s"
    )
    return sql, [_GOALS, *municipality_ids, GoalStatus.PROPOSED.value]


def _settled(commitments, today: datetime.date | None):
    """Kept: done, of those done, not done, or open past their date (the ones that are settled)."""
    today = today or timezone.localdate()
    return commitments.filter(
        Q(status__in=[CommitmentStatus.DONE, CommitmentStatus.NOT_DONE]) | Q(status__in=OPEN_STATUSES, due_on__lt=today)
    )


_KEPT_COUNTS = {"part": Count("pk", filter=Q(status=CommitmentStatus.DONE)), "whole": Count("pk")}


def _kept(commitments, today: datetime.date | None = None) -> tuple[int, int]:
    counts = _settled(commitments, today).aggregate(**_KEPT_COUNTS)
    return counts["part"], counts["whole"]


def _counts(
    *, municipality_ids: list[int], network_id: int | None, commitments, today: datetime.date, goals: bool,
) -> tuple[dict[str, int], dict[str, int], tuple[int, int], tuple[int, int] | None]:
    """Answerers and members per level, commitments kept and, with ``goals``, goals adopted, in
    one query: the sources' grouped counts, one after the other (UNION ALL)."""
    parts = []
    if municipality_ids:  # none: nothing to count (an empty IN is no SQL)
        parts.append(_participants(municipality_ids, network_id=network_id))
        if goals:
            parts.append(_goals_adopted(municipality_ids))
    kept = _settled(commitments, today).order_by().values_list(Value(_KEPT)).annotate(**_KEPT_COUNTS)
    with contextlib.suppress(EmptyResultSet):  # the ORM knows already that no commitment counts
        parts.append(kept.query.sql_with_params())
    rows = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(union_all([sql for sql, _params in parts]),
                           [param for _sql, params in parts for param in params])
            rows = {key: (part, whole) for key, part, whole in cursor.fetchall()}
    answerers = {level: rows.get(level, (0, 0))[0] for level in Level.values}
    members = {level: rows.get(level, (0, 0))[1] for level in Level.values}
    return answerers, members, rows.get(_KEPT, (0, 0)), rows.get(_GOALS, (0, 0)) if goals else None


def commitments_kept(*, commitments, today: datetime.date | None = None) -> Figure:
    """The success factor "Hållna åtaganden" over a queryset of commitments (pages and reports)."""
    return _kept_figure(*_kept(commitments, today))


def commitments_kept_by_municipality(
    *, commitments, municipality_ids, today: datetime.date | None = None
) -> dict[int, Figure]:
    """``commitments_kept`` per municipality in one query (the network report's members):
    municipality id -> the figure over its commitments of ``commitments``."""
    rows = _settled(commitments.filter(municipality_id__in=list(municipality_ids)), today).order_by() \
        .values_list("municipality_id").annotate(**_KEPT_COUNTS)
    counts = {pk: (part, whole) for pk, part, whole in rows}
    return {pk: _kept_figure(*counts.get(pk, (0, 0))) for pk in municipality_ids}


def _kept_figure(kept: int, settled: int) -> Figure:
    return _figure(
        _("Hållna åtaganden"),
        _("Genomförda åtaganden, av dem som är avslutade (genomförda eller ej genomförda) eller vars datum har passerat."),
        kept,
        settled,
    )


def _continuity(attendance, meetings: list[int]) -> tuple[int, int] | None:
    """Of the people at the latest held meeting, how many were also at the one before."""
    if len(meetings) < 2:
        return None
    latest, before = meetings[-1], meetings[-2]
    at_latest = {u for m, _mun, _lvl, u in attendance if m == latest and u is not None}
    at_before = {u for m, _mun, _lvl, u in attendance if m == before and u is not None}
    return len(at_latest & at_before), len(at_latest)


# --- The panels ------------------------------------------------------------------------------------

def _build(
    *,
    municipality_ids: list[int],
    network_ids: list[int],
    agreed_rounds: int | None,
    commitments,
    published_to: int | None,
    now: datetime.datetime,
    per_municipality_meetings: bool,
    all_meetings: list[Meeting] | None = None,
    goals: tuple[int, int] | None = None,
) -> SuccessFactors:
    """``all_meetings``: every meeting of the networks; ``goals``: adopted and total goals (as
    :func:`_goals_adopted` counts them); each when the caller has read them."""
    if all_meetings is not None:  # _held_meetings' rule, over the meetings at hand
        meetings = [m.pk for m in sorted((m for m in all_meetings if m.ends < now), key=lambda m: m.starts)]
    else:
        meetings = _held_meetings(network_ids, now)
    attendance = _attendance(meetings, municipality_ids)
    today = timezone.localdate(now)
    answerers, members, kept, counted_goals = _counts(
        municipality_ids=municipality_ids, network_id=published_to, commitments=commitments, today=today,
        goals=goals is None,
    )
    goals = counted_goals if goals is None else goals
    # A "meeting slot" is one municipality at one held meeting: the network counts every member.
    slots = len(meetings) * (1 if per_municipality_meetings else len(municipality_ids))

    # The (meeting, municipality) slots each level was at: the attendance's distinct (level,
    # meeting, municipality), counted per level. In one comprehension, once rather than once a
    # level, and without two method calls for each of a network's thousand rows (issue 18).
    slots_at = collections.Counter(map(operator.itemgetter(0), {(lvl, m, mun) for m, mun, lvl, _u in attendance}))

    def slots_with(level: str) -> int:
        return slots_at[level]

    politicians = members[Level.NAMND]
    responsibility = Panel(
        key="huvudmannens-ansvar",
        title=_("Huvudmannens ansvar"),
        figures=[
            _figure(
                _("Mål antagna av nämnden"),
                _("Operativa mål som nämnden har antagit (med datum och paragraf), av alla operativa mål som inte är förslag."),
                *goals,
            ),
            _figure(
                _("Politiker som svarat i kartläggningar"),
                _("Politiker (nivån nämnd) som skickat in svar på minst en kartläggning, av alla politiker som är med.")
                + (" " + _("Bara kartläggningar som delats med nätverket räknas.") if published_to is not None else ""),
                answerers[Level.NAMND],
                politicians,
            ),
            _figure(
                _("Nätverksträffar med politiker"),
                _("Genomförda nätverksträffar där minst en politiker från kommunen var på plats, av alla genomförda träffar.")
                if per_municipality_meetings
                else _("Kommuner med minst en politiker på plats, räknat per genomförd träff och kommun."),
                slots_with(Level.NAMND),
                slots,
            ),
        ],
    )
    # Two figures a level, worded the same: translated once (issue 18).
    home, at_meetings, of = _("Hemma"), _("På träffar"), _("%(part)s av %(whole)s")

    def level_figure(label: str, part: int, whole: int) -> Figure:
        return Figure(label=label, value=of % {"part": part, "whole": whole}, rule="", part=part, whole=whole)

    level_rows = []
    for value, label in Level.choices:
        level_rows.append(
            LevelParticipation(
                level=value,
                label=str(label),
                home=level_figure(home, answerers[value], members[value]),
                meetings=level_figure(at_meetings, slots_with(value), slots),
            )
        )
    participation = Panel(
        key="delaktighet",
        title=_("Säkerställa delaktighet"),
        levels=level_rows,
        rule=_(
            "Hemma: personer på nivån som skickat in svar på minst en kartläggning, av nivåns alla personer. "
            "På träffar: genomförda nätverksträffar där nivån var på plats"
        )
        + ("." if per_municipality_meetings else _(", räknat per träff och kommun.")),
    )
    # A round is completed when its meeting is held; a round has one meeting (no query of its own).
    completed = len(meetings)
    continuity = _continuity(attendance, meetings)
    persistence = Panel(
        key="uthallighet",
        title=_("Uthållighet"),
        figures=[
            _figure(
                _("Genomförda omgångar"),
                _("Omgångar vars nätverksträff är genomförd, av det antal omgångar nätverket kommit överens om."),
                completed if agreed_rounds else None,
                agreed_rounds,
            ),
            _kept_figure(*kept),
            _figure(
                _("Samma personer på träffarna"),
                _("Av dem som var på den senaste genomförda träffen: de som också var på träffen före. Kräver två genomförda träffar."),
                continuity[0] if continuity else None,
                continuity[1] if continuity else None,
            ),
        ],
    )
    return SuccessFactors(responsibility=responsibility, participation=participation, persistence=persistence)


def municipality_success_factors(
    *, municipality: Municipality, now: datetime.datetime | None = None, networks: MunicipalityNetworks | None = None,
    goals: GoalCounts | None = None,
) -> SuccessFactors:
    """The municipality's own figures, across the networks it is in.

    The municipality home passes what it has read already: its networks with their rounds
    (networks.selectors.municipality_networks) and its goal counts (goals.selectors.goal_counts).
    Its members per level are counted with the answerers, in the same pass (:func:`_counts`).
    """
    now = now or timezone.now()
    if networks is None:
        agreed_per_network = list(
            NetworkMembership.objects.filter(municipality=municipality).values_list("network_id", "network__agreed_rounds")
        )
        meetings = None
    else:
        agreed_per_network = [(nm.network_id, nm.network.agreed_rounds) for nm in networks.memberships]
        meetings = networks.meetings
    return _build(
        municipality_ids=[municipality.pk],
        network_ids=[pk for pk, _agreed in agreed_per_network],
        agreed_rounds=sum(agreed for _pk, agreed in agreed_per_network) or None,
        commitments=Commitment.objects.filter(municipality=municipality),
        published_to=None,
        now=now,
        per_municipality_meetings=True,
        all_meetings=meetings,
        goals=None if goals is None else (goals.adopted_not_proposed, goals.total - goals.proposals),
    )


def network_success_factors(
    *, network: Network, now: datetime.datetime | None = None, member_ids: list[int] | None = None,
    meetings: list[Meeting] | None = None,
) -> SuccessFactors:
    """The network's figures over its member municipalities, counting only what they shared.

    The network home passes what it has read already (networks.selectors.network_facts): the
    member municipalities' ids and every meeting of the network with its round.
    """
    now = now or timezone.now()
    if member_ids is None:
        member_ids = list(NetworkMembership.objects.filter(network=network).values_list("municipality_id", flat=True))
    ctx = NetworkContext(network=network, is_project_leader=False, member_municipality_ids=tuple(member_ids))
    if meetings is None:
        shared = commitments_seen_by_network(ctx=ctx, now=now)
    else:  # last_begun_meeting_start's rule, over the meetings at hand
        begun = [m.starts for m in meetings if m.starts <= now]
        shared = commitments_seen_by_network(ctx=ctx, now=now, presented_at=max(begun) if begun else None)
    return _build(
        municipality_ids=member_ids,
        network_ids=[network.pk],
        agreed_rounds=network.agreed_rounds,
        commitments=shared,
        published_to=network.pk,
        now=now,
        per_municipality_meetings=False,
        all_meetings=meetings,
    )
