"""Reads about mappings. Results are aggregates with the anonymity rules of reviews.aggregation.

Other apps call:
- ``mapping_results(*, mapping) -> MappingResults``: the aggregate result, anonymity applied;
  ``mappings_results(*, mappings)`` for many at once (the network report's members).
- ``latest_mapping_with_results`` / ``latest_mappings_with_results``: a report's "latest mapping".
- ``published_mapping_for(*, municipality, round) -> Mapping | None``: what a municipality
  presents at a round's meeting.
"""

from __future__ import annotations

import datetime
import functools
import operator
from dataclasses import dataclass, field, replace

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone

from access.context import NetworkContext
from access.visibility import shared_with, shared_with_network
from municipalities.models import Level, Membership, Municipality
from networks.models import Network

from .aggregation import Cell, counts_from_rows, group_minimum, suppress
from .crosstenant import anonymity_threshold, network_ids_of  # noqa: F401 (anonymity_threshold re-exported)
from .models import (
    Answer,
    LeftOut,
    Mapping,
    MappingShare,
    Response,
    RosterEntry,
    ScaleStep,
    Statement,
    Template,
    TemplateKind,
)

LEVELS = [value for value, _label in Level.choices]


# --- Templates -----------------------------------------------------------------------------------

def templates_for_network(*, network: Network | None) -> QuerySet[Template]:
    """Current templates usable in a network: the shipped ones and the network's own copies."""
    own = Q(network=network) if network is not None else Q(pk__in=[])
    return (
        Template.objects.filter(Q(network__isnull=True) | own, superseded_at__isnull=True)
        .order_by("network_id", "name")
    )


def usable_template_get(*, network: Network | None, pk: int) -> Template:
    """A current template the network may use (shipped or its own), or 404."""
    return get_object_or_404(templates_for_network(network=network), pk=pk)


def network_template_get(*, network: Network, pk: int) -> Template:
    """The access helper: the network's own template, or 404 (a shipped or another network's is not found)."""
    return get_object_or_404(Template, pk=pk, network=network)


def templates_for_municipality(*, municipality: Municipality) -> QuerySet[Template]:
    network_ids = network_ids_of(municipality=municipality)
    return Template.objects.filter(
        Q(network__isnull=True) | Q(network_id__in=network_ids), superseded_at__isnull=True
    ).order_by("network_id", "name")


def template_statements(*, template: Template) -> list[Statement]:
    # A plain query by template (not the related manager): pages that compare two versions of a
    # template read each version's statements once, on purpose.
    return templates_statements(template_ids=[template.pk])[template.pk]


def templates_statements(*, template_ids, with_areas: bool = True) -> dict[int, list[Statement]]:
    """``template_statements`` of many templates in one query: template id -> its statements.

    ``with_areas=False``: without their areas, nor the texts only a form or a heatmap shows (the
    description and the discussion prompt), for a caller that names a statement only by its
    label (the meeting page's largest differences, issue 18)."""
    found: dict[int, list[Statement]] = {pk: [] for pk in template_ids}
    statements = Statement.objects.filter(template_id__in=list(found))
    if with_areas:
        statements = statements.select_related("area")
    else:
        statements = statements.only("template_id", "key", "text", "short_label", "position")
    for statement in statements.order_by("template_id", "position", "pk"):
        found[statement.template_id].append(statement)
    return found


def template_scale(*, template: Template) -> list[ScaleStep]:
    return templates_scales(template_ids=[template.pk])[template.pk]  # per template, as above


def templates_scales(*, template_ids) -> dict[int, list[ScaleStep]]:
    """``template_scale`` of many templates in one query: template id -> its steps."""
    found: dict[int, list[ScaleStep]] = {pk: [] for pk in template_ids}
    for step in ScaleStep.objects.filter(template_id__in=list(found)).order_by("template_id", "value"):
        found[step.template_id].append(step)
    return found


# --- Mappings ------------------------------------------------------------------------------------

def mapping_get(*, municipality: Municipality, pk: int) -> Mapping:
    """The access helper: a mapping of this municipality, or 404 (another's is not found)."""
    return get_object_or_404(Mapping.objects.select_related("template", "round"), pk=pk, municipality=municipality)


def mapping_list(*, municipality: Municipality) -> list[Mapping]:
    return list(
        Mapping.objects.filter(municipality=municipality).select_related("template", "round")
        .prefetch_related("shares").order_by("-opens_on", "-pk")
    )


def own_response(*, mapping: Mapping, user) -> Response | None:
    return Response.objects.filter(mapping=mapping, user=user).first()


def own_answers(*, response: Response | None) -> dict[int, Answer]:
    """The signed-in person's own answers, by statement id. Never called for anyone else."""
    if response is None:
        return {}
    return {a.statement_id: a for a in response.answers.all()}


