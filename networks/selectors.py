"""Reads about networks, their member municipalities and project leaders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.sql import placeholders, union_all
from municipalities.models import Level, Membership, Municipality

# A person's own roles and meetings span tenants: read in networks.crosstenant.
from .crosstenant import (  # noqa: F401 (re-exported: the selectors are the app's reads)
    meetings_for_user,
    meetings_to_register_for,
    networks_for_user,
    user_project_leaderships,
)
from .models import (
    CalendarFeed,
    Group,
    Meeting,
    Network,
    NetworkMembership,
    ProjectLeader,
    Registration,
    Round,
)


def networks_of_municipality(*, municipality: Municipality) -> list[NetworkMembership]:
    return list(
        NetworkMembership.objects.filter(municipality=municipality).select_related("network").order_by("network__name")
    )




class Contact(NamedTuple):
    """A person as the member and leader lists show them: a name and an e-mail address."""

    name: str
    email: str


@dataclass(frozen=True)
class MemberRow:
    membership: NetworkMembership
    level_counts: list[tuple[str, str, int]]
    coordinators: list[Contact]  # by name

    @property
    def missing_levels(self) -> list[str]:
        return [label for _value, label, n in self.level_counts if n == 0]


def network_memberships(*, network: Network) -> list[NetworkMembership]:
    """The network's memberships with their municipality, by the municipality's name."""
    # Unscoped: the network's own rows, named by it; the scope's filter would name it again (issue 18).
    return list(
        NetworkMembership._base_manager.filter(network=network).select_related("municipality")
        .order_by("municipality__name")
    )


@dataclass(frozen=True)
class NetworkPeople:
    members: list[MemberRow]  # each member municipality, by name: its members per level and coordinators
    leaders: list[Contact]  # the network's project leaders by name; empty unless asked for


def network_people(
    *, network: Network, memberships: list[NetworkMembership] | None = None, leaders: bool = True,
) -> NetworkPeople:
    """The member municipalities with their members per level and their coordinators and, with
    ``leaders``, the network's project leaders, in one query (the network home and its members
    page show both). ``memberships``: :func:`network_memberships`, when the caller has read them
    (one query less).
    """
    if memberships is None:
        memberships = network_memberships(network=network)
    municipality_ids = [m.municipality_id for m in memberships]
    counts: dict[int, dict[str, int]] = {}
    coordinators: dict[int, list[Contact]] = {}
    project_leaders: list[Contact] = []
    if municipality_ids or leaders:
        for municipality_id, level, n, name, email in _people(municipality_ids, network.pk if leaders else None):
            if level is not None:
                counts.setdefault(municipality_id, {})[level] = n
            elif municipality_id is not None:
                coordinators.setdefault(municipality_id, []).append(Contact(name, email))
            else:
                project_leaders.append(Contact(name, email))
    levels = [(v, str(label)) for v, label in Level.choices]  # translated once, not once a row
    members = [
        MemberRow(
            membership=m,
            level_counts=[(v, label, counts.get(m.municipality_id, {}).get(v, 0)) for v, label in levels],
            coordinators=coordinators.get(m.municipality_id, []),
        )
        for m in memberships
    ]
    return NetworkPeople(members=members, leaders=project_leaders)


def _people(municipality_ids: list[int], leaders_of: int | None) -> list[tuple]:
    """For :func:`network_people`, in one query: ``(municipality id, level, members, None, None)``
    per municipality and level; ``(municipality id, None, None, name, e-mail)`` per coordinator;
    with ``leaders_of``, ``(None, None, None, name, e-mail)`` per project leader of that network;
    the people by name.

    Three ORM queries before: building and compiling them was about 3 200 Python calls and two
    round trips more on every network home with nothing cached (issue 18). Unscoped, as the ORM's
    were: the scope's filter names the same municipalities (or network) again; these are the
    network's members, as in commitments.success, and its own leaders. No ordering of the counts:
    the model's (by municipality and person) joined both tables into the count. Only names and
    addresses of the people: the pages show nothing else of them (no Membership and User rows,
    with every column of both).
    """
    quote, ids = connection.ops.quote_name, placeholders(municipality_ids)
    membership = quote(Membership._meta.db_table)
    user = quote(Membership._meta.get_field("user").related_model._meta.db_table)
    # The table names are the models'; every value is a parameter.
    parts, params = [], []
    if municipality_ids:
        parts += [
            f"SELECT municipality_id, level, COUNT(*), NULL, NULL FROM {membership}"  # noqa: S608
            f" WHERE municipality_id IN ({ids}) GROUP BY municipality_id, level",
            f"SELECT m.municipality_id, NULL, NULL, u.full_name, u.email FROM {membership} m"  # noqa: S608
            f" INNER JOIN {user} u ON u.id = m.user_id WHERE m.is_coordinator AND m.municipality_id IN ({ids})",
        ]
        params += [*municipality_ids, *municipality_ids]
    if leaders_of is not None:
        parts.append(
            f"SELECT NULL, NULL, NULL, u.full_name, u.email FROM {quote(ProjectLeader._meta.db_table)} p"  # noqa: S608
            f" INNER JOIN {user} u ON u.id = p.user_id WHERE p.network_id = %s"
        )
        params.append(leaders_of)
    with connection.cursor() as cursor:
        cursor.execute(union_all(parts) + " ORDER BY 4", params)
        return cursor.fetchall()


def member_municipalities(*, network: Network):
    return Municipality.objects.filter(network_memberships__network=network).order_by("name")


def municipalities_without_coordinator(*, network: Network):
    """Member municipalities a project leader may invite a first coordinator to (issue 12)."""
    # Inside the network's scope: its member municipalities' memberships are in it.
    has_coordinator = Membership.objects.filter(municipality=OuterRef("pk"), is_coordinator=True)
    return (
        member_municipalities(network=network)
        .annotate(has_coordinator=Exists(has_coordinator))
        .filter(has_coordinator=False)
    )


# --- Rounds and meetings -------------------------------------------------------------------------

# The access helpers: a round or meeting of this network, or 404 (another network's is not found).

def round_get(*, network: Network, pk: int) -> Round:
    return get_object_or_404(Round, pk=pk, network=network)


def meeting_get(*, network: Network, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("round"), pk=pk, round__network=network)
    # The network it was found in, not read again with it (issue 18: a join and a row less).
    meeting.round.network = network
    return meeting

# The current round and phase are derived from dates, never stored: a round is in its home phase
# from ``home_phase_starts`` until its meeting, in its meeting on the meeting's days (local time),
# and done after it. A round without a planned meeting stays in its home phase.


class Phase(StrEnum):
    NOT_STARTED = "not_started"
    HOME = "home"
    MEETING = "meeting"
    DONE = "done"


PHASE_LABELS = {
    Phase.NOT_STARTED: _("Kommande"),
    Phase.HOME: _("Hemmafas"),
    Phase.MEETING: _("Nätverksträff"),
    Phase.DONE: _("Genomförd"),
}


def _meeting_of(round_: Round) -> Meeting | None:
    try:
        return round_.meeting
    except Meeting.DoesNotExist:
        return None


def meeting_days(meeting: Meeting) -> tuple[date, date]:
    return timezone.localdate(meeting.starts), timezone.localdate(meeting.ends)


def round_phase(*, round: Round, today: date) -> Phase:
    if today < round.home_phase_starts:
        return Phase.NOT_STARTED
    meeting = _meeting_of(round)
    if meeting is None:
        return Phase.HOME
    first, last = meeting_days(meeting)
    if today < first:
        return Phase.HOME
    if today <= last:
        return Phase.MEETING
    return Phase.DONE


@dataclass(frozen=True)
class RoundRow:
    round: Round
    phase: Phase
    meeting: Meeting | None

    @property
    def phase_label(self) -> str:
        return str(PHASE_LABELS[self.phase])


def _round_row(round_: Round, today: date) -> RoundRow:
    return RoundRow(round=round_, phase=round_phase(round=round_, today=today), meeting=_meeting_of(round_))


def network_rounds(*, network: Network, today: date) -> list[RoundRow]:
    """Every round of the network with its derived phase and its meeting, in one query."""
    # Unscoped, as network_memberships: the network's own rows, named by it (issue 18).
    rounds = Round._base_manager.filter(network=network).select_related("meeting").order_by("number")
    return [_round_row(r, today) for r in rounds]


def current_round(*, network: Network, today: date) -> Round | None:
    """The round in its home phase or meeting today; None before the first and between rounds."""
    for row in network_rounds(network=network, today=today):
        if row.phase in (Phase.HOME, Phase.MEETING):
            return row.round
    return None


@dataclass(frozen=True)
class MunicipalityPhase:
    round: Round | None
    phase: Phase
    meeting: Meeting | None
    agreed_rounds: int

    @property
    def phase_label(self) -> str:
        return str(PHASE_LABELS[self.phase])

    @property
    def is_home_phase(self) -> bool:
        return self.phase == Phase.HOME


def municipality_phase(
    *, municipality: Municipality, network: Network, today: date, joined_on: date | None | object = ...,
    rows: list[RoundRow] | None = None,
) -> MunicipalityPhase:
    """Where a member municipality is in the network's loop today.

    The current round when there is one; otherwise the next round to come (NOT_STARTED), or the
    last round when all are done. A municipality that joins later has not started before it joins.
    ``rows``: the network's :func:`network_rounds` of ``today``, when the caller has read them.
    """
    rows = network_rounds(network=network, today=today) if rows is None else rows
    # A caller that already holds the NetworkMembership passes its date (one query less).
    joined = joined_on if joined_on is not ... else (
        NetworkMembership.objects.filter(network=network, municipality=municipality)
        .values_list("joined_on", flat=True)
        .first()
    )
    current = next((r for r in rows if r.phase in (Phase.HOME, Phase.MEETING)), None)
    coming = next((r for r in rows if r.phase == Phase.NOT_STARTED), None)
    row = current or coming or (rows[-1] if rows else None)
    if row is None:
        return MunicipalityPhase(round=None, phase=Phase.NOT_STARTED, meeting=None, agreed_rounds=network.agreed_rounds)
    if joined is not None and today < joined:
        phase = Phase.NOT_STARTED
    else:
        phase = row.phase if current else (Phase.NOT_STARTED if row is coming else Phase.DONE)
    return MunicipalityPhase(round=row.round, phase=phase, meeting=row.meeting, agreed_rounds=network.agreed_rounds)


def next_meeting(*, network: Network, now: datetime | None = None) -> Meeting | None:
    """The network's next meeting that has not ended."""
    now = now or timezone.now()
    return Meeting.objects.filter(round__network=network, ends__gte=now).select_related("round").order_by("starts").first()


