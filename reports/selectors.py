"""Reads about reports and the cycle figure's inputs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from access import visibility
from access.context import NetworkContext
from commitments import selectors as commitments
from commitments.models import Commitment, CommitmentStatus, Feedback
from commitments.selectors import ReportBackRow
from commitments.success import (
    Figure,
    SuccessFactors,
    commitments_kept_by_municipality,
    municipality_success_factors,
    network_success_factors,
)
from goals.selectors import GoalCounts, GoalReportEntry, goal_counts, goals_in_cascade_order_of
from municipalities.models import Municipality
from networks.models import Group, Meeting, Network, NetworkMembership, Registration
from networks.selectors import (
    MunicipalityNetworks,
    NetworkFacts,
    meeting_groups,
    network_facts,
    network_rounds,
    next_meeting,
)
from quality.selectors import ToolStatus, tool_statuses
from reviews.selectors import MappingResults, latest_mappings_with_results, mappings_results

from .figure import FINISHED, HOME, MEETING, NOT_STARTED, FigureInputs, Position, RoundMark
from .models import CycleFigure, Report, ReportKind


def report_list(*, municipality: Municipality | None = None, network: Network | None = None,
                limit: int = 50) -> list[Report]:
    qs = Report.objects.filter(municipality=municipality) if municipality else Report.objects.filter(network=network)
    return list(qs.select_related("requested_by", "round").order_by("-created", "-pk")[:limit])


def report_get(*, pk: int, municipality: Municipality | None = None, network: Network | None = None) -> Report:
    """Another tenant's report is a 404 (its existence is not revealed)."""
    lookup = {"municipality": municipality} if municipality else {"network": network}
    return get_object_or_404(Report.objects.select_related("municipality", "network"), pk=pk, **lookup)