def open_mappings_to_answer(*, user, today=None, municipality_ids: list[int] | None = None) -> list[Mapping]:
    """Open mappings in the user's municipalities that the user has not submitted (start page).

    ``municipality_ids``: those of the user's memberships, when the caller has read them.
    """
    today = today or timezone.localdate()
    if municipality_ids is None:
        municipality_ids = Membership.objects.filter(user=user).values_list("municipality_id", flat=True)
    # One condition on the user's own submitted response: an exclude() over two conditions on the
    # responses asked "someone submitted, and the user has a response", so that a draft of the
    # user's hid the task as soon as anyone else had submitted. The responses unscoped: the
    # mapping they hang on is read through its scoped manager.
    submitted = Response._base_manager.filter(mapping=OuterRef("pk"), user=user, submitted_at__isnull=False)
    return list(
        Mapping.objects.filter(
            municipality_id__in=municipality_ids, opens_on__lte=today, closes_on__gte=today, closed_at__isnull=True
        )
        .exclude(Exists(submitted))
        .select_related("municipality")
        .order_by("closes_on")
    )


def current_mapping(*, municipality: Municipality, today=None, network_ids=None) -> Mapping | None:
    """The mapping to show on the municipality's home: the open one closing soonest, else the
    latest opened (then the latest made).

    ``network_ids``: the municipality's networks (its context's), when the caller has them: the
    shares are then read without the scope's filter, which joined each share to its mapping for
    the municipality that the outer query already names (issue 18); the same shares count.
    """
    today = today or timezone.localdate()
    # In one query, ordered by a single expression: an open mapping's closing day, none for the
    # others (closes_on is never null), so the open ones come first, the soonest to close first.
    # One Case instead of a flag and a Case over the same three conditions, and no template
    # joined (the home shows none): the query costs less to build, on every cold home (issue 18).
    # Whether it is shared is read with it (Mapping.is_published): the home's status badge asks.
    closes_if_open = Case(When(opens_on__lte=today, closes_on__gte=today, closed_at__isnull=True, then="closes_on"))
    if network_ids is None:
        shares = MappingShare.objects.filter(mapping=OuterRef("pk"))
    else:
        shares = MappingShare._base_manager.filter(mapping=OuterRef("pk"), network_id__in=list(network_ids))
    # Unscoped, naming the municipality by its id as the scope would: the scope's filter said it
    # again, a second condition to build and compile on every cold home (issue 18).
    return (
        Mapping._base_manager.filter(municipality_id=municipality.pk)
        .annotate(has_shares=Exists(shares))
        .order_by(closes_if_open.asc(nulls_last=True), "-opens_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class NetworkName:
    """One of the municipality's networks as the results page names it (the share form's choice)."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class NetworkShare:
    """A network that sees a mapping's result, and since when."""

    network: NetworkName
    shared_at: datetime.datetime


@dataclass(frozen=True)
class MappingSharing:
    """Which of the municipality's networks see a mapping's result.

    ``networks``: the municipality's networks by name (the share form's choices); ``shares``:
    those the result is shared with, in the order it was shared.
    """

    networks: list[NetworkName]
    shares: list[NetworkShare]

    @property
    def shared_ids(self) -> list[int]:
        return [s.network.pk for s in self.shares]


def mapping_sharing(*, mapping: Mapping, network_ids: tuple[int, ...]) -> MappingSharing:
    """The municipality's networks (``network_ids``, its context's) with this mapping's share in
    each, in one query: the results page lists the shares and offers the networks as choices.

    One query instead of the shares and then the form's choices, which Django reads through a
    server-side cursor (DECLARE, FETCH, CLOSE) on every request, the tenant cache or not. Plain
    rows: the page needs each network's id and name only (issue 18).
    """
    # The base manager: the share rows are read only through the outer query, which holds the
    # municipality's own networks, and for this mapping, which its access helper returned.
    share = MappingShare._base_manager.filter(mapping=mapping, network=OuterRef("pk"))
    rows = (
        Network.objects.filter(pk__in=list(network_ids))
        .annotate(share_shared_at=Subquery(share.values("shared_at")[:1]))
        .order_by("name", "pk")
        .values_list("pk", "name", "share_shared_at")
    )
    networks, shared = [], []
    for pk, name, shared_at in rows:
        networks.append(network := NetworkName(pk=pk, name=name))
        if shared_at is not None:
            shared.append(NetworkShare(network=network, shared_at=shared_at))
    # In the order shared (MappingShare's ordering); one publish makes its shares in network order.
    shared.sort(key=lambda share: (share.shared_at, share.network.pk))
    return MappingSharing(networks=networks, shares=shared)


# --- Participation -------------------------------------------------------------------------------

@dataclass(frozen=True)
class LevelParticipation:
    level: str
    label: str
    asked: int  # on the roster fixed when the mapping opened
    submitted: int  # everyone who submitted at this level, asked or not
    started: int  # saved a draft, not yet submitted
    counted: int = 0  # submitted answers that count in the figures
    new_members: int = 0  # submitted, asked, but new on the level: left out of the figures
    not_asked: int = 0  # submitted, joined after the mapping opened: left out of the figures

    @property
    def missing(self) -> bool:
        return self.submitted == 0

    @property
    def left_out(self) -> int:
        return self.new_members + self.not_asked

    @property
    def percent(self) -> int:
        """Response rate of those asked (the roster), so a later member never lowers it."""
        return round(100 * (self.submitted - self.not_asked) / self.asked) if self.asked else 0


@dataclass(frozen=True)
class Participation:
    levels: list[LevelParticipation]

    @property
    def asked(self) -> int:
        return sum(lp.asked for lp in self.levels)

    @property
    def submitted(self) -> int:
        return sum(lp.submitted for lp in self.levels)

    @property
    def left_out(self) -> int:
        return sum(lp.left_out for lp in self.levels)

    @property
    def missing_levels(self) -> list[LevelParticipation]:
        return [lp for lp in self.levels if lp.missing]


def mapping_participation(*, mapping: Mapping) -> Participation:
    """Answered / asked per level, asked being the roster fixed at opening. Two queries, none for
    a closed mapping once counted (kept in ``Mapping.figures`` beside its cells, as they are).

    Counts of people only: they are what the anonymity rule's decisions are made from, and show
    nothing of what anyone answered, so they may show while the mapping is open.
    """
    closed = mapping.is_closed()
    if closed:
        kept = _participation_load(mapping)
        if kept is not None:
            return kept
    participation = _participation_count(mapping)
    if closed:
        _participation_keep(mapping, participation)
    return participation


# The roster's rows in the union: no counted flag, no reason left out.
_NO_FLAG = Value(None, output_field=BooleanField())
_NO_REASON = Value(None, output_field=CharField())


def _participation_count(mapping: Mapping) -> Participation:
    """Counted in one query (issue 18): the responses per level, counted flag and reason left
    out, with how many of them were submitted (COUNT of the non-null ``submitted_at``: no
    expression to build), then the roster per level (UNION ALL), told by its null flag.

    Unscoped: the mapping is one its access helper or a scoped query returned, and the scope's
    filter would join every response and roster row to it again (issue 18)."""
    responses = (
        Response._base_manager.filter(mapping=mapping)
        .values_list("level", "counted", "left_out")
        .annotate(n=Count("id"), submitted=Count("submitted_at"))
        .order_by()
    )
    roster = (
        RosterEntry._base_manager.filter(mapping=mapping)
        .values_list("level", _NO_FLAG, _NO_REASON)
        .annotate(n=Count("id"), submitted=Count("id"))
        .order_by()
    )
    asked: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    for level, counted, left_out, n, submitted in responses.union(roster, all=True):
        if counted is None:
            asked[level] = n
            continue
        # A draft is started whatever its flags; a submitted answer counts or is left out.
        counts[(level, "started")] = counts.get((level, "started"), 0) + n - submitted
        key = "counted" if counted else left_out or LeftOut.NOT_ASKED
        counts[(level, key)] = counts.get((level, key), 0) + submitted
    levels = []
    for value, label in Level.choices:
        counted = counts.get((value, "counted"), 0)
        new_members = counts.get((value, LeftOut.NEW_MEMBER), 0)
        not_asked = counts.get((value, LeftOut.NOT_ASKED), 0)
        levels.append(LevelParticipation(
            level=value, label=str(label), asked=asked.get(value, 0),
            submitted=counted + new_members + not_asked, started=counts.get((value, "started"), 0),
            counted=counted, new_members=new_members, not_asked=not_asked,
        ))
    return Participation(levels=levels)


# A closed mapping's participation cannot change either: the roster was fixed when it opened and
# no answer is saved or submitted after it closed. Kept under its own stamp (it needs neither the
# statements nor the threshold), beside the cells, so that each may be counted without the other.
_PARTICIPATION_FIELDS = ("level", "asked", "submitted", "started", "counted", "new_members", "not_asked")


def _participation_stamp(mapping: Mapping) -> dict:
    return {
        "format": FIGURES_FORMAT, "closes_on": mapping.closes_on.isoformat(),
        "closed_at": mapping.closed_at.isoformat() if mapping.closed_at else None, "levels": LEVELS,
    }


def _participation_load(mapping: Mapping) -> Participation | None:
    stored = (mapping.figures or {}).get("participation")
    if not stored or stored.get("stamp") != _participation_stamp(mapping):
        return None
    labels = dict(Level.choices)
    return Participation(levels=[
        LevelParticipation(**dict(zip(_PARTICIPATION_FIELDS, row, strict=True)), label=str(labels[row[0]]))
        for row in stored["levels"]
    ])


def _participation_keep(mapping: Mapping, participation: Participation) -> None:
    kept = {"stamp": _participation_stamp(mapping),
            "levels": [[getattr(lp, name) for name in _PARTICIPATION_FIELDS] for lp in participation.levels]}
    mapping.figures = {**(mapping.figures or {}), "participation": kept}
    _keep_figures(mapping)


def _keep_figures(mapping: Mapping) -> None:
    """Store ``mapping.figures``, only while the mapping is closed under the same stamp: one
    reopened meanwhile keeps none. A write that renews no kept page: the figures are the same."""
    Mapping.objects.filter(
        pk=mapping.pk, threshold=mapping.threshold, template_id=mapping.template_id,
        closes_on=mapping.closes_on, closed_at=mapping.closed_at,
    ).update(figures=mapping.figures)


# --- Results -------------------------------------------------------------------------------------
# The one place that turns answers into figures. Pages, the PDF reports, the network's views and
# the meeting page render what these return; nothing else may count answers (the anonymity rule,
# reviews.aggregation and docs/visibility.md).

@dataclass
class StatementResult:
    statement: Statement
    cells: dict[str, Cell]  # level -> cell, every level present
    total: Cell
    comments: list[tuple[str, str]] = field(default_factory=list)  # (level label, text), no names
    change: float | None = None  # total mean now minus in the previous mapping

    @property
    def cell_list(self) -> list[Cell]:
        return list(self.cells.values())

    @property
    def row_cells(self) -> list[Cell]:
        """The levels' cells, then the total: one heatmap row."""
        return [*self.cells.values(), self.total]

    @property
    def visible_means(self) -> list[tuple[str, float]]:
        means = [(level, c.mean) for level, c in self.cells.items()]
        return [(level, mean) for level, mean in means if mean is not None]

    @property
    def gap(self) -> float | None:
        means = self.visible_means
        if len(means) < 2:
            return None
        return max(m for _, m in means) - min(m for _, m in means)


@dataclass(frozen=True)
class Gap:
    statement: Statement
    high_level: str
    high_label: str
    high: float
    low_level: str
    low_label: str
    low: float

    @property
    def size(self) -> float:
        return self.high - self.low


_MEAN = operator.itemgetter(1)  # of a (level, mean) pair


@dataclass
class MappingResults:
    """What may be shown of a mapping, for every output (page, report, network, meeting).

    ``available`` is False while the mapping is open: then ``statements`` is empty and only
    ``participation`` (counts of people) may be shown, so that nobody can difference successive
    views. ``threshold`` is the mapping's own, fixed when it opened; a shown cell holds at least
    ``group_minimum`` people.
    """

    mapping: Mapping
    threshold: int
    kind: str
    scale: list[ScaleStep]
    levels: list[tuple[str, str]]  # (value, label)
    statements: list[StatementResult]
    participation: Participation | None
    previous: Mapping | None = None
    available: bool = True

    @property
    def group_minimum(self) -> int:
        return group_minimum(self.threshold)

    @property
    def is_scale(self) -> bool:
        return self.kind == TemplateKind.SCALE

    @functools.cached_property
    def gaps(self) -> list[Gap]:
        """The differences between levels, largest first (scale templates only; read twice by a
        page, once per presentation by the meeting page: worked out once)."""
        if not self.is_scale:
            return []
        labels = dict(self.levels)
        gaps = []
        for sr in self.statements:
            means = sr.visible_means
            if len(means) < 2:
                continue
            high = max(means, key=lambda m: m[1])
            low = min(means, key=lambda m: m[1])
            if high[1] - low[1] > 0:
                gaps.append(Gap(sr.statement, high[0], labels[high[0]], high[1], low[0], labels[low[0]], low[1]))
        return sorted(gaps, key=lambda g: (-g.size, g.statement.position))

    @property
    def has_comments(self) -> bool:
        return any(sr.comments for sr in self.statements)

    @property
    def largest_gap(self) -> Gap | None:
        """The first of :attr:`gaps` (None when there is none), without building and sorting the
        others when they are not worked out yet: the meeting page shows one per presentation and
        ten presentations' gaps were a good part of it with nothing cached (issue 18)."""
        if "gaps" in self.__dict__ or not self.is_scale:
            return self.gaps[0] if self.gaps else None
        best, best_key = None, None
        for sr in self.statements:
            means = [(level, c.mean) for level, c in sr.cells.items()]
            means = [m for m in means if m[1] is not None]
            if len(means) < 2:
                continue
            # max() and min() as gaps' take them: the first of equal means, in the levels' order.
            high, low = max(means, key=_MEAN), min(means, key=_MEAN)
            size = high[1] - low[1]
            if size > 0 and (best_key is None or (-size, sr.statement.position) < best_key):
                best, best_key = (sr.statement, high, low), (-size, sr.statement.position)
        if best is None:
            return None
        statement, high, low = best
        labels = dict(self.levels)
        return Gap(statement, high[0], labels[high[0]], high[1], low[0], labels[low[0]], low[1])

    @property
    def hidden_any(self) -> bool:
        return any(not c.visible for sr in self.statements for c in sr.cells.values())

    @property
    def left_out_levels(self) -> list[LevelParticipation]:
        """Levels with answers left out of the figures (asked but new on the level, or not asked)."""
        return [lp for lp in self.participation.levels if lp.left_out] if self.participation else []


def _counted_answers(mapping_ids: list[int]):
    # Submitted answers of people who count (the roster's rule, Response.counted): late members'
    # answers never reach a figure, a comment or a total.
    return Answer.objects.filter(
        response__mapping__in=mapping_ids, response__submitted_at__isnull=False, response__counted=True
    )


def _answer_rows(mappings: list[Mapping]) -> dict[int, list[tuple]]:
    """Per mapping, its ``(statement_id, level, value, dont_know, n)`` rows, in one query for all of them."""
    # Bounded by statements × levels × scale steps: the same number of rows for 10 or 10 000 answers.
    rows: dict[int, list[tuple]] = {m.pk: [] for m in mappings}
    counted = (
        _counted_answers([m.pk for m in mappings])
        .values_list("response__mapping_id", "statement_id", "response__level", "value", "dont_know")
        .annotate(n=Count("id"))
        .values_list("response__mapping_id", "statement_id", "response__level", "value", "dont_know", "n")
        .order_by()
    )
    for mapping_id, *row in counted:
        rows[mapping_id].append(tuple(row))
    return rows


def _statement_results(cells_by_statement, statements: list[Statement], threshold: int) -> list[StatementResult]:
    results = []
    for st in statements:
        found = cells_by_statement.get(st.pk, {})
        cells = {level: found.get(level) or Cell(level=level) for level in LEVELS}
        total = suppress(cells=cells, threshold=threshold)
        for cell in (*cells.values(), total):
            if cell.hidden is not None:
                # Nothing shows a hidden cell's figures: they go no further than the rule, so that
                # no page, export or kept row (Mapping.figures) can carry them.
                cell.counts, cell.dont_know = {}, 0
        results.append(StatementResult(statement=st, cells=cells, total=total))
    return results


# A closed mapping's figures, kept in ``Mapping.figures``. Its answers cannot change any more
# (response_save refuses a closed mapping; the roster and the threshold were fixed when it
# opened), so the pages that show it (the meeting page shows ten at once) read the cells counted
# on the first read after closing instead of aggregating its answers again. What is kept is
# exactly what the live computation returns: hidden cells say why they are hidden and carry no
# figures (format 1 kept their counts; a migration emptied those). ``_figures_stamp`` says what
# it was computed under, and a stored value whose stamp no longer matches is counted again.
FIGURES_FORMAT = 2


def _figures_stamp(mapping: Mapping, statements: list[Statement]) -> dict:
    return {
        "format": FIGURES_FORMAT, "threshold": mapping.threshold, "template": mapping.template_id,
        "closes_on": mapping.closes_on.isoformat(),
        "closed_at": mapping.closed_at.isoformat() if mapping.closed_at else None,
        "statements": [st.pk for st in statements], "levels": LEVELS,
    }


def _cell_dump(cell: Cell) -> list:
    return [cell.level, sorted(cell.counts.items()), cell.dont_know, cell.hidden]


def _cell_load(raw: list) -> Cell:
    level, counts, dont_know, hidden = raw
    return Cell(level=level, counts=dict(counts), dont_know=dont_know, hidden=hidden)


def _figures_dump(mapping: Mapping, statements: list[Statement], results: list[StatementResult]) -> dict:
    return {
        "stamp": _figures_stamp(mapping, statements),
        "cells": [[*(_cell_dump(c) for c in sr.cells.values()), _cell_dump(sr.total)] for sr in results],
    }


def _figures_load(mapping: Mapping, statements: list[Statement]) -> list[StatementResult] | None:
    """The kept figures as StatementResults, or None when there are none that still hold."""
    stored = mapping.figures
    if not stored or stored.get("stamp") != _figures_stamp(mapping, statements):
        return None
    results = []
    for st, (*cells, total) in zip(statements, stored["cells"], strict=True):
        by_level = {c.level: c for c in map(_cell_load, cells)}
        results.append(StatementResult(statement=st, cells=by_level, total=_cell_load(total)))
    return results


def _closed_statement_results(
    mappings: list[Mapping], statements: dict[int, list[Statement]]
) -> dict[int, list[StatementResult]]:
    """Per closed mapping, its statements' cells with the anonymity rule applied.

    ``statements``: template id -> its statements. Kept figures are read back; the others are
    counted, in one query for all of them, and kept for the next read (a write that renews no
    kept page: the figures are the same). The number of queries depends neither on the number of
    mappings nor on the number of answers.
    """
    found: dict[int, list[StatementResult]] = {}
    missing = []
    for mapping in mappings:
        kept = _figures_load(mapping, statements[mapping.template_id])
        if kept is None:
            missing.append(mapping)
        else:
            found[mapping.pk] = kept
    if missing:
        rows = _answer_rows(missing)
        for mapping in missing:
            mapping_statements = statements[mapping.template_id]
            found[mapping.pk] = results = _statement_results(
                counts_from_rows(rows[mapping.pk]), mapping_statements, mapping.threshold
            )
            # Beside the participation, when that is kept already.
            mapping.figures = {**(mapping.figures or {}), **_figures_dump(mapping, mapping_statements, results)}
            _keep_figures(mapping)
    return found


def _previous_of(mapping: Mapping) -> QuerySet[Mapping]:
    """The rule: the municipality's closed mappings on the same template (any version of it) opened
    before ``mapping`` (so never it), the latest first. In one filter: building the query was most
    of its cost on the results page with nothing cached (issue 18)."""
    today = timezone.localdate()
    return Mapping.objects.filter(
        Q(closed_at__isnull=False) | Q(closes_on__lt=today),
        municipality_id=mapping.municipality_id,
        template__lineage=mapping.template.lineage,
        opens_on__lt=mapping.opens_on,
    ).order_by("-opens_on", "-pk")


def previous_mapping(*, mapping: Mapping) -> Mapping | None:
    """The municipality's previous closed mapping on the same template (any version of it)."""
    return previous_mappings(mappings=[mapping])[mapping.pk]


def previous_mappings(*, mappings: list[Mapping]) -> dict[int, Mapping | None]:
    """``previous_mapping`` of many mappings in one query: mapping id -> its previous one or None.

    Each mapping's previous one is named by its own subquery (``pk IN ((SELECT …), …)``); a
    mapping's previous one is then the latest of those found that its rule admits, which is the
    one its subquery named (any other admitted one is older, or it would have been named).
    """
    if not mappings:
        return {}
    if len(mappings) == 1:
        # One mapping (its results page): its previous one straight from the rule, without the
        # subquery and the template, which cost twice as much to build (only its id is used).
        mapping = mappings[0]
        return {mapping.pk: next(iter(_previous_of(mapping)[:1]), None)}
    found = list(
        Mapping.objects.filter(pk__in=[Subquery(_previous_of(m).values("pk")[:1]) for m in mappings])
        .select_related("template")
    )
    latest_first = sorted(found, key=lambda m: (m.opens_on, m.pk), reverse=True)
    return {
        mapping.pk: next((p for p in latest_first if p.municipality_id == mapping.municipality_id
                          and p.template.lineage == mapping.template.lineage
                          and p.opens_on < mapping.opens_on and p.pk != mapping.pk), None)
        for mapping in mappings
    }


def _levels() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Level.choices]


def mapping_results(
    *, mapping: Mapping, with_comments: bool = True, participation: Participation | None = None
) -> MappingResults:
    """The aggregate result of a mapping, with the anonymity rule applied.

    Only once the mapping has closed (``available``), and only counted, submitted responses. No
    individual answer leaves this function: cells follow reviews.aggregation with the mapping's own
    threshold; comments carry no names, come only from shown cells and are sorted by text so that
    their order says nothing about who wrote them. The change since the previous mapping compares
    two totals that are shown anyway (each with its own threshold). The number of queries does
    not depend on the number of answers.
    """
    # ``participation``: the page's own (mapping_participation), read once for both.
    participations = {mapping.pk: participation} if participation is not None else None
    return mappings_results(mappings=[mapping], with_comments=with_comments, participations=participations)[mapping.pk]


def mappings_results(
    *, mappings: list[Mapping], with_comments: bool = True, participations: dict[int, Participation] | None = None
) -> dict[int, MappingResults]:
    """``mapping_results`` of many mappings (the network report: each member's latest mapping):
    mapping id -> its result, in a number of queries that depends neither on the number of
    mappings nor on the number of answers, once the closed ones' figures are kept (the first
    read after closing counts and keeps them, one write each, as ``mapping_summaries`` does).
    """
    if not mappings:
        return {}
    participations = participations or {}
    closed = [m for m in mappings if m.is_closed()]
    previous = previous_mappings(mappings=closed)
    # The change since the previous mapping: on a scale only.
    kinds = {m.pk: m.template.kind for m in closed}
    compared = {pk: p for pk, p in previous.items() if p is not None and kinds[pk] == TemplateKind.SCALE}
    template_ids = {m.template_id for m in mappings}
    # The same version of the template most of the time: its statements are read once.
    statements = templates_statements(template_ids=template_ids | {p.template_id for p in compared.values()})
    scales = templates_scales(template_ids=template_ids)
    # These mappings' figures and their previous ones': kept, or counted in one query.
    # A previous mapping that is one of these too is counted once, as the one given (whose
    # ``figures`` the participation is then kept beside).
    counted = {**{p.pk: p for p in compared.values()}, **{m.pk: m for m in closed}}
    figures = _closed_statement_results(list(counted.values()), statements)
    levels = _levels()
    found: dict[int, MappingResults] = {}
    for mapping in mappings:
        template = mapping.template
        participation = participations.get(mapping.pk)
        if participation is None:
            participation = mapping_participation(mapping=mapping)
        common = {
            "mapping": mapping, "threshold": mapping.threshold, "kind": template.kind,
            "scale": scales[template.pk], "levels": levels, "participation": participation,
        }
        if mapping.pk not in figures:
            found[mapping.pk] = MappingResults(statements=[], available=False, **common)
            continue
        # A previous mapping of these may be one of them too: its own results are not changed.
        results = [replace(sr) for sr in figures[mapping.pk]]
        before = compared.get(mapping.pk)
        if before is not None:
            previous_means = {sr.statement.key: sr.total.mean for sr in figures[before.pk] if sr.total.mean is not None}
            for sr in results:
                if sr.total.mean is not None and sr.statement.key in previous_means:
                    sr.change = sr.total.mean - previous_means[sr.statement.key]
        found[mapping.pk] = MappingResults(statements=results, previous=previous.get(mapping.pk), **common)
    if with_comments:
        _attach_comments({pk: (r.mapping, r.statements) for pk, r in found.items() if r.available})
    return found


def _kept_comments(mapping: Mapping, stamp: dict) -> int | None:
    """How many comments the closed mapping's shown cells have, if kept under ``stamp``."""
    kept = (mapping.figures or {}).get("comments")
    return kept["shown"] if kept is not None and kept.get("stamp") == stamp else None


def _attach_comments(results_of: dict[int, tuple[Mapping, list[StatementResult]]]) -> None:
    """Each shown cell's comments, for many closed mappings (mapping id -> it and its results) in
    one query.

    A closed mapping's comments cannot change either, so how many its shown cells have is kept
    beside its cells, under the same stamp: a mapping that has none, as most have, is not asked
    again (issue 18: the results page with nothing cached). Only the number is kept, never a text.
    """
    stamps = {pk: _figures_stamp(mapping, [sr.statement for sr in results])
              for pk, (mapping, results) in results_of.items()}
    asked = {pk: pair for pk, pair in results_of.items() if _kept_comments(pair[0], stamps[pk]) != 0}
    shown = {(pk, sr.statement.pk, level) for pk, (_mapping, results) in asked.items()
             for sr in results for level, c in sr.cells.items() if c.visible}
    if not shown:
        return
    labels = dict(Level.choices)
    by_statement: dict[tuple[int, int], list[tuple[str, str]]] = {}
    rows = (
        _counted_answers(list(asked))
        .exclude(comment="")
        .values_list("response__mapping_id", "statement_id", "response__level", "comment")
        .order_by("response__mapping_id", "statement_id", "response__level", "comment")
    )
    for mapping_id, statement_id, level, comment in rows:
        if (mapping_id, statement_id, level) in shown:
            by_statement.setdefault((mapping_id, statement_id), []).append((str(labels[level]), comment))
    for pk, (mapping, results) in asked.items():
        for sr in results:
            sr.comments = by_statement.get((pk, sr.statement.pk), [])
        if _kept_comments(mapping, stamps[pk]) is None:
            count = sum(len(sr.comments) for sr in results)
            mapping.figures = {**(mapping.figures or {}), "comments": {"stamp": stamps[pk], "shown": count}}
            _keep_figures(mapping)


@dataclass(frozen=True)
class MappingHomePanel:
    mapping: Mapping | None
    is_open: bool = False
    participation: Participation | None = None


def mapping_home_panel(*, municipality: Municipality, network_ids=None) -> MappingHomePanel:
    """The mapping card on the municipality home: the current mapping and who has answered
    (``network_ids``: as :func:`current_mapping`'s)."""
    mapping = current_mapping(municipality=municipality, network_ids=network_ids)
    if mapping is None:
        return MappingHomePanel(mapping=None)
    return MappingHomePanel(mapping=mapping, is_open=mapping.is_open(),
                            participation=mapping_participation(mapping=mapping))


def mapping_results_rows(*, municipality: Municipality) -> list[dict]:
    """Every closed mapping's figures as flat rows (the data export): one row per statement and
    level (or the total), exactly the cells mapping_results shows, hidden ones without figures.
    Individual answers are never exported."""
    rows = []
    for mapping in mapping_list(municipality=municipality):
        results = mapping_results(mapping=mapping, with_comments=False)
        if not results.available:
            continue
        labels = {**dict(results.levels), "total": "Hela kommunen"}
        for sr in results.statements:
            for cell in [*sr.cell_list, sr.total]:
                row = {
                    "mapping": mapping.pk, "mapping_title": mapping.title, "threshold": results.threshold,
                    "statement": sr.statement.key, "statement_text": sr.statement.text,
                    "level": labels[cell.level], "hidden": cell.hidden or "",
                    "answers": cell.n if cell.visible else None,
                    "dont_know": cell.dont_know if cell.visible else None,
                }
                if results.is_scale:
                    row["mean"] = round(cell.mean, 2) if cell.mean is not None else None
                else:
                    for step in results.scale:
                        row[step.label] = cell.count_of(step.value)
                rows.append(row)
    return rows


def latest_mapping_with_results(
    *, municipality: Municipality, until: datetime.date, network_ctx: NetworkContext | None = None
) -> Mapping | None:
    """The board's "latest mapping": the newest one opened by ``until`` that has closed.

    Results exist only once a mapping has closed (an open one would show every level hidden), so
    it may have closed before a report's period began; its own dates are printed beside it. With
    ``network_ctx`` (the network report) only a mapping published to the network counts.
    """
    return latest_mappings_with_results(
        municipality_ids=[municipality.pk], until=until, network_ctx=network_ctx
    ).get(municipality.pk)


def latest_mappings_with_results(
    *, municipality_ids, until: datetime.date, network_ctx: NetworkContext | None = None
) -> dict[int, Mapping]:
    """``latest_mapping_with_results`` of many municipalities in one query (the network report):
    municipality id -> its latest mapping; one with none is left out."""
    today = timezone.localdate()
    qs = Mapping.objects.filter(municipality_id__in=list(municipality_ids), opens_on__lte=until).filter(
        Q(closed_at__isnull=False) | Q(closes_on__lt=today)
    )
    if network_ctx is not None:
        qs = shared_with_network(qs, network_ctx)
    latest = qs.annotate(
        rank=Window(RowNumber(), partition_by=[F("municipality_id")], order_by=[F("closes_on").desc(), F("pk").desc()])
    ).filter(rank=1)
    return {mapping.municipality_id: mapping for mapping in latest.select_related("template")}


def published_mapping_for(*, municipality: Municipality, round) -> Mapping | None:
    """The mapping a municipality published for a round (the one it presents at the meeting):
    published to the round's network, each with its ``shared_at`` there."""
    return (
        shared_with(Mapping.objects.filter(municipality=municipality, round=round), network_id=round.network_id)
        .select_related("template", "municipality")
        .order_by("-shared_at", "-pk")
        .first()
    )


# What mapping_summaries and a running order read of a mapping: the rest (its description of the
# left-out answers, who opened it, when it was made, the template's name and lineage) is not read
# from the database (issue 18: the meeting page's ten mappings).
_SUMMARY_FIELDS = (
    "municipality_id", "template_id", "round_id", "title", "opens_on", "closes_on", "closed_at", "threshold", "figures",
    "template__kind",
)


_SHARED_LATEST = operator.attrgetter("shared_at", "pk")


def published_mappings_for_round(*, municipality_ids, round) -> dict[int, Mapping]:
    """``published_mapping_for`` for many municipalities in one query: municipality id -> mapping.

    Without the municipality (its only caller, the meeting page, has them): a join and a model
    less per mapping (issue 18)."""
    found: dict[int, Mapping] = {}
    mappings = (
        shared_with(Mapping.objects.filter(municipality_id__in=list(municipality_ids), round=round), network_id=round.network_id)
        .select_related("template")
        .only(*_SUMMARY_FIELDS)
        .order_by()
    )
    # The latest published first, as an ORDER BY shared_at DESC, id DESC would give them (a
    # mapping is shared once with a network, so shared_at is set): sorted here, the few rows of
    # a round, rather than an ordering compiled on the subquery's annotation (issue 18).
    for mapping in sorted(mappings, key=_SHARED_LATEST, reverse=True):
        found.setdefault(mapping.municipality_id, mapping)
    return found


def mapping_summaries(
    *, mappings: list[Mapping], with_scale: bool = True, with_areas: bool = True
) -> dict[int, MappingResults]:
    """The level figures of many mappings (anonymity applied), in a number of queries that depends
    neither on the number of mappings nor on the number of answers (issue 8: the meeting page).

    A summary has no comments, no comparison with the previous mapping and no participation
    (``participation`` is None): use :func:`mapping_results` for one mapping's full result. An
    open mapping's summary is not ``available``, as in mapping_results. ``with_scale=False``: the
    ``scale`` is left empty, a query less, for a caller that shows no answer's step (the meeting
    page's largest differences, issue 18). ``with_areas=False``: the statements without their
    areas and long texts (``templates_statements``), for the same caller, which names a statement
    by its label only.
    """
    if not mappings:
        return {}
    templates = {m.template_id: m.template for m in mappings}
    # Per template, as template_statements reads them (a page that compares versions reads each once).
    statements = {pk: templates_statements(template_ids=[pk], with_areas=with_areas)[pk] for pk in templates}
    scales = {pk: template_scale(template=t) if with_scale else [] for pk, t in templates.items()}
    figures = _closed_statement_results([m for m in mappings if m.is_closed()], statements)
    levels = _levels()
    return {
        mapping.pk: MappingResults(
            mapping=mapping, threshold=mapping.threshold, kind=mapping.template.kind,
            scale=scales[mapping.template_id], levels=levels, statements=figures.get(mapping.pk, []),
            participation=None, available=mapping.pk in figures,
        )
        for mapping in mappings
    }


# --- The network's view --------------------------------------------------------------------------

def published_mappings(*, ctx: NetworkContext) -> QuerySet[Mapping]:
    """Mappings the network's member municipalities published to this network (never unpublished
    ones, never one published only to another network), each with its ``shared_at`` here."""
    return shared_with_network(Mapping.objects.all(), ctx).select_related(
        "municipality", "template", "round"
    )


def published_mapping_get(*, ctx: NetworkContext, pk: int) -> Mapping | None:
    return published_mappings(ctx=ctx).filter(pk=pk).first()


@dataclass
class SideBySideRow:
    statement: Statement
    cells: list[Cell]  # the municipality total, one per column


@dataclass
class SideBySide:
    lineage: str | None
    lineages: list[tuple[str, str]]  # (lineage, template name) to choose among
    mappings: list[Mapping]
    rows: list[SideBySideRow]
    is_scale: bool
    scale: list[ScaleStep] = field(default_factory=list)


def side_by_side(*, ctx: NetworkContext, lineage: str | None = None) -> SideBySide:
    """The latest published mapping of each member municipality on one template, per statement."""
    mappings = list(published_mappings(ctx=ctx).order_by("municipality__name", "-opens_on", "-pk"))
    lineages: dict[str, str] = {}
    for m in mappings:
        lineages.setdefault(str(m.template.lineage), m.template.name)
    if lineage not in lineages:
        lineage = next(iter(lineages), None)
    latest: dict[int, Mapping] = {}
    for m in mappings:
        if str(m.template.lineage) == lineage and m.municipality_id not in latest:
            latest[m.municipality_id] = m
    chosen = list(latest.values())
    if not chosen:
        return SideBySide(lineage, sorted(lineages.items(), key=lambda x: x[1]), [], [], True)
    # Statements are matched by key across versions; the newest mapping's template leads.
    lead = max(chosen, key=lambda m: (m.template.version, m.opens_on))
    statements = template_statements(template=lead.template)
    # Every member's figures in a fixed number of queries (issue 8), anonymity applied as before.
    summaries = mapping_summaries(mappings=chosen)
    totals_by_mapping = {m.pk: {sr.statement.key: sr.total for sr in summaries[m.pk].statements} for m in chosen}
    rows = [
        SideBySideRow(
            statement=st,
            cells=[totals_by_mapping[m.pk].get(st.key) or Cell(level="total", hidden="few") for m in chosen],
        )
        for st in statements
    ]
    return SideBySide(
        lineage,
        sorted(lineages.items(), key=lambda x: x[1]),
        chosen,
        rows,
        lead.template.kind == TemplateKind.SCALE,
        template_scale(template=lead.template),
    )