def meetings_of_network(*, network: Network) -> list[Meeting]:
    return list(Meeting.objects.filter(round__network=network).select_related("round").order_by("starts"))


def meeting_registrations(*, meeting: Meeting) -> list[Registration]:
    return list(
        Registration.objects.filter(meeting=meeting)
        .select_related("municipality", "group")
        .order_by("municipality__name", "level", "name", "pk")
    )


def user_registration(*, meeting: Meeting, user) -> Registration | None:
    # Not in the model's order (by municipality name, a join): a person registers once a meeting.
    # Unscoped: the scope's filter joins the meeting and its round to name the network the meeting
    # was found in already (meeting_get), issue 18.
    # One at most (registration_once_per_meeting): the first row, not first()'s order by id.
    return next(iter(Registration._base_manager.filter(meeting=meeting, user=user).order_by()[:1]), None)


LEVEL_ORDER = [value for value, _label in Level.choices]


@dataclass
class MunicipalityAttendance:
    municipality: Municipality
    registrations: list[Registration]
    registered: dict[str, int]  # level -> registered
    attended: dict[str, int]  # level -> attended

    @property
    def level_rows(self) -> list[tuple[str, str, int, int]]:
        return [(v, str(label), self.registered[v], self.attended[v]) for v, label in Level.choices]

    @property
    def total_registered(self) -> int:
        return sum(self.registered.values())

    @property
    def total_attended(self) -> int:
        return sum(self.attended.values())

    @property
    def missing_registered_levels(self) -> list[str]:
        return [str(label) for v, label in Level.choices if self.registered[v] == 0]

    @property
    def missing_attended_levels(self) -> list[str]:
        return [str(label) for v, label in Level.choices if self.attended[v] == 0]


