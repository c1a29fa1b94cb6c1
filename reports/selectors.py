"""Reads about reports and the cycle figure's inputs."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from access import visibility
from municipalities.models import Municipality
from networks.models import Network, NetworkMembership

from .figure import FINISHED, HOME, MEETING, NOT_STARTED, FigureInputs, Position, RoundMark
from .models import CycleFigure, Report


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

def _commitment_model():
    try:
        return apps.get_model("commitments", "Commitment")
    except LookupError:  # the commitments app has no models yet
        return None


def _commitments_per_meeting(*, meeting_ids: list[int], municipality_ids: list[int], shared_with_id: int | None) -> dict:
    """(made, kept) per meeting; kept = carried out (status "genomförd")."""
    Commitment = _commitment_model()
    if Commitment is None or not meeting_ids:
        return {}
    qs = Commitment.objects.filter(meeting_id__in=meeting_ids, municipality_id__in=municipality_ids)
    if shared_with_id is not None:
        qs = visibility.commitments_shared_with(qs, network_id=shared_with_id)
    rows = qs.values("meeting_id").annotate(made=Count("id"), kept=Count("id", filter=Q(status="genomford")))
    return {row["meeting_id"]: (row["made"], row["kept"]) for row in rows}


def _network_of(municipality: Municipality) -> Network | None:
    membership = (
        NetworkMembership.objects.filter(municipality=municipality).select_related("network")
        .order_by("-joined_on", "network__name").first()
    )
    return membership.network if membership else None


_PHASES = {"home": HOME, "meeting": MEETING, "not_started": NOT_STARTED, "done": FINISHED}


def cycle_figure_inputs(*, municipality: Municipality | None = None, network: Network | None = None,
                        today: datetime.date) -> FigureInputs:
    """What the figure shows. A municipality's figure follows its (most recently joined) network."""
    from networks.selectors import network_rounds

    the_network = network or _network_of(municipality)
    if the_network is None:
        return FigureInputs(subject=municipality.name, agreed_rounds=0, today=None)
    rows = network_rounds(network=the_network, today=today)
    members = (
        [municipality] if municipality
        else list(Municipality.objects.filter(network_memberships__network=the_network).order_by("name"))
    )
    meeting_ids = [row.meeting.pk for row in rows if row.meeting is not None]
    counts = _commitments_per_meeting(
        meeting_ids=meeting_ids, municipality_ids=[m.pk for m in members],
        shared_with_id=the_network.pk if municipality is None else None,
    )
    has_commitments = _commitment_model() is not None

    def made_kept(row) -> tuple[int | None, int | None]:
        # Only a meeting that has begun can have commitments made at it.
        if not has_commitments or row.meeting is None or timezone.localdate(row.meeting.starts) > today:
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
    joined = dict(
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
                     today: datetime.date | None = None, language: str = "sv") -> tuple[CycleFigure | None, bool]:
    """The stored figure in ``language`` and whether it is stale (its inputs changed since)."""
    today = today or timezone.localdate()
    lookup = {"municipality": municipality} if municipality else {"network": network}
    figure = CycleFigure.objects.filter(**lookup, language=language).first()
    with translation.override(language):  # the same language the worker draws it in
        digest = cycle_figure_inputs(municipality=municipality, network=network, today=today).hash()
    return figure, figure is None or figure.inputs_hash != digest
