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

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from access.context import NetworkContext
from access.visibility import shared_q
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
    if not meetings:
        return []
    return list(
        Registration.objects.filter(meeting_id__in=meetings, municipality_id__in=municipality_ids, attended=True)
        .order_by()  # not the model's order by municipality name: a join and a sort for nothing
        .values_list("meeting_id", "municipality_id", "level", "user_id")
    )


def _mapping_answerers(municipality_ids: list[int], *, network_id: int | None) -> dict[str, int]:
    """Per level, how many of its members submitted an answer to a mapping.

    Counted in the database: a network's mappings hold tens of thousands of responses (issue 8).
    A person counts on a level when they answered as that level and are a member on it. With
    ``network_id``, only mappings published to that network count (access.visibility).

    Asked from the members' side (a member on a level with an answer on it), not the answers':
    joining every answer to its person and their memberships, then counting distinct people,
    cost a network's home page about half of its time with nothing cached (issue 18).
    """
    answered = Response.objects.filter(
        user_id=OuterRef("user_id"),
        level=OuterRef("level"),
        mapping__municipality_id__in=municipality_ids,
        submitted_at__isnull=False,
    )
    if network_id is not None:
        answered = answered.filter(shared_q(Mapping, network_id=network_id, prefix="mapping__"))
    # The memberships are read as the answers' join read them before: by the ids given, unscoped.
    members = Membership._base_manager.filter(municipality_id__in=municipality_ids).filter(Exists(answered))
    counts = dict.fromkeys(Level.values, 0)
    counts.update(members.order_by().values_list("level").annotate(n=Count("user_id", distinct=True)))
    return counts


def _members_per_level(municipality_ids: list[int]) -> dict[str, int]:
    """Per level, how many people are members (once, however many of the municipalities they are in)."""
    counts = dict.fromkeys(Level.values, 0)
    counts.update(
        Membership.objects.filter(municipality_id__in=municipality_ids)
        .order_by()
        .values_list("level")
        .annotate(n=Count("user_id", distinct=True))
    )
    return counts


def _goals_adopted(municipality_ids: list[int]) -> tuple[int, int]:
    # A teacher's proposal is not the municipality's goal yet: goals.selectors.goal_counts agrees.
    qs = Goal.objects.filter(municipality_id__in=municipality_ids).exclude(status=GoalStatus.PROPOSED)
    # One aggregate instead of two counts (issue 8).
    counts = qs.aggregate(adopted=Count("pk", filter=Q(adopted_on__isnull=False)), total=Count("pk"))
    return counts["adopted"], counts["total"]


def _kept(commitments, today: datetime.date | None = None) -> tuple[int, int]:
    """Kept: done, of those done, not done, or open past their date (the ones that are settled)."""
    today = today or timezone.localdate()
    settled = commitments.filter(
        Q(status__in=[CommitmentStatus.DONE, CommitmentStatus.NOT_DONE]) | Q(status__in=OPEN_STATUSES, due_on__lt=today)
    )
    counts = settled.aggregate(kept=Count("pk", filter=Q(status=CommitmentStatus.DONE)), settled=Count("pk"))
    return counts["kept"], counts["settled"]


def commitments_kept(*, commitments, today: datetime.date | None = None) -> Figure:
    """The success factor "Hållna åtaganden" over a queryset of commitments (pages and reports)."""
    return _figure(
        _("Hållna åtaganden"),
        _("Genomförda åtaganden, av dem som är avslutade (genomförda eller ej genomförda) eller vars datum har passerat."),
        *_kept(commitments, today),
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
    members: dict[str, int] | None = None,
    goals: tuple[int, int] | None = None,
) -> SuccessFactors:
    """``all_meetings``: every meeting of the networks; ``members``: :func:`_members_per_level`;
    ``goals``: :func:`_goals_adopted`; each when the caller has read them."""
    if all_meetings is not None:  # _held_meetings' rule, over the meetings at hand
        meetings = [m.pk for m in sorted((m for m in all_meetings if m.ends < now), key=lambda m: m.starts)]
    else:
        meetings = _held_meetings(network_ids, now)
    attendance = _attendance(meetings, municipality_ids)
    members = _members_per_level(municipality_ids) if members is None else members
    answerers = _mapping_answerers(municipality_ids, network_id=published_to)
    goals = _goals_adopted(municipality_ids) if goals is None else goals
    # A "meeting slot" is one municipality at one held meeting: the network counts every member.
    slots = len(meetings) * (1 if per_municipality_meetings else len(municipality_ids))

    def slots_with(level: str) -> int:
        return len({(m, mun) for m, mun, lvl, _u in attendance if lvl == level})

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
    level_rows = []
    for value, label in Level.choices:
        who = members[value]
        level_rows.append(
            LevelParticipation(
                level=value,
                label=str(label),
                home=_figure(_("Hemma"), "", answerers[value], who),
                meetings=_figure(_("På träffar"), "", slots_with(value), slots),
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
    kept = commitments_kept(commitments=commitments, today=timezone.localdate(now))
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
            kept,
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
    level_counts: dict[str, int] | None = None, goals: GoalCounts | None = None,
) -> SuccessFactors:
    """The municipality's own figures, across the networks it is in.

    The municipality home passes what it has read already: its networks with their rounds
    (networks.selectors.municipality_networks), its members per level
    (municipalities.selectors.level_counts: one membership per person and municipality, so
    counting memberships counts people) and its goal counts (goals.selectors.goal_counts).
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
        members=None if level_counts is None else {**dict.fromkeys(Level.values, 0), **level_counts},
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