@dataclass
class MeetingAttendance:
    meeting: Meeting
    municipalities: list[MunicipalityAttendance]
    attendance_taken: bool

    @property
    def levels(self) -> list[tuple[str, str]]:
        return list(Level.choices)

    @property
    def total_registered(self) -> int:
        return sum(m.total_registered for m in self.municipalities)

    @property
    def total_attended(self) -> int:
        return sum(m.total_attended for m in self.municipalities)

    @property
    def flagged(self) -> list[MunicipalityAttendance]:
        """Municipalities that came (or are coming) without one of their four levels."""
        if self.attendance_taken:
            return [m for m in self.municipalities if m.missing_attended_levels]
        return [m for m in self.municipalities if m.missing_registered_levels]


def meeting_attendance(
    *, meeting: Meeting, with_registrations: bool = True, municipalities: list[Municipality] | None = None
) -> MeetingAttendance:
    """Registrations and attendance per member municipality and level, in two queries.

    Every member municipality is listed, also one with nobody registered, so that a
    municipality that stays away is visible. ``flagged`` names those without one of the levels.

    ``with_registrations=False`` (the meeting page, which shows only the figures): the
    registrations are counted in the database and ``registrations`` stays empty; a meeting's
    hundreds of registrations are not read one by one (issue 18). ``municipalities``: the
    network's members by name (:func:`meeting_municipalities`), when the caller has them.
    """
    if municipalities is None:
        municipalities = meeting_municipalities(meeting=meeting)
    by_municipality = {
        m.pk: MunicipalityAttendance(
            municipality=m, registrations=[], registered=dict.fromkeys(LEVEL_ORDER, 0), attended=dict.fromkeys(LEVEL_ORDER, 0)
        )
        for m in municipalities
    }

    def row_for(municipality: Municipality) -> MunicipalityAttendance:
        row = by_municipality.get(municipality.pk)
        if row is None:  # a municipality that has left the network since: still counted, listed last
            row = by_municipality[municipality.pk] = MunicipalityAttendance(
                municipality=municipality,
                registrations=[],
                registered=dict.fromkeys(LEVEL_ORDER, 0),
                attended=dict.fromkeys(LEVEL_ORDER, 0),
            )
        return row

    taken = False
    if not with_registrations:
        counted = (
            # Unscoped, as user_registration: the meeting is the network's (meeting_get).
            Registration._base_manager.filter(meeting=meeting).order_by("municipality__name", "municipality_id")
            .values_list("municipality_id", "municipality__name", "level")
            .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        )
        for municipality_id, name, level, registered, attended in counted:
            # A municipality that has left the network: its name is all the page shows of it.
            row = by_municipality.get(municipality_id) or row_for(Municipality(pk=municipality_id, name=name))
            row.registered[level] += registered
            row.attended[level] += attended
            taken = taken or attended > 0
        return MeetingAttendance(meeting=meeting, municipalities=list(by_municipality.values()), attendance_taken=taken)
    for registration in meeting_registrations(meeting=meeting):
        row = row_for(registration.municipality)
        row.registrations.append(registration)
        row.registered[registration.level] += 1
        if registration.attended:
            row.attended[registration.level] += 1
            taken = True
    return MeetingAttendance(meeting=meeting, municipalities=list(by_municipality.values()), attendance_taken=taken)


