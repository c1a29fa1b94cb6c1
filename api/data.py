"""The read API's figures, each taken from the selector the product's pages use.

Nothing here counts on its own: goals and their status come from ``goals.selectors`` (the goal
page's ``goal_indicator_views``), mapping results from ``reviews.selectors`` (the anonymity rule:
``mapping_results`` / ``mapping_summaries``), commitments from ``commitments.selectors``,
meetings and participation from ``networks.selectors.meeting_attendance``, the success factors
from ``commitments.success``. These functions only pick the rows a call asks for (filters and
one page) and turn the selectors' results into plain dicts for the schemas in ``api.schemas``.

Every function runs inside the scope ``api.access`` opened for the token's tenant.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from access.context import MunicipalityContext, NetworkContext
from access.visibility import shared_with_network
from commitments import selectors as commitment_selectors
from commitments.models import Commitment, CommitmentStatus, ProgressUpdate
from commitments.success import SuccessFactors, municipality_success_factors, network_success_factors
from goals import selectors as goal_selectors
from goals.models import Goal, GoalStatus
from indicators import selectors as indicator_selectors
from municipalities.models import Level, Municipality
from networks import selectors as network_selectors
from networks.models import Meeting
from reviews import selectors as review_selectors

LEVELS = [value for value, _label in Level.choices]


@dataclass(frozen=True)
class Paging:
    page: int
    page_size: int


@dataclass(frozen=True)
class Sliced:
    items: list
    count: int
    page: int
    pages: int
    page_size: int

    def envelope(self, results: list) -> dict:
        return {"count": self.count, "page": self.page, "pages": self.pages, "page_size": self.page_size,
                "results": results}


def paginate(items: Sequence, paging: Paging | None) -> Sliced:
    """One page of ``items``; ``None`` (a CSV download) is every row."""
    count = len(items)
    if paging is None:
        return Sliced(list(items), count, 1, 1, count)
    pages = max(1, math.ceil(count / paging.page_size))
    start = (paging.page - 1) * paging.page_size
    return Sliced(list(items[start:start + paging.page_size]), count, paging.page, pages, paging.page_size)


def _overlaps(start: datetime.date | None, end: datetime.date | None, since, until) -> bool:
    """Whether [start, end] meets [since, until] (an open end on either side meets everything)."""
    return (until is None or start is None or start <= until) and (since is None or end is None or end >= since)


# --- Goals -----------------------------------------------------------------------------------------

def _goals_of(municipality: Municipality, network_ctx: NetworkContext | None) -> list[Goal]:
    """The municipality's goals in the goal tree's reading order, no proposals (as goal_counts and
    the reports); for a network only those shared with it."""
    goals = [n.goal for n in goal_selectors.goal_flat_tree(municipality=municipality)
             if n.goal.status != GoalStatus.PROPOSED]
    if network_ctx is not None:
        shared = set(shared_with_network(Goal.objects.filter(municipality=municipality), network_ctx)
                     .values_list("pk", flat=True))
        goals = [g for g in goals if g.pk in shared]
    for goal in goals:
        goal.municipality = municipality  # named in the output: no query per goal
    return goals


def goal_rows(
    *, municipalities: Iterable[Municipality], network_ctx: NetworkContext | None = None,
    level: str | None = None, since: datetime.date | None = None, until: datetime.date | None = None,
    paging: Paging | None,
) -> tuple[Sliced, list[dict]]:
    """Goals whose period (start to target date) meets [since, until], at ``level``."""
    goals = [
        g for m in municipalities for g in _goals_of(m, network_ctx)
        if (level is None or g.level == level) and _overlaps(g.starts_on, g.target_on, since, until)
    ]
    sliced = paginate(goals, paging)
    return sliced, [goal_dict(goal) for goal in sliced.items]


def goal_dict(goal: Goal) -> dict:
    return {
        "id": goal.pk, "municipality": goal.municipality.slug, "title": goal.title, "description": goal.description,
        "area": goal.area, "level": goal.level, "school": goal.school.name if goal.school_id else None,
        "parent_id": goal.parent_id, "status": goal.status, "starts_on": goal.starts_on, "target_on": goal.target_on,
        "adopted_on": goal.adopted_on,
        "indicators": [_indicator_dict(view) for view in goal_selectors.goal_indicator_views(goal=goal)],
    }


def _point(point) -> dict | None:
    if point is None:
        return None
    return {"school_year": point.school_year, "grade": point.grade, "value": point.value, "marker": point.marker}


def _indicator_dict(view) -> dict:
    link, status = view.link, view.status
    return {
        "indicator_id": link.indicator_id, "indicator": link.indicator.name, "unit": link.indicator.unit,
        "direction": link.indicator.direction, "grade": link.grade,
        "baseline_value": link.baseline_value, "baseline_year": link.baseline_year,
        "target_value": link.target_value, "target_year": link.target_year,
        "status": status.status.value, "status_label": status.status.label,
        "progress_percent": status.progress_percent, "time_percent": status.time_percent,
        "latest": _point(status.latest_value or status.latest),
        "series": [_point(p) for p in view.points], "national": [_point(p) for p in view.national],
        "is_school_level": view.is_school_level,
    }


def goal_one(*, ctx: MunicipalityContext, pk: int) -> dict:
    """One goal of the municipality, or 404 (another municipality's goal is not found)."""
    goal = goal_selectors.goal_get(municipality=ctx.municipality, pk=pk)
    goal.municipality = ctx.municipality
    return goal_dict(goal)


# --- Measurements ----------------------------------------------------------------------------------

def measurement_rows(
    *, ctx: MunicipalityContext, from_year: int | None, to_year: int | None, indicator_id: int | None,
    grade: int | None, paging: Paging | None,
) -> tuple[Sliced, list[dict]]:
    """The municipality's measurements as its statistics download gives them (the same selector)."""
    qs = indicator_selectors.measurements_for_export(municipality=ctx.municipality)
    if from_year is not None:
        qs = qs.filter(school_year__gte=from_year)
    if to_year is not None:
        qs = qs.filter(school_year__lte=to_year)
    if indicator_id is not None:
        qs = qs.filter(indicator_id=indicator_id)
    if grade is not None:
        qs = qs.filter(grade=grade)
    if paging is None:
        items = list(qs)
        sliced = Sliced(items, len(items), 1, 1, len(items))
    else:
        count = qs.count()
        pages = max(1, math.ceil(count / paging.page_size))
        start = (paging.page - 1) * paging.page_size
        sliced = Sliced(list(qs[start:start + paging.page_size]), count, paging.page, pages, paging.page_size)
    return sliced, [
        {
            "id": m.pk, "indicator_id": m.indicator_id, "indicator": m.indicator.name, "unit": m.indicator.unit,
            "subject": m.indicator.subject, "school": m.school.name if m.school_id else None,
            "school_year": m.school_year, "grade": m.grade, "value": m.value, "marker": m.suppressed_marker,
            "source": m.source,
        }
        for m in sliced.items
    ]


# --- Mapping results -------------------------------------------------------------------------------

def _cell(cell, scale) -> dict:
    visible = cell.visible
    return {
        "level": cell.level, "hidden": cell.hidden, "answers": cell.n if visible else None,
        "dont_know": cell.dont_know if visible else None,
        "mean": round(cell.mean, 2) if cell.mean is not None else None,
        "counts": [] if not visible else [
            {"value": step.value, "label": step.label, "count": cell.count_of(step.value)} for step in scale
        ],
    }


def _results_dict(results, level: str | None) -> dict:
    mapping = results.mapping
    participation = results.participation.levels if results.participation else []
    scale = [] if results.is_scale else results.scale
    return {
        "id": mapping.pk, "municipality": mapping.municipality.slug, "title": mapping.title,
        "template": mapping.template.name, "kind": results.kind, "opens_on": mapping.opens_on,
        "closes_on": mapping.closes_on, "threshold": results.threshold, "available": results.available,
        "participation": [
            {"level": lp.level, "asked": lp.asked, "submitted": lp.submitted, "counted": lp.counted}
            for lp in participation if level is None or lp.level == level
        ],
        "statements": [
            {
                "key": sr.statement.key, "text": sr.statement.text,
                "cells": [_cell(c, scale) for c in [*sr.cell_list, sr.total] if level is None or c.level == level],
            }
            for sr in results.statements
        ],
    }


def mapping_result_rows(
    *, ctx: MunicipalityContext | NetworkContext, level: str | None, since: datetime.date | None,
    until: datetime.date | None, paging: Paging | None,
) -> tuple[Sliced, list[dict]]:
    """Mappings open during [since, until], newest first, with what reviews.selectors lets be shown.

    In a municipality: every mapping with its participation (``mapping_results``, as the results
    page). In a network: the mappings published to it (``mapping_summaries``, as the network's
    pages), without participation.
    """
    if isinstance(ctx, MunicipalityContext):
        mappings = review_selectors.mapping_list(municipality=ctx.municipality)
        for mapping in mappings:
            mapping.municipality = ctx.municipality
    else:
        mappings = list(review_selectors.published_mappings(ctx=ctx).order_by("-opens_on", "-pk"))
    mappings = [m for m in mappings if _overlaps(m.opens_on, m.closes_on, since, until)]
    sliced = paginate(mappings, paging)
    if isinstance(ctx, MunicipalityContext):
        results = [review_selectors.mapping_results(mapping=m, with_comments=False) for m in sliced.items]
    else:
        summaries = review_selectors.mapping_summaries(mappings=sliced.items)
        results = [summaries[m.pk] for m in sliced.items]
    return sliced, [_results_dict(r, level) for r in results]


# --- Commitments -----------------------------------------------------------------------------------

def _commitment_dict(c: Commitment, municipality: Municipality | None = None) -> dict:
    return {
        "id": c.pk, "municipality": (municipality or c.municipality).slug, "title": c.title,
        "description": c.description, "levels": [lv for lv in (c.levels or []) if lv in LEVELS],
        "status": c.status, "status_label": str(CommitmentStatus(c.status).label), "due_on": c.due_on,
        "owner": c.owner.full_name if c.owner_id else None,
        "schools": [s.name for s in c.schools.all()], "meeting_id": c.meeting_id, "created": c.created,
        "updates": [
            {"id": u.pk, "done_on": u.done_on, "text": u.text, "confidence": u.confidence,
             "author": u.author.full_name if u.author_id else None, "has_attachment": bool(u.attachment)}
            for u in c.update_list
        ],
    }


def _filter_commitments(items, level, since, until) -> list[Commitment]:
    return [
        c for c in items
        if (level is None or level in (c.levels or []))
        and (since is None or c.due_on >= since) and (until is None or c.due_on <= until)
    ]


def commitment_rows(
    *, ctx: MunicipalityContext | NetworkContext, status: str | None, level: str | None,
    since: datetime.date | None, until: datetime.date | None, paging: Paging | None,
) -> tuple[Sliced, list[dict]]:
    """Commitments due in [since, until], for ``level``, with their progress updates.

    In a municipality: its list (``commitment_list``) with every update, newest first. In a
    network: what the network may see now (``commitments_seen_by_network``, as its success
    factors and report-back) with the latest update only, as the report-back shows.
    """
    if isinstance(ctx, MunicipalityContext):
        items = commitment_selectors.commitment_list(municipality=ctx.municipality, status=status or "")
    else:
        qs = commitment_selectors.commitments_seen_by_network(ctx=ctx).select_related("owner", "municipality")
        if status:
            qs = qs.filter(status=status)
        items = list(qs.prefetch_related("schools").order_by("due_on", "title", "pk"))
    sliced = paginate(_filter_commitments(items, level, since, until), paging)
    updates = ProgressUpdate.objects.select_related("author").order_by("-done_on", "-created")
    prefetch_related_objects(sliced.items, Prefetch("updates", queryset=updates, to_attr="update_list"))
    if isinstance(ctx, NetworkContext):
        for c in sliced.items:
            c.update_list = c.update_list[:1]
    municipality = ctx.municipality if isinstance(ctx, MunicipalityContext) else None
    return sliced, [_commitment_dict(c, municipality) for c in sliced.items]


def commitment_one(*, ctx: MunicipalityContext, pk: int) -> dict:
    commitment = commitment_selectors.commitment_get(municipality=ctx.municipality, pk=pk)
    updates = ProgressUpdate.objects.select_related("author").order_by("-done_on", "-created")
    prefetch_related_objects([commitment], Prefetch("updates", queryset=updates, to_attr="update_list"))
    return _commitment_dict(commitment, ctx.municipality)


# --- Meetings and participation --------------------------------------------------------------------

def meeting_rows(
    *, ctx: MunicipalityContext | NetworkContext, level: str | None, since: datetime.date | None,
    until: datetime.date | None, paging: Paging | None,
) -> tuple[Sliced, list[dict]]:
    """Meetings starting in [since, until] with registrations and attendance per level
    (``meeting_attendance``, the attendance page's figures). A municipality sees its own row, a
    network every member's."""
    if isinstance(ctx, MunicipalityContext):
        meetings = commitment_selectors.meetings_for_municipality(municipality=ctx.municipality)
        own: set[int] | None = {ctx.municipality.pk}
    else:
        meetings = network_selectors.meetings_of_network(network=ctx.network)
        for meeting in meetings:
            meeting.round.network = ctx.network
        own = None
    meetings = [m for m in meetings if _overlaps(m.starts.date(), m.starts.date(), since, until)]
    sliced = paginate(meetings, paging)
    return sliced, [_meeting_dict(m, own, level) for m in sliced.items]


def _meeting_dict(meeting: Meeting, own: set[int] | None, level: str | None) -> dict:
    attendance = network_selectors.meeting_attendance(meeting=meeting)
    return {
        "id": meeting.pk, "network": meeting.round.network.slug, "round": meeting.round.number,
        "theme": meeting.round.title, "starts": meeting.starts, "ends": meeting.ends, "place": meeting.place,
        "attendance_taken": attendance.attendance_taken,
        "participation": [
            {
                "municipality": row.municipality.slug,
                "levels": [
                    {"level": value, "registered": row.registered[value], "attended": row.attended[value]}
                    for value in LEVELS if level is None or value == level
                ],
            }
            for row in attendance.municipalities if own is None or row.municipality.pk in own
        ],
    }


# --- Success factors -------------------------------------------------------------------------------

def _figure(figure) -> dict:
    return {"label": str(figure.label), "value": figure.value, "part": figure.part, "whole": figure.whole,
            "percent": figure.percent, "rule": str(figure.rule)}


def success_factors(*, ctx: MunicipalityContext | NetworkContext, level: str | None) -> dict:
    """The three success factors of the municipality's (or network's) home page."""
    now = timezone.now()
    factors: SuccessFactors = (
        municipality_success_factors(municipality=ctx.municipality, now=now)
        if isinstance(ctx, MunicipalityContext)
        else network_success_factors(network=ctx.network, now=now)
    )
    return {
        "panels": [
            {
                "key": panel.key, "title": str(panel.title), "rule": str(panel.rule),
                "figures": [_figure(f) for f in panel.figures],
                "levels": [
                    {"level": lp.level, "label": str(lp.label), "home": _figure(lp.home), "meetings": _figure(lp.meetings)}
                    for lp in panel.levels if level is None or lp.level == level
                ],
            }
            for panel in factors.panels
        ]
    }
