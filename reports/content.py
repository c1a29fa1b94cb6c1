"""What goes into a report: plain data per section, gathered from the other apps' selectors.

Each section reads its own app through that app's selectors (imported inside the function, so a
report still renders when an app is absent or has no data); an empty section says so in a
sentence instead of disappearing. The network report keeps to what member municipalities shared
with the network (access.visibility): shared goals, published mappings, shared commitments.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from access import visibility
from municipalities.models import Level, Membership, Municipality
from networks.models import Network, NetworkMembership

from .models import Report, ReportKind


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


# --- Sections ------------------------------------------------------------------------------------

@dataclass
class Factor:
    name: str
    explanation: str
    facts: list[str] = field(default_factory=list)


@dataclass
class GoalIndicatorBlock:
    name: str
    status: str
    chart_svg: str
    chart_alt: str
    table_heading: list[str]
    table_rows: list[tuple[str, list[str]]]
    cohorts: list[tuple[str, str, str, str]]  # (label, first, last, change)


@dataclass
class GoalBlock:
    title: str
    area: str
    level: str
    status: str
    adopted: str
    target_on: str
    description: str
    is_adopted: bool = False
    indicators: list[GoalIndicatorBlock] = field(default_factory=list)


@dataclass
class HeatCell:
    text: str
    band: str  # css class: low / mid / high / hidden


@dataclass
class MappingBlock:
    title: str
    period: str
    levels: list[str]
    participation: list[tuple[str, int, int, int]]  # (level, submitted, asked, percent)
    rows: list[tuple[str, list[HeatCell]]]
    gaps: list[str]
    scale_note: str


@dataclass
class CommitmentRow:
    title: str
    status: str
    due_on: str
    levels: str
    latest: str
    is_done: bool = False


@dataclass
class FeedbackRow:
    meeting: str
    kind: str
    author: str
    text: str


@dataclass
class MunicipalitySections:
    municipality: Municipality
    summary: list[str]
    factors: list[Factor]
    figure_svg: str
    goals: list[GoalBlock]
    mapping: MappingBlock | None
    commitments: list[CommitmentRow]
    feedback: list[FeedbackRow]
    next_meeting: str

    @property
    def adopted_count(self) -> int:
        return sum(1 for g in self.goals if g.is_adopted)

    @property
    def kept_count(self) -> int:
        return sum(1 for c in self.commitments if c.is_done)

    @property
    def mapping_submitted(self) -> int:
        return sum(p[1] for p in self.mapping.participation) if self.mapping else 0

    @property
    def mapping_asked(self) -> int:
        return sum(p[2] for p in self.mapping.participation) if self.mapping else 0


def _date(value) -> str:
    from core.dates import date_text

    return date_text(value)


def _networks_of(municipality: Municipality) -> list[Network]:
    return [
        nm.network for nm in NetworkMembership.objects.filter(municipality=municipality)
        .select_related("network").order_by("network__name")
    ]


def _goals(*, municipality: Municipality, start, end, shared_with: Network | None) -> list[GoalBlock]:
    Goal = _model("goals", "Goal")
    if Goal is None:
        return []
    qs = Goal.objects.filter(municipality=municipality, starts_on__lte=end, target_on__gte=start)
    if shared_with is not None:
        qs = visibility.shared_with(qs, network_id=shared_with.pk)
    # A proposal is not yet the municipality's goal: the board has not seen it.
    qs = qs.exclude(status="forslag")
    blocks = []
    for goal in qs.select_related("school").order_by("title"):
        blocks.append(GoalBlock(
            title=goal.title,
            area=goal.area,
            level=goal.get_level_display(),
            status=goal.get_status_display(),
            adopted=(_("Antaget av nämnden %(date)s") % {"date": _date(goal.adopted_on)}
                     + (f" ({goal.adoption_paragraph})" if goal.adoption_paragraph else ""))
            if goal.adopted_on else _("Inte antaget av nämnden ännu"),
            target_on=_date(goal.target_on),
            description=goal.description,
            is_adopted=goal.adopted_on is not None,
            indicators=_goal_indicators(goal),
        ))
    return blocks


def _goal_indicators(goal) -> list[GoalIndicatorBlock]:
    try:
        from goals.charts import Chart, ChartSeries, goal_chart_svg
        from goals.selectors import goal_indicator_views
    except ImportError:
        return []
    blocks = []
    for i, view in enumerate(goal_indicator_views(goal=goal)):
        years = sorted({p.school_year for p in view.points} | {p.school_year for p in view.national})
        labels = {p.school_year: p.year_label for p in [*view.points, *view.national]}
        own = {p.school_year: p for p in view.points}
        national = {p.school_year: p for p in view.national}
        series = [ChartSeries(
            label=goal.school.name if view.is_school_level and goal.school else goal.municipality.name,
            values=[own[y].value if y in own and own[y].has_value else None for y in years],
            markers=[own[y].marker if y in own else "" for y in years],
        )]
        if view.national:
            series.append(ChartSeries(
                label=_("Riket"),
                values=[national[y].value if y in national and national[y].has_value else None for y in years],
                markers=[national[y].marker if y in national else "" for y in years],
            ))
        name = view.indicator.name + (f", åk {view.link.grade}" if view.link.grade else "")
        chart = Chart(
            chart_id=f"goal-{goal.pk}-{i}",
            title=name,
            description=_("Utfall per läsår för %(name)s, med målvärdet %(target)s till %(year)s.") % {
                "name": name, "target": view.link.target_value, "year": view.link.target_year},
            categories=[labels[y] for y in years],
            series=series,
            unit=view.unit_suffix.strip(),
            target=view.link.target_value,
            target_label=_("Mål"),
            category_heading=_("Läsår"),
        )
        blocks.append(GoalIndicatorBlock(
            name=name,
            status=view.status.status.label,
            chart_svg=_with_report_font(goal_chart_svg(chart)) if chart.has_values else "",
            chart_alt=chart.description,
            table_heading=[_("Läsår"), *[s.label for s in series]],
            table_rows=chart.table_rows(),
            cohorts=[
                (c.label, _num(c.first.value), _num(c.last.value), _num(c.within_cohort, signed=True))
                for c in view.cohorts
            ],
        ))
    return blocks


def _with_report_font(svg: str) -> str:
    """Charts name system fonts; the PDF embeds only the font the project ships (report.css)."""
    return re.sub(r'font-family="[^"]*"', 'font-family="DejaVu Sans, sans-serif"', svg)


def _num(value, *, signed: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    return text.replace(".", ",").replace("-", "−")


def _mapping(*, municipality: Municipality, start, end, shared_with: Network | None) -> MappingBlock | None:
    Mapping = _model("reviews", "Mapping")
    if Mapping is None:
        return None
    try:
        from reviews.selectors import mapping_results
    except ImportError:
        return None
    # The latest mapping with results: results exist only once a mapping has closed (an open one
    # would show every level as hidden), so that is the board's "latest mapping", even when it
    # closed before the period began. Its own dates are printed beside it.
    today = timezone.localdate()
    qs = Mapping.objects.filter(municipality=municipality, opens_on__lte=end).filter(
        Q(closed_at__isnull=False) | Q(closes_on__lt=today)
    )
    if shared_with is not None:
        qs = visibility.shared_with(qs, network_id=shared_with.pk)
    mapping = qs.order_by("-closes_on", "-pk").first()
    if mapping is None:
        return None
    results = mapping_results(mapping=mapping, with_comments=False)
    scale = [s.value for s in results.scale]
    low, high = (min(scale), max(scale)) if scale else (1, 4)

    def band(mean):
        if mean is None:
            return "hidden"
        share = (mean - low) / (high - low) if high > low else 0
        return "low" if share < 0.4 else "mid" if share < 0.7 else "high"

    rows = []
    for result in results.statements:
        cells = []
        for value, _label in results.levels:
            cell = result.cells.get(value)
            mean = cell.mean if cell else None
            text = _num(mean) if mean is not None else (_("dolt") if cell and cell.hidden else "–")
            cells.append(HeatCell(text=text, band=band(mean)))
        rows.append((result.statement.label, cells))
    gaps = [
        _("%(statement)s: %(high)s %(hv)s mot %(low)s %(lv)s") % {
            "statement": gap.statement.label, "high": gap.high_label, "hv": _num(gap.high),
            "low": gap.low_label, "lv": _num(gap.low)}
        for gap in results.gaps[:3]
    ]
    return MappingBlock(
        title=mapping.title,
        period=f"{_date(mapping.opens_on)} – {_date(mapping.closes_on)}",
        levels=[label for _value, label in results.levels],
        participation=[(p.label, p.submitted, p.asked, p.percent) for p in results.participation.levels],
        rows=rows,
        gaps=gaps,
        scale_note=_("Medelvärde per nivå på skalan %(low)s–%(high)s. ”dolt”: för få svar för att visa.")
        % {"low": low, "high": high},
    )


def _commitments(*, municipality: Municipality, start, end, shared_with: Network | None) -> list[CommitmentRow]:
    Commitment = _model("commitments", "Commitment")
    if Commitment is None:
        return []
    try:
        from commitments.selectors import latest_update
    except ImportError:
        return []
    qs = Commitment.objects.filter(municipality=municipality, created__date__lte=end, due_on__gte=start)
    if shared_with is not None:
        qs = visibility.commitments_shared_with(qs, network_id=shared_with.pk)
    rows = []
    for c in qs.prefetch_related("updates").order_by("due_on", "title"):
        update = latest_update(c)
        rows.append(CommitmentRow(
            title=c.title,
            status=c.get_status_display(),
            due_on=_date(c.due_on),
            levels=", ".join(c.level_labels),
            is_done=c.status == "genomford",
            latest=f"{_date(update.done_on)}: {update.text[:300]}" if update else _("Ingen uppföljning ännu"),
        ))
    return rows


def _feedback(*, municipality: Municipality, start, end) -> list[FeedbackRow]:
    Feedback = _model("commitments", "Feedback")
    if Feedback is None:
        return []
    qs = (
        Feedback.objects.filter(municipality=municipality, meeting__starts__date__gte=start,
                                meeting__starts__date__lte=end)
        .select_related("meeting__round", "author_municipality").order_by("meeting__starts", "kind", "created")
    )
    return [
        FeedbackRow(
            meeting=_("Träff %(n)s, %(date)s") % {"n": f.meeting.round.number, "date": _date(f.meeting.starts)},
            kind=f.get_kind_display(),
            author=f.author_municipality.name if f.author_municipality_id else _("Processledare"),
            text=f.text,
        )
        for f in qs
    ]


def _next_meeting(networks: list[Network]) -> str:
    try:
        from networks.selectors import next_meeting
    except ImportError:
        return ""
    lines = []
    for network in networks:
        meeting = next_meeting(network=network)
        if meeting is not None:
            place = f", {meeting.place}" if meeting.place else ""
            lines.append(_("%(network)s: träff %(n)s den %(date)s%(place)s") % {
                "network": network.name, "n": meeting.round.number, "date": _date(meeting.starts), "place": place})
    return "; ".join(lines)


def _factors(*, municipality: Municipality, goals: list[GoalBlock], mapping: MappingBlock | None,
             commitments: list[CommitmentRow], networks: list[Network]) -> list[Factor]:
    politicians = Membership.objects.filter(municipality=municipality, level=Level.NAMND).count()
    adopted = sum(1 for g in goals if g.is_adopted)
    responsibility = Factor(
        name=_("Huvudmannens ansvar"),
        explanation=_("Den politiska ledningen står bakom arbetet och äger resultaten."),
        facts=[
            ngettext("%(n)s politiker är med i Skolnätverk.", "%(n)s politiker är med i Skolnätverk.", politicians)
            % {"n": politicians},
            _("%(adopted)s av %(total)s operativa mål är antagna av nämnden.") % {"adopted": adopted, "total": len(goals)}
            if goals else _("Inga operativa mål är registrerade för perioden."),
        ],
    )
    participation = Factor(
        name=_("Säkerställa delaktighet"),
        explanation=_("Alla fyra nivåer deltar hela tiden, på hemmaplan och vid nätverksträffarna."),
        facts=[
            _("Svar i kartläggningen per nivå: %(list)s.") % {
                "list": ", ".join(f"{label} {pct} %" for label, _s, _a, pct in mapping.participation)}
            if mapping else _("Ingen kartläggning är gjord under perioden."),
        ],
    )
    kept = sum(1 for c in commitments if c.is_done)
    persistence = Factor(
        name=_("Uthållighet"),
        explanation=_("Arbetet tar tid, ofta flera år: omgång efter omgång, åtagande efter åtagande."),
        facts=[
            _("%(kept)s av %(total)s åtaganden under perioden är genomförda.") % {"kept": kept, "total": len(commitments)}
            if commitments else _("Inga åtaganden är registrerade för perioden."),
            *[_("%(network)s: %(agreed)s överenskomna omgångar.") % {"network": n.name, "agreed": n.agreed_rounds}
              for n in networks],
        ],
    )
    return [responsibility, participation, persistence]


def _summary(*, municipality: Municipality, goals, mapping, commitments, feedback, networks) -> list[str]:
    lines = []
    if networks:
        lines.append(_("%(name)s arbetar med skolans utveckling i %(networks)s enligt SKR:s modell.") % {
            "name": municipality.name, "networks": ", ".join(n.name for n in networks)})
    else:
        lines.append(_("%(name)s är inte med i något nätverk.") % {"name": municipality.name})
    if goals:
        adopted = sum(1 for g in goals if g.is_adopted)
        lines.append(ngettext("Kommunen har %(n)s operativt mål, varav %(a)s antagna av nämnden.",
                              "Kommunen har %(n)s operativa mål, varav %(a)s antagna av nämnden.", len(goals))
                     % {"n": len(goals), "a": adopted})
    else:
        lines.append(_("Inga operativa mål är registrerade för perioden."))
    if mapping:
        total_s = sum(s for _l, s, _a, _p in mapping.participation)
        total_a = sum(a for _l, _s, a, _p in mapping.participation)
        lines.append(_("Den senaste kartläggningen, ”%(title)s”, besvarades av %(s)s av %(a)s personer.")
                     % {"title": mapping.title, "s": total_s, "a": total_a})
        if mapping.gaps:
            lines.append(_("Störst skillnad mellan nivåerna: %(gap)s.") % {"gap": mapping.gaps[0]})
    else:
        lines.append(_("Ingen kartläggning är gjord under perioden."))
    if commitments:
        done = sum(1 for c in commitments if c.is_done)
        lines.append(ngettext("Kommunen har %(n)s åtagande under perioden, varav %(d)s genomförda.",
                              "Kommunen har %(n)s åtaganden under perioden, varav %(d)s genomförda.", len(commitments))
                     % {"n": len(commitments), "d": done})
    else:
        lines.append(_("Inga åtaganden är registrerade för perioden."))
    if feedback:
        lines.append(ngettext("Kommunen fick %(n)s återkoppling från nätverket.",
                              "Kommunen fick %(n)s återkopplingar från nätverket.", len(feedback)) % {"n": len(feedback)})
    return lines


def municipality_sections(*, municipality: Municipality, start, end, shared_with: Network | None = None,
                          with_figure: bool = True) -> MunicipalitySections:
    """The sections about one municipality; with ``shared_with`` (a network report) only what it
    shared with that network (access.visibility), never what it shared with another network."""
    from .services import cycle_figure_draw

    networks = _networks_of(municipality)
    goals = _goals(municipality=municipality, start=start, end=end, shared_with=shared_with)
    mapping = _mapping(municipality=municipality, start=start, end=end, shared_with=shared_with)
    commitments = _commitments(municipality=municipality, start=start, end=end, shared_with=shared_with)
    feedback = _feedback(municipality=municipality, start=start, end=end)
    figure_svg = cycle_figure_draw(municipality_id=municipality.pk).svg if with_figure and networks else ""
    return MunicipalitySections(
        municipality=municipality,
        summary=_summary(municipality=municipality, goals=goals, mapping=mapping, commitments=commitments,
                         feedback=feedback, networks=networks),
        factors=_factors(municipality=municipality, goals=goals, mapping=mapping, commitments=commitments,
                         networks=networks),
        figure_svg=figure_svg,
        goals=goals,
        mapping=mapping,
        commitments=commitments,
        feedback=feedback,
        next_meeting=_next_meeting(networks),
    )


# --- Meeting summary -----------------------------------------------------------------------------

@dataclass
class GroupBlock:
    name: str
    room: str
    members: list[tuple[str, str, str]]  # (name, municipality, level)


def _meeting_summary(report: Report) -> dict:
    Meeting = _model("networks", "Meeting")
    meeting = Meeting.objects.filter(round=report.round).first() if Meeting is not None else None
    if meeting is None:
        return {"meeting": None}
    groups: dict[int, GroupBlock] = {}
    Group = _model("networks", "Group")
    Registration = _model("networks", "Registration")
    if Group is not None:
        for group in Group.objects.filter(meeting=meeting).order_by("number"):
            groups[group.pk] = GroupBlock(name=_("Grupp %(n)s") % {"n": group.number}, room=group.room, members=[])
    if Registration is not None:
        for reg in (Registration.objects.filter(meeting=meeting, group__isnull=False)
                    .select_related("municipality").order_by("municipality__name", "level", "name")):
            groups[reg.group_id].members.append((reg.name, reg.municipality.name, reg.get_level_display()))
    feedback = []
    Feedback = _model("commitments", "Feedback")
    if Feedback is not None:
        feedback = [
            FeedbackRow(meeting=f.municipality.name, kind=f.get_kind_display(),
                        author=f.author_municipality.name if f.author_municipality_id else _("Processledare"),
                        text=f.text)
            for f in Feedback.objects.filter(meeting=meeting).select_related("municipality", "author_municipality")
            .order_by("municipality__name", "kind", "created")
        ]
    commitments = []
    Commitment = _model("commitments", "Commitment")
    if Commitment is not None:
        commitments = [
            (c.municipality.name, c.title, c.get_status_display(), _date(c.due_on))
            for c in visibility.commitments_shared_with(
                Commitment.objects.filter(meeting=meeting), network_id=meeting.round.network_id
            ).select_related("municipality").order_by("municipality__name", "due_on", "title")
        ]
    return {
        "meeting": meeting,
        "meeting_date": _date(meeting.starts),
        "groups": list(groups.values()),
        "meeting_feedback": feedback,
        "meeting_commitments": commitments,
    }


# --- The whole report ----------------------------------------------------------------------------

def report_context(*, report: Report) -> dict:
    start, end = report.period_start, report.period_end
    context = {
        "report": report,
        "title": report.title or str(report),
        "period": f"{_date(start)} – {_date(end)}",
        "generated": _date(timezone.localdate()),
        "kind": report.kind,
    }
    if report.kind == ReportKind.MUNICIPALITY:
        sections = municipality_sections(municipality=report.municipality, start=start, end=end)
        context.update(
            subject=report.municipality.name,
            networks=", ".join(n.name for n in _networks_of(report.municipality)),
            s=sections,
            toc_items=[
                ("sammanfattning", _("Sammanfattning")),
                ("framgangsfaktorer", _("De tre framgångsfaktorerna")),
                ("cykeln", _("Cykeln: var kommunen står nu")),
                ("mal", _("Operativa mål")),
                ("kartlaggning", _("Kartläggning")),
                ("ataganden", _("Åtaganden")),
                ("aterkoppling", _("Återkoppling från nätverket")),
                ("nasta-traff", _("Nästa nätverksträff")),
            ],
        )
    elif report.kind == ReportKind.NETWORK:
        network = report.network
        members = list(Municipality.objects.filter(network_memberships__network=network).order_by("name"))
        from .services import cycle_figure_draw

        parts = [
            municipality_sections(municipality=m, start=start, end=end, shared_with=network, with_figure=False)
            for m in members
        ]
        context.update(
            subject=network.name,
            networks=network.name,
            figure_svg=cycle_figure_draw(network_id=network.pk).svg,
            members=parts,
            toc_items=[
                ("sammanfattning", _("Kommunerna sida vid sida")),
                ("cykeln", _("Cykeln: var kommunerna står nu")),
                *[(f"kommun-{i}", part.municipality.name) for i, part in enumerate(parts, start=1)],
            ],
            next_meeting=_next_meeting([network]),
        )
    else:
        context.update(subject=report.network.name, networks=report.network.name, round=report.round,
                       **_meeting_summary(report))
    return context


TEMPLATES = {
    ReportKind.MUNICIPALITY: "reports/pdf/municipality.html",
    ReportKind.NETWORK: "reports/pdf/network.html",
    ReportKind.MEETING: "reports/pdf/meeting.html",
}


def report_html(*, report: Report) -> str:
    return render_to_string(TEMPLATES[report.kind], report_context(report=report))


def report_inputs_hash(*, html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()