def meeting_groups(*, meeting: Meeting) -> list[tuple[Group, list[Registration]]]:
    """The meeting's groups with their members, in two queries."""
    groups = list(Group.objects.filter(meeting=meeting).order_by("number"))
    members: dict[int, list[Registration]] = {g.pk: [] for g in groups}
    for registration in (
        Registration.objects.filter(meeting=meeting, group__isnull=False)
        .select_related("municipality")
        .order_by("level", "municipality__name", "name")
    ):
        members[registration.group_id].append(registration)
    return [(g, sorted(members[g.pk], key=lambda r: (LEVEL_ORDER.index(r.level), r.municipality.name, r.name))) for g in groups]


@dataclass(frozen=True)
class Presentation:
    municipality: Municipality
    mapping: object | None
    results: object | None


def meeting_municipalities(*, meeting: Meeting) -> list[Municipality]:
    """The meeting's network's member municipalities, by name (the running order)."""
    return list(Municipality.objects.filter(network_memberships__network_id=meeting.round.network_id).order_by("name"))


def meeting_presentations(
    *, meeting: Meeting, municipalities: list[Municipality] | None = None
) -> tuple[list[Presentation], bool]:
    """The running order: each member municipality presents its published mapping result.

    Returns ``(presentations, mappings_available)``; the second is False while the reviews app
    does not provide ``published_mappings_for_round`` / ``mapping_summaries``.
    ``municipalities``: :func:`meeting_municipalities`, when the caller has them.
    """
    if municipalities is None:
        municipalities = meeting_municipalities(meeting=meeting)
    try:
        from reviews.selectors import mapping_summaries, published_mappings_for_round
    except ImportError:
        return [Presentation(municipality=m, mapping=None, results=None) for m in municipalities], False
    # Batched: a fixed number of queries however many municipalities present (issue 8).
    mappings = published_mappings_for_round(municipality_ids=[m.pk for m in municipalities], round=meeting.round)
    # No scale: the running order shows means, never an answer's step (a query less, issue 18);
    # the statements by their labels only, without their areas.
    summaries = mapping_summaries(mappings=list(mappings.values()), with_scale=False, with_areas=False)
    presentations = []
    for m in municipalities:
        mapping = mappings.get(m.pk)
        results = summaries.get(mapping.pk) if mapping is not None else None
        presentations.append(Presentation(municipality=m, mapping=mapping, results=results))
    return presentations, True