def default_period(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The school year so far: from 1 July (the start of the läsår) to today."""
    start_year = today.year if today.month >= 7 else today.year - 1
    return datetime.date(start_year, 7, 1), today


# --- The cycle figure ----------------------------------------------------------------------------

def _commitments_per_meeting(*, meeting_ids: list[int], municipality_ids: list[int], shared_with_id: int | None) -> dict:
    """(made, kept) per meeting; kept = carried out."""
    if not meeting_ids:
        return {}
    qs = Commitment.objects.filter(meeting_id__in=meeting_ids, municipality_id__in=municipality_ids)
    if shared_with_id is not None:
        qs = visibility.commitments_shared_with(qs, network_id=shared_with_id)
    rows = qs.values("meeting_id").annotate(
        made=Count("id"), kept=Count("id", filter=Q(status=CommitmentStatus.DONE))
    )
    return {row["meeting_id"]: (row["made"], row["kept"]) for row in rows}


def _membership_of(municipality: Municipality) -> NetworkMembership | None:
    """The municipality's most recently joined network's membership (its network read with it)."""
    return (
        NetworkMembership.objects.filter(municipality=municipality).select_related("network")
        .order_by("-joined_on", "network__name").first()
    )


_PHASES = {"home": HOME, "meeting": MEETING, "not_started": NOT_STARTED, "done": FINISHED}


def cycle_figure_inputs(*, municipality: Municipality | None = None, network: Network | None = None,
                        today: datetime.date, facts: NetworkFacts | None = None,
                        networks: MunicipalityNetworks | None = None) -> FigureInputs:
    """What the figure shows. A municipality's figure follows its (most recently joined) network.

    ``facts``: the network's rounds and memberships as the network home read them (a network's
    figure only; networks.selectors.network_facts). ``networks``: the municipality's networks with
    their rounds of ``today`` as the municipality home read them (a municipality's figure only;
    networks.selectors.municipality_networks): then only the commitments are counted here.
    """
    if network:
        membership = None
    else:
        membership = networks.latest if networks is not None else _membership_of(municipality)
    the_network = network or (membership.network if membership else None)
    if the_network is None:
        return FigureInputs(subject=municipality.name, agreed_rounds=0, today=None)
    if facts is not None and municipality is None:
        rows, members = facts.rounds, facts.municipalities
        joined_on = {m.municipality_id: m.joined_on for m in facts.memberships}
    elif networks is not None and municipality is not None:
        rows, members, joined_on = networks.rounds[the_network.pk], [municipality], None
    else:
        rows = network_rounds(network=the_network, today=today)
        members = (
            [municipality] if municipality
            else list(Municipality.objects.filter(network_memberships__network=the_network).order_by("name"))
        )
        joined_on = None
    meeting_ids = [row.meeting.pk for row in rows if row.meeting is not None]
    counts = _commitments_per_meeting(
        meeting_ids=meeting_ids, municipality_ids=[m.pk for m in members],
        shared_with_id=the_network.pk if municipality is None else None,
    )
    def made_kept(row) -> tuple[int | None, int | None]:
        # Only a meeting that has begun can have commitments made at it.
        if row.meeting is None or timezone.localdate(row.meeting.starts) > today:
            return None, None
        return counts.get(row.meeting.pk, (0, 0))

    rounds = tuple(
        RoundMark(
            number=row.round.number,
            home_phase_starts=row.round.home_phase_starts,
            meeting_on=timezone.localdate(row.meeting.starts) if row.meeting else None,
            title=row.round.title,
            commitments_made=made_kept(row)[0],
            commitments_kept=made_kept(row)[1],
        )
        for row in rows
    )
    joined = joined_on if joined_on is not None else {municipality.pk: membership.joined_on} if membership else dict(
        NetworkMembership.objects.filter(network=the_network, municipality__in=[m.pk for m in members])
        .values_list("municipality_id", "joined_on")
    )
    current = next((r for r in rows if str(r.phase) in ("home", "meeting")), None)
    coming = next((r for r in rows if str(r.phase) == "not_started"), None)
    positions = []
    # networks.selectors.municipality_phase's rule, for every member at once (no query per member).
    for member in members:
        own_current = None if joined.get(member.pk) and today < joined[member.pk] else current
        row = own_current or coming or (rows[-1] if rows else None)
        if row is None or row is coming and own_current is None:
            positions.append(Position(name=member.name, round_number=row.round.number if row else 0, phase=NOT_STARTED))
        elif own_current is None:
            positions.append(Position(name=member.name, round_number=row.round.number, phase=FINISHED))
        else:
            positions.append(Position(name=member.name, round_number=row.round.number,
                                      phase=_PHASES.get(str(row.phase), NOT_STARTED)))
    return FigureInputs(
        subject=(municipality or the_network).name,
        agreed_rounds=the_network.agreed_rounds,
        rounds=rounds,
        positions=tuple(positions),
        is_network=municipality is None,
        network_name=the_network.name,
    )


def cycle_figure_for(*, municipality: Municipality | None = None, network: Network | None = None,
                     today: datetime.date | None = None, language: str = "sv",
                     facts: NetworkFacts | None = None,
                     networks: MunicipalityNetworks | None = None) -> tuple[CycleFigure | None, bool]:
    """The stored figure in ``language`` and whether it is stale (its inputs changed since)."""
    today = today or timezone.localdate()
    lookup = {"municipality": municipality} if municipality else {"network": network}
    figure = CycleFigure.objects.filter(**lookup, language=language).first()
    with translation.override(language):  # the same language the worker draws it in
        digest = cycle_figure_inputs(
            municipality=municipality, network=network, today=today, facts=facts, networks=networks
        ).hash()
    return figure, figure is None or figure.inputs_hash != digest


# --- A report's inputs -----------------------------------------------------------------------------
# Everything a report shows, read once through the apps' own selectors (the same ones their pages
# use), so that the report renders their results and never counts again. reports.content turns
# these into text without a query of its own.

@dataclass
class MunicipalityInputs:
    municipality: Municipality
    networks: list[Network]
    goals: list[GoalReportEntry]
    mapping: MappingResults | None
    commitments: list[Commitment]  # alive during the period
    kept: Figure  # the success factors' "Hållna åtaganden" rule
    feedback: list[Feedback]
    # The municipality report only (the network report counts over the network instead).
    goal_counts: GoalCounts | None = None
    factors: SuccessFactors | None = None
    # Modellen 2.0's eight dimensions: the quality start page's own statuses and answers.
    modellen: list[ToolStatus] | None = None
    # The period's commitments counted per status, the open and recent listed (both reports).
    period_commitments: commitments.PeriodCommitments | None = None
    period_feedback: commitments.PeriodFeedback | None = None
    # The evidence behind dimensions 3 and 8, as every member of the municipality may read it:
    # each school's classes followed over time (progression's school pages are open to all
    # members), and Visa & berätta per routine for the whole municipality (counts of people, never
    # per school: the schools' analyses are förvaltning's and their staff's).
    progression: list = field(default_factory=list)  # progression.selectors.SchoolProgressionSummary
    coverage: list = field(default_factory=list)  # competence.selectors.SchoolCoverageCounts


@dataclass
class MeetingInputs:
    meeting: Meeting
    groups: list[tuple[Group, list[Registration]]]
    feedback: list[Feedback]
    commitments: list[Commitment]  # made at the meeting and shared with the network
    report_back: list[ReportBackRow]


@dataclass
class ReportInputs:
    report: Report
    subject: str
    today: datetime.date
    figure: FigureInputs | None
    next_meetings: list[Meeting] = field(default_factory=list)
    municipality: MunicipalityInputs | None = None
    network_factors: SuccessFactors | None = None
    members: list[MunicipalityInputs] = field(default_factory=list)
    meeting: MeetingInputs | None = None
    networks: list[Network] = field(default_factory=list)


def network_report_ctx(network: Network, *, facts: NetworkFacts | None = None) -> NetworkContext:
    """What any member of the network may see (access.visibility): the report is the network's.

    ``facts``: the network's facts when the caller has read them: their memberships name the
    members, not read a second time."""
    if facts is not None:
        member_ids = tuple(m.municipality_id for m in facts.memberships)
    else:
        member_ids = tuple(NetworkMembership.objects.filter(network=network).values_list("municipality_id", flat=True))
    return NetworkContext(network=network, is_project_leader=False, member_municipality_ids=member_ids)


def municipality_report_inputs(*, municipality: Municipality, start: datetime.date, end: datetime.date,
                               networks: list[Network], network_ctx: NetworkContext | None,
                               today: datetime.date | None = None) -> MunicipalityInputs:
    """One municipality's part. The commitments are counted per status and the long list shortened
    alike in both reports (``period_commitments``); only the municipality report shows feedback."""
    return municipalities_report_inputs(municipalities=[municipality], start=start, end=end, networks=networks,
                                        network_ctx=network_ctx, today=today)[0]


def municipalities_report_inputs(*, municipalities: list[Municipality], start: datetime.date, end: datetime.date,
                                 networks: list[Network], network_ctx: NetworkContext | None,
                                 today: datetime.date | None = None) -> list[MunicipalityInputs]:
    """``municipality_report_inputs`` of many municipalities (the network report's members), in
    their order, through the selectors' forms for many: the same number of queries however many
    members the network has."""
    today = today or timezone.localdate()
    ids = [m.pk for m in municipalities]
    mappings = latest_mappings_with_results(municipality_ids=ids, until=end, network_ctx=network_ctx)
    results = mappings_results(mappings=list(mappings.values()), with_comments=False)
    if network_ctx is None:
        kept_over = Commitment.objects.all()
        presented_at = None
    else:
        # What the network may see: the commitments made at home are the network's once its latest
        # begun meeting presented them (read once for both lists).
        presented_at = commitments.last_begun_meeting_start(network=network_ctx.network)
        kept_over = commitments.commitments_seen_by_network(ctx=network_ctx, municipality_ids=ids,
                                                            presented_at=presented_at)
    kept = commitments_kept_by_municipality(commitments=kept_over, municipality_ids=ids)
    # The network report lists its members' commitments without their updates (the meetings'
    # report-back pages show those): not read for it.
    in_period = commitments.commitments_in_period_of(municipality_ids=ids, start=start, end=end,
                                                     network_ctx=network_ctx, presented_at=presented_at,
                                                     latest_update=network_ctx is None)
    goals = goals_in_cascade_order_of(municipalities=municipalities, network_ctx=network_ctx)
    return [
        MunicipalityInputs(
            municipality=municipality,
            networks=networks,
            goals=goals[municipality.pk],
            mapping=results[mappings[municipality.pk].pk] if municipality.pk in mappings else None,
            commitments=in_period[municipality.pk],
            kept=kept[municipality.pk],
            period_commitments=commitments.period_commitments(commitments=in_period[municipality.pk], end=end,
                                                              today=today),
            # The network report prints no feedback (the meeting summary does): not read for it.
            feedback=commitments.feedback_in_period(municipality=municipality, start=start, end=end)
            if network_ctx is None else [],
        )
        for municipality in municipalities
    ]


def modellen_evidence(*, municipality: Municipality) -> tuple[list, list]:
    """Dimension 3's per-school progression summaries (anonymity applied) and dimension 8's
    Visa & berätta counts, through the tools' own selectors."""
    from competence.selectors import coverage_counts
    from municipalities.models import School
    from progression.selectors import school_progression_summary

    schools = School.objects.filter(municipality=municipality, progression_classes__isnull=False).distinct()
    summaries = [school_progression_summary(school=s) for s in schools.select_related("municipality").order_by("name")]
    return [s for s in summaries if s.has_data], coverage_counts(municipality=municipality)


def report_inputs(*, report: Report, today: datetime.date | None = None) -> ReportInputs:
    """Read everything the report shows (in the worker, inside the report's tenant)."""
    today = today or timezone.localdate()
    start, end = report.period_start, report.period_end
    if report.kind == ReportKind.MUNICIPALITY:
        municipality = report.municipality
        networks = [nm.network for nm in NetworkMembership.objects.filter(municipality=municipality)
                    .select_related("network").order_by("network__name")]
        part = municipality_report_inputs(municipality=municipality, start=start, end=end, networks=networks,
                                          network_ctx=None, today=today)
        part.goal_counts = goal_counts(municipality=municipality)
        part.factors = municipality_success_factors(municipality=municipality)
        part.modellen = tool_statuses(municipality=municipality, today=today)
        part.period_feedback = commitments.period_feedback(feedback=part.feedback, end=end)
        part.progression, part.coverage = modellen_evidence(municipality=municipality)
        return ReportInputs(
            report=report, subject=municipality.name, today=today, networks=networks, municipality=part,
            figure=cycle_figure_inputs(municipality=municipality, today=today) if networks else None,
            next_meetings=[m for m in (next_meeting(network=n) for n in networks) if m is not None],
        )
    network = report.network
    if report.kind == ReportKind.NETWORK:
        # The rounds, meetings and members read once, as the network home reads them for the same
        # figure, success factors and next meeting (and the members' context).
        facts = network_facts(network=network, today=today)
        ctx = network_report_ctx(network, facts=facts)
        meeting = facts.next_meeting(timezone.now())
        return ReportInputs(
            report=report, subject=network.name, today=today, networks=[network],
            figure=cycle_figure_inputs(network=network, today=today, facts=facts),
            network_factors=network_success_factors(network=network, member_ids=[m.municipality_id for m in facts.memberships],
                                                    meetings=facts.meetings),
            members=municipalities_report_inputs(municipalities=facts.municipalities, start=start, end=end,
                                                 networks=[network], network_ctx=ctx, today=today),
            next_meetings=[meeting] if meeting else [],
        )
    ctx = network_report_ctx(network)
    meeting = Meeting.objects.filter(round=report.round).select_related("round").first()
    return ReportInputs(
        report=report, subject=network.name, today=today, networks=[network], figure=None,
        meeting=MeetingInputs(
            meeting=meeting,
            groups=meeting_groups(meeting=meeting),
            feedback=commitments.feedback_for_meeting(meeting=meeting),
            commitments=commitments.commitments_made_at(meeting=meeting, network_ctx=ctx),
            report_back=commitments.report_back(meeting=meeting, network_ctx=ctx),
        ) if meeting else None,
    )