def calendar_feed_user(*, token: str):
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    return feed.user if feed else None




# --- The home pages' round panels ------------------------------------------------------------------

@dataclass(frozen=True)
class NetworkFacts:
    """What several panels of the network home need about the network, read once (two queries).

    The rounds card, the latest meetings, the success factors and the cycle figure each read the
    rounds, meetings and members on their own before: with nothing cached, those repeated reads
    were a good part of the page's time (issue 18).
    """

    rounds: list[RoundRow]  # every round with its phase and meeting, by number
    memberships: list[NetworkMembership]  # with the municipality, by its name

    @property
    def meetings(self) -> list[Meeting]:
        """The network's meetings (each with its round), by start."""
        return sorted((row.meeting for row in self.rounds if row.meeting is not None), key=lambda m: m.starts)

    @property
    def municipalities(self) -> list[Municipality]:
        return [m.municipality for m in self.memberships]

    def next_meeting(self, now: datetime) -> Meeting | None:
        """As :func:`next_meeting`: the first meeting that has not ended."""
        return next((m for m in self.meetings if m.ends >= now), None)


def network_facts(*, network: Network, today: date | None = None) -> NetworkFacts:
    return NetworkFacts(
        rounds=network_rounds(network=network, today=today or timezone.localdate()),
        memberships=network_memberships(network=network),
    )


@dataclass(frozen=True)
class RoundsPanel:
    rounds: list[RoundRow]
    completed: int
    next_meeting: Meeting | None


def network_rounds_panel(*, network: Network, today: date | None = None, facts: NetworkFacts | None = None) -> RoundsPanel:
    """The rounds card on the network home (``facts``: :func:`network_facts`, read once for the page)."""
    if facts is not None:
        rows, coming = facts.rounds, facts.next_meeting(timezone.now())
    else:
        rows, coming = network_rounds(network=network, today=today or timezone.localdate()), next_meeting(network=network)
    return RoundsPanel(rounds=rows, completed=sum(1 for r in rows if r.phase == Phase.DONE), next_meeting=coming)


@dataclass(frozen=True)
class MunicipalityNetworks:
    """The municipality's networks, each with its rounds of today, read once for the municipality home.

    The rounds card, the success factors and the cycle figure each read the memberships and the
    rounds on their own before: with nothing cached, those repeated reads were a good part of the
    page's time (issue 18).
    """

    memberships: list[NetworkMembership]  # with the network, by its name
    rounds: dict[int, list[RoundRow]]  # network id -> network_rounds of today

    @property
    def latest(self) -> NetworkMembership | None:
        """The most recently joined network's membership (the first by name among equals)."""
        if not self.memberships:
            return None
        joined = max(nm.joined_on for nm in self.memberships)
        return next(nm for nm in self.memberships if nm.joined_on == joined)

    @property
    def meetings(self) -> list[Meeting]:
        """Every meeting of the networks (each with its round), by start."""
        return sorted(
            (row.meeting for rows in self.rounds.values() for row in rows if row.meeting is not None),
            key=lambda m: m.starts,
        )


def municipality_networks(*, municipality: Municipality, today: date | None = None) -> MunicipalityNetworks:
    """Two queries: the memberships, and every round of their networks (as :func:`network_rounds`).

    Both unscoped, naming the municipality by its id and the networks by those of its memberships:
    the scope's filters said them again, two more conditions to build and compile on every cold
    home (issue 18).
    """
    today = today or timezone.localdate()
    memberships = list(
        NetworkMembership._base_manager.filter(municipality_id=municipality.pk).select_related("network")
        .order_by("network__name")
    )
    rounds: dict[int, list[RoundRow]] = {nm.network_id: [] for nm in memberships}
    if memberships:
        for r in (Round._base_manager.filter(network_id__in=list(rounds)).select_related("meeting")
                  .order_by("network_id", "number")):
            rounds[r.network_id].append(_round_row(r, today))
    return MunicipalityNetworks(memberships=memberships, rounds=rounds)


def municipality_round_phases(
    *, municipality: Municipality, memberships: list[NetworkMembership] | None = None, today: date | None = None,
    networks: MunicipalityNetworks | None = None,
) -> list[tuple[Network, MunicipalityPhase, Meeting | None]]:
    """Where the municipality stands in each of its networks (the municipality home's card).

    ``memberships``: the home view's already-read NetworkMemberships of the municipality;
    ``networks``: those with their rounds of today (:func:`municipality_networks`).
    """
    now = timezone.now()
    today = today or timezone.localdate(now)
    if networks is not None:
        memberships = networks.memberships
    elif memberships is None:
        memberships = networks_of_municipality(municipality=municipality)
    phases = []
    for nm in memberships:
        # One query per network (none when ``networks`` holds them): the phase and the next meeting
        # (next_meeting's rule: the first meeting that has not ended) both come from the rounds,
        # each with its one meeting.
        rows = networks.rounds[nm.network_id] if networks is not None else network_rounds(network=nm.network, today=today)
        coming = [row.meeting for row in rows if row.meeting is not None and row.meeting.ends >= now]
        phases.append((
            nm.network,
            municipality_phase(municipality=municipality, network=nm.network, today=today, joined_on=nm.joined_on,
                               rows=rows),
            min(coming, key=lambda meeting: (meeting.starts, meeting.pk)) if coming else None,
        ))
    return phases


# --- The meeting as the hub of the day ------------------------------------------------------------

@dataclass(frozen=True)
class MeetingTool:
    key: str
    label: str
    url: str


# Words in an agenda line that name a tool (lower case, matched as the start of a word).
_AGENDA_WORDS = {
    "presentations": ("presentation", "kartläggning"),
    "feedback": ("återkoppl",),
    "report_back": ("redovis",),
    "groups": ("grupp",),
    "attendance": ("närvaro",),
    "summary": ("sammanfatt",),
    # After report-back: "Redovisning av åtaganden" is the report-back, "Nya åtaganden" a new one.
    "commitment": ("åtagand",),
}


def meeting_agenda(*, items: list[str], tools: list[MeetingTool]) -> list[tuple[str, MeetingTool | None]]:
    """Each agenda line with the tool it names (the first that matches), if the viewer has it.

    The agenda is free text the project leader writes; "Återkoppling i blandade grupper" leads to
    the feedback page, "Redovisning av åtaganden" to the report-back page.
    """
    available = {tool.key: tool for tool in tools}
    result = []
    for item in items:
        words = item.lower().replace("-", " ").split()
        found = None
        for key, stems in _AGENDA_WORDS.items():
            if key in available and any(w.startswith(stem) for w in words for stem in stems):
                found = available[key]
                break
        result.append((item, found))
    return result


# --- The project leader's to-do for the next meeting (start page) --------------------------------

@dataclass(frozen=True)
class LeaderTodo:
    meeting: Meeting
    registered: int
    groups: int
    attended: int
    has_begun: bool


def leader_meeting_todos(
    *, user, now: datetime | None = None, leaderships: list[ProjectLeader] | None = None
) -> list[LeaderTodo]:
    """For each network the user leads, what its next meeting still needs (inside the user's scope).

    ``leaderships``: the user's :func:`user_project_leaderships`, when the caller has read them.
    """
    todos = []
    for leadership in user_project_leaderships(user=user) if leaderships is None else leaderships:
        meeting = next_meeting(network=leadership.network, now=now)
        if meeting is None:
            continue
        registrations = Registration.objects.filter(meeting=meeting).aggregate(
            registered=Count("pk"), attended=Count("pk", filter=Q(attended=True))
        )
        todos.append(LeaderTodo(
            meeting=meeting,
            registered=registrations["registered"],
            groups=Group.objects.filter(meeting=meeting).count(),
            attended=registrations["attended"],
            has_begun=meeting.starts <= (now or timezone.now()),
        ))
    return todos


def register_candidates(*, meeting: Meeting, municipality_ids) -> QuerySet[Membership]:
    """Members of the coordinator's municipalities not yet registered (inside the network's scope)."""
    registered = Registration.objects.filter(meeting=meeting, user__isnull=False).values_list("user_id", flat=True)
    return (
        Membership.objects.filter(municipality_id__in=municipality_ids)
        .exclude(user_id__in=list(registered))
        .select_related("user", "municipality")
        .order_by("municipality__name", "level", "user__full_name")
    )
