"""What a report says, as text: a pure function of the report's inputs (reports.selectors).

Every figure here was counted by the selector that the pages use too (goal counts, the three
success factors, mapping results, commitments kept, report-back): this module only words and
lays them out, so the PDF and the page cannot disagree. It makes no query (a test checks that it
imports no selector and no other app's models); the cycle figure arrives already drawn.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import date_text
from goals.charts import indicator_series_chart

from .models import ReportKind

if TYPE_CHECKING:  # typing only: content never calls a selector
    import datetime

    from .selectors import MunicipalityInputs, ReportInputs


def _date(value) -> str:
    return date_text(value)  # the product's one date style (core.dates)


def _num(value, *, signed: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    return text.replace(".", ",").replace("-", "−")


def _with_report_font(svg: str) -> str:
    """Charts name system fonts; the PDF embeds only the font the project ships (report.css)."""
    return re.sub(r'font-family="[^"]*"', 'font-family="DejaVu Sans, sans-serif"', svg)


# --- The three success factors --------------------------------------------------------------------

EXPLANATIONS = {
    "huvudmannens-ansvar": "Den politiska ledningen står bakom arbetet och äger resultaten.",
    "delaktighet": "Alla fyra nivåer deltar hela tiden, på hemmaplan och vid nätverksträffarna.",
    "uthallighet": "Arbetet tar tid, ofta flera år: omgång efter omgång, åtagande efter åtagande.",
}


@dataclass
class FactorFigure:
    label: str
    value: str  # "3 av 5 (60 %)" or "uppgift saknas"
    rule: str


@dataclass
class FactorPanel:
    title: str
    explanation: str
    figures: list[FactorFigure]
    levels: list[tuple[str, str, str]]  # (level, at home, at meetings)
    rule: str


def _figure_text(figure) -> str:
    if figure.value is None:
        return _("uppgift saknas")
    return f"{figure.value} ({figure.percent} %)" if figure.percent is not None else str(figure.value)


def factor_panels(factors) -> list[FactorPanel]:
    """commitments.success.SuccessFactors as the report prints them: the page's figures, as they are."""
    return [
        FactorPanel(
            title=panel.title,
            explanation=EXPLANATIONS.get(panel.key, ""),
            figures=[FactorFigure(label=f.label, value=_figure_text(f), rule=f.rule) for f in panel.figures],
            levels=[(row.label, _figure_text(row.home), _figure_text(row.meetings)) for row in panel.levels],
            rule=panel.rule,
        )
        for panel in factors.panels
    ]


# --- Goals ----------------------------------------------------------------------------------------

@dataclass
class IndicatorBlock:
    name: str
    status: str
    whose: str  # whose figures: the school's own, or plainly the municipality's
    chart_svg: str = ""
    chart_alt: str = ""
    table_heading: list[str] = field(default_factory=list)
    table_rows: list[tuple[str, list[str]]] = field(default_factory=list)
    cohorts: list[tuple[str, str, str, str]] = field(default_factory=list)  # (label, first, last, change)
    # Shown once per report: a later goal followed by the same figures points back to the first.
    same_as: str = ""
    cohorts_same_as: str = ""
    target: str = ""


@dataclass
class GoalBlock:
    title: str
    area: str
    level: str
    parent: str
    adopted: str
    target_on: datetime.date
    description: str
    is_adopted: bool
    indicators: list[IndicatorBlock]


def _whose(view, goal) -> str:
    if view.is_school_level:
        return _("Skolans egna siffror (%(school)s).") % {"school": goal.school.name}
    if goal.school_id:
        return _("Kommunens siffror: det finns inga egna siffror för %(school)s i underlaget.") % {
            "school": goal.school.name}
    return _("Kommunens siffror.")


def goal_blocks(entries) -> list[GoalBlock]:
    """Goals in the order given (the cascade); each chart, table and cohort table printed once."""
    shown: dict[tuple, str] = {}
    shown_cohorts: dict[tuple, str] = {}
    blocks = []
    for entry in entries:
        goal = entry.goal
        indicators = []
        for view in entry.views:
            name = view.indicator.label + (f", åk {view.link.grade}" if view.link.grade else "")
            block = IndicatorBlock(
                name=name,
                status=str(view.status.status.label),
                whose=_whose(view, goal),
                target=_("Målvärde %(value)s%(unit)s till läsåret %(year)s.") % {
                    "value": _num(view.link.target_value), "unit": view.unit_suffix,
                    "year": f"{view.link.target_year - 1}/{str(view.link.target_year)[-2:]}"},
            )
            # The same figures (indicator, grade, whose) are drawn once; a later goal states its own
            # target and status and points back to them.
            series_key = (view.indicator.pk, view.link.grade, goal.school_id if view.is_school_level else None)
            if series_key in shown:
                block.same_as = shown[series_key]
            else:
                shown[series_key] = goal.title
                rendered = indicator_series_chart(view, chart_id=f"goal-{goal.pk}-{view.link.pk}")
                if rendered is not None:
                    block.chart_svg = _with_report_font(rendered.svg)
                    block.chart_alt = rendered.chart.description
                    block.table_heading = [rendered.chart.category_heading, *[s.label for s in rendered.chart.series]]
                    block.table_rows = [(label, cells) for label, cells in rendered.chart.table_rows()
                                        if any(c != "–" for c in cells)]
            cohorts = [(c.label, _num(c.first.value), _num(c.last.value), _num(c.within_cohort, signed=True))
                       for c in view.cohorts]
            cohort_key = (goal.school_id if view.is_school_level else None, tuple(cohorts))
            if cohorts and cohort_key in shown_cohorts:
                block.cohorts_same_as = shown_cohorts[cohort_key]
            elif cohorts:
                shown_cohorts[cohort_key] = goal.title
                block.cohorts = cohorts
            indicators.append(block)
        blocks.append(GoalBlock(
            title=goal.title,
            area=goal.area,
            level=goal.get_level_display(),
            parent=entry.parent.title if entry.parent else "",
            adopted=(_("Antaget av nämnden %(date)s") % {"date": _date(goal.adopted_on)}
                     + (f" ({goal.adoption_paragraph})" if goal.adoption_paragraph else ""))
            if goal.adopted_on else _("Inte antaget av nämnden ännu"),
            target_on=goal.target_on,
            description=goal.description,
            is_adopted=goal.is_adopted,
            indicators=indicators,
        ))
    return blocks


# --- Mapping --------------------------------------------------------------------------------------

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
    submitted: int
    asked: int
    rows: list[tuple[str, list[HeatCell]]]
    gaps: list[str]
    scale_note: str


def mapping_block(results) -> MappingBlock | None:
    """reviews.selectors.MappingResults as printed: the selector's cells, anonymity already applied."""
    if results is None:
        return None
    mapping = results.mapping
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
            text = _num(mean) if mean is not None else (_("dolt") if cell and not cell.visible else "–")
            cells.append(HeatCell(text=text, band=band(mean)))
        rows.append((result.statement.label, cells))
    participation = results.participation
    return MappingBlock(
        title=mapping.title,
        period=f"{_date(mapping.opens_on)} – {_date(mapping.closes_on)}",
        levels=[label for _value, label in results.levels],
        participation=[(p.label, p.submitted, p.asked, p.percent) for p in participation.levels]
        if participation else [],
        submitted=participation.submitted if participation else 0,
        asked=participation.asked if participation else 0,
        rows=rows,
        gaps=[
            _("%(statement)s: %(high)s %(hv)s mot %(low)s %(lv)s") % {
                "statement": gap.statement.label, "high": gap.high_label, "hv": _num(gap.high),
                "low": gap.low_label, "lv": _num(gap.low)}
            for gap in results.gaps[:3]
        ],
        scale_note=_("Medelvärde per nivå på skalan %(low)s–%(high)s. ”dolt”: för få svar för att visa.")
        % {"low": low, "high": high},
    )


# --- Commitments and feedback ---------------------------------------------------------------------

@dataclass
class CommitmentRow:
    title: str
    status: str
    due_on: datetime.date
    levels: str
    latest: str


def commitment_rows(commitments, *, updates: bool = True) -> list[CommitmentRow]:
    """``updates=False``: the network report's rows, which print no update (none was read)."""
    rows = []
    for c in commitments:
        latest = ""
        if updates:
            update_list = getattr(c, "update_list", None) or []
            update = update_list[0] if update_list else None
            latest = f"{_date(update.done_on)}: {update.text[:300]}" if update else _("Ingen uppföljning ännu")
        rows.append(CommitmentRow(
            title=c.title,
            status=c.get_status_display(),
            due_on=c.due_on,
            levels=", ".join(str(label) for label in c.level_labels),
            latest=latest,
        ))
    return rows


@dataclass
class CommitmentOverview:
    counts: list[tuple[str, int]]  # (status label, count) in the statuses' order
    total: int
    overdue: int
    rows: list[CommitmentRow]  # the listed ones: all, or the open and the recently settled
    caption: str
    not_listed_note: str  # empty when every commitment is listed


def commitment_overview(period, *, for_network: bool = False) -> CommitmentOverview:
    """``commitments.selectors.PeriodCommitments`` in words: counts per status, then the list.

    ``for_network``: the network report, whose readers find the whole list on the meetings'
    report-back pages (a municipality's commitments page is its own members')."""
    if period.settled_since is None:
        caption = (_("Åtaganden under perioden, med status") if for_network
                   else _("Åtaganden under perioden, med status och senaste uppföljning"))
        note = ""
    else:
        caption = _("Planerade och pågående åtaganden, och de som avslutats med slutdatum från och med "
                    "%(date)s") % {"date": _date(period.settled_since)}
        where = (_("De finns på redovisningssidorna för nätverkets träffar i Skolnätverk.") if for_network
                 else _("Hela listan finns på sidan Åtaganden i Skolnätverk."))
        note = ngettext(
            "%(n)s åtagande som avslutades med slutdatum före %(date)s räknas i tabellen ovan men listas inte "
            "här.",
            "%(n)s åtaganden som avslutades med slutdatum före %(date)s räknas i tabellen ovan men listas inte "
            "här.",
            period.not_listed) % {"n": period.not_listed, "date": _date(period.settled_since)} + " " + where
    return CommitmentOverview(
        counts=[(label, n) for _value, label, n in period.counts],
        total=len(period.commitments),
        overdue=period.overdue,
        rows=commitment_rows(period.listed, updates=not for_network),
        caption=caption,
        not_listed_note=note,
    )


@dataclass
class FeedbackRow:
    meeting: str
    kind: str
    author: str
    text: str


def feedback_rows(feedback, *, by_municipality: bool = False) -> list[FeedbackRow]:
    return [
        FeedbackRow(
            meeting=f.municipality.name if by_municipality
            else _("Träff %(n)s, %(date)s") % {"n": f.meeting.round.number, "date": _date(f.meeting.starts)},
            kind=f.get_kind_display(),
            author=f.author_municipality.name if f.author_municipality_id else _("Processledare"),
            text=f.text,
        )
        for f in feedback
    ]


def _meeting_line(meeting, *, network_name: str = "") -> str:
    place = f", {meeting.place}" if meeting.place else ""
    prefix = f"{network_name}: " if network_name else ""
    return prefix + _("träff %(n)s den %(date)s%(place)s") % {
        "n": meeting.round.number, "date": _date(meeting.starts), "place": place}


# --- Modellen 2.0 ---------------------------------------------------------------------------------

# What each dimension asks, in the folder's words (DOMAIN.md), printed above the answer.
DIMENSION_QUESTIONS = {
    1: "En konkret vetenskaplig grund som alla behärskar.",
    2: "Rutiner och en årsklocka för vad, vem, när och hur.",
    3: "Samma klasser och årskullar följs över tid (förädlingsvärde) i stället för att olika årskullar jämförs.",
    4: "Kvaliteten i undervisningen i varje klassrum över tid, och en plan för allt bättre undervisning.",
    5: "Analys av orsak och verkan, inte bara vad som gjordes: utvärderingar mitt i terminen, per termin och per år.",
    6: "Rapportering och kvalitetsdialoger som bygger på förädlingsvärden över tid och på undervisningens kvalitet.",
    7: "Frigjord tid för rektorernas pedagogiska ledarskap: X timmar i veckan.",
    8: "Processerna kvalitetssäkras som i luftfarten: kompetensanalys och metoden ”Visa & berätta”.",
}


@dataclass
class DimensionPage:
    number: int
    title: str
    question: str
    answer: str  # the latest self-assessment's answer, anonymity applied
    status: str  # the tool's status: the evidence behind the answer
    badge: str  # "I gång", "Att göra" or ""
    evidence_title: str = ""
    evidence: list[EvidenceItem] = field(default_factory=list)
    evidence_note: str = ""


@dataclass
class EvidenceItem:
    text: str
    details: list[str] = field(default_factory=list)


MAX_EVIDENCE_DETAILS = 3  # per school and direction: the page stays a page for a school of many classes


def progression_evidence(summaries) -> tuple[list[EvidenceItem], str]:
    """Dimension 3: per school, how many classes are followed with a value added, which gain and
    which lose against the expected change (the school's agenda lines), and the rule once."""
    items = []
    for summary in summaries:
        with_va = [line for line in summary.lines if line.value_added and line.value_added.value_added is not None]
        gaining, losing = summary.gaining, summary.losing
        text = _("%(school)s: %(n)s klasser följda på ett mått med förädlingsvärde; %(g)s över och %(l)s under "
                 "den förväntade förändringen.") % {"school": summary.school.name, "n": len(with_va),
                                                "g": len(gaining), "l": len(losing)}
        ranked_up = sorted(gaining, key=lambda line: -line.value_added.value_added)[:MAX_EVIDENCE_DETAILS]
        ranked_down = sorted(losing, key=lambda line: line.value_added.value_added)[:MAX_EVIDENCE_DETAILS]
        items.append(EvidenceItem(text, [line.text for line in ranked_up + ranked_down]))
    return items, (summaries[0].rule if summaries else "")


def coverage_evidence(counts) -> list[EvidenceItem]:
    """Dimension 8: per routine with a checklist, how many of the staff it asks have shown it in a
    checked Visa & berätta, summed over the schools (counts only)."""
    totals: dict[int, list] = {}
    for school in counts:
        for c in school.routines:
            row = totals.setdefault(c.routine.pk, [c.routine, 0, 0])
            row[1] += c.shown
            row[2] += c.staff
    return [
        EvidenceItem(_("%(routine)s – visad av %(s)s av %(n)s i personalen (%(p)s %%).") % {
            "routine": routine.title, "s": shown, "n": staff, "p": round(100 * shown / staff) if staff else 0})
        for routine, shown, staff in sorted(totals.values(), key=lambda row: row[0].title)
    ]


def modellen_pages(statuses, *, progression=(), coverage=()) -> list[DimensionPage]:
    """quality.selectors.ToolStatus as the report prints them, one page each: the start page's words,
    and for dimensions 3 and 8 the evidence the tools hold."""
    badges = {"ok": _("I gång"), "warning": _("Att göra")}
    pages = [
        DimensionPage(
            number=s.number, title=s.title, question=DIMENSION_QUESTIONS.get(s.number, ""),
            answer=s.self_assessment or _("Ingen kartläggning med Modellen 2.0 ännu."),
            status=s.status, badge=badges.get(s.level, ""),
        )
        for s in statuses or []
    ]
    for page in pages:
        if page.number == 3 and progression:
            page.evidence_title = _("Samma klasser över tid, skola för skola")
            page.evidence, page.evidence_note = progression_evidence(list(progression))
        elif page.number == 8 and coverage:
            page.evidence = coverage_evidence(coverage)
            page.evidence_title = _("Visa & berätta per rutin, hela kommunen") if page.evidence else ""
    return pages


# --- One municipality -----------------------------------------------------------------------------

@dataclass
class MunicipalitySections:
    name: str
    summary: list[str]
    factors: list[FactorPanel]
    goals: list[GoalBlock]
    mapping: MappingBlock | None
    kept: str
    feedback: list[FeedbackRow]
    modellen: list[DimensionPage] = field(default_factory=list)
    overview: CommitmentOverview | None = None  # the period's commitments: counts, then the list
    feedback_note: str = ""  # the municipality report over a long period: how much is not listed

    @property
    def adopted_count(self) -> int:
        return sum(1 for g in self.goals if g.is_adopted)


def _summary(part: MunicipalityInputs, *, mapping: MappingBlock | None) -> list[str]:
    municipality = part.municipality
    lines = []
    if part.networks:
        lines.append(_("%(name)s arbetar med skolans utveckling i %(networks)s enligt SKR:s modell.") % {
            "name": municipality.name, "networks": ", ".join(n.name for n in part.networks)})
    else:
        lines.append(_("%(name)s är inte med i något nätverk.") % {"name": municipality.name})
    counts = part.goal_counts
    goals = counts.total - counts.proposals
    if goals:
        lines.append(ngettext("Kommunen har %(n)s operativt mål.", "Kommunen har %(n)s operativa mål.", goals)
                     % {"n": goals} + " "
                     + _("Antagna av nämnden: %(a)s. Inte antagna ännu: %(na)s.")
                     % {"a": counts.adopted, "na": counts.not_adopted})
    else:
        lines.append(_("Kommunen har inga operativa mål ännu."))
    if counts.proposals:
        lines.append(ngettext("Dessutom finns %(n)s förslag från lärarlag som inte är kommunens mål ännu.",
                              "Dessutom finns %(n)s förslag från lärarlag som inte är kommunens mål ännu.",
                              counts.proposals) % {"n": counts.proposals})
    if mapping:
        lines.append(_("Den senaste kartläggningen, ”%(title)s”, besvarades av %(s)s av %(a)s personer.")
                     % {"title": mapping.title, "s": mapping.submitted, "a": mapping.asked})
        if mapping.gaps:
            lines.append(_("Störst skillnad mellan nivåerna: %(gap)s.") % {"gap": mapping.gaps[0]})
    else:
        lines.append(_("Ingen kartläggning är avslutad ännu."))
    lines.append(_("Hållna åtaganden: %(kept)s, räknat över alla kommunens åtaganden som är avslutade "
                   "eller vars datum har passerat.") % {"kept": _figure_text(part.kept)})
    lines.append(ngettext("Under perioden är %(n)s åtagande aktuellt (avsnittet Åtaganden).",
                          "Under perioden är %(n)s åtaganden aktuella (avsnittet Åtaganden).", len(part.commitments))
                 % {"n": len(part.commitments)})
    if part.feedback:
        lines.append(ngettext("Kommunen fick %(n)s återkoppling från nätverket under perioden.",
                              "Kommunen fick %(n)s återkopplingar från nätverket under perioden.",
                              len(part.feedback)) % {"n": len(part.feedback)})
    return lines


def _feedback_note(period) -> str:
    if period is None or not period.not_listed:
        return ""
    return ngettext(
        "Här visas återkopplingen från träffar från och med %(date)s. %(n)s tidigare återkoppling under "
        "perioden listas inte; den finns på sidan Återkoppling från nätverksträffar i Skolnätverk.",
        "Här visas återkopplingen från träffar från och med %(date)s. %(n)s tidigare återkopplingar under "
        "perioden listas inte; de finns på sidan Återkoppling från nätverksträffar i Skolnätverk.",
        period.not_listed) % {"n": period.not_listed, "date": _date(period.since)}


def municipality_sections(part: MunicipalityInputs, *, for_network: bool = False) -> MunicipalitySections:
    mapping = mapping_block(part.mapping)
    return MunicipalitySections(
        name=part.municipality.name,
        summary=_summary(part, mapping=mapping) if part.goal_counts is not None else [],
        factors=factor_panels(part.factors) if part.factors is not None else [],
        goals=goal_blocks(part.goals),
        mapping=mapping,
        kept=_figure_text(part.kept),
        feedback=feedback_rows(part.period_feedback.listed if part.period_feedback else part.feedback),
        feedback_note=_feedback_note(part.period_feedback),
        modellen=modellen_pages(part.modellen, progression=part.progression, coverage=part.coverage),
        overview=commitment_overview(part.period_commitments, for_network=for_network)
        if part.period_commitments is not None else None,
    )


# --- The whole report -----------------------------------------------------------------------------

def report_context(*, inputs: ReportInputs, figure_html: str = "") -> dict:
    """The template context of a report: text and plain data only (the figure arrives drawn:
    ``reports.figure.draw_cycle_figure_for_pdf``)."""
    report = inputs.report
    context = {
        "report": report,
        "title": report.title or str(report),
        "period": f"{_date(report.period_start)} – {_date(report.period_end)}",
        "generated": _date(inputs.today),
        "kind": report.kind,
        "subject": inputs.subject,
        "networks": ", ".join(n.name for n in inputs.networks),
        "figure_html": figure_html,
    }
    if report.kind == ReportKind.MUNICIPALITY:
        context.update(
            s=municipality_sections(inputs.municipality),
            next_meeting="; ".join(_meeting_line(m, network_name=m.round.network.name)
                                   for m in inputs.next_meetings),
            toc_items=[
                ("sammanfattning", _("Sammanfattning")),
                ("framgangsfaktorer", _("De tre framgångsfaktorerna")),
                ("cykeln", _("Cykeln: var kommunen står nu")),
                ("mal", _("Operativa mål")),
                ("kartlaggning", _("Kartläggning")),
                ("ataganden", _("Åtaganden")),
                ("aterkoppling", _("Återkoppling från nätverket")),
                ("nasta-traff", _("Nästa nätverksträff")),
                ("modellen", _("Modellen 2.0: de åtta dimensionerna")),
            ],
        )
    elif report.kind == ReportKind.NETWORK:
        members = [municipality_sections(part, for_network=True) for part in inputs.members]
        context.update(
            factors=factor_panels(inputs.network_factors),
            members=members,
            next_meeting="; ".join(_meeting_line(m) for m in inputs.next_meetings),
            toc_items=[
                ("sammanfattning", _("Kommunerna sida vid sida")),
                ("framgangsfaktorer", _("Nätverkets framgångsfaktorer")),
                ("cykeln", _("Cykeln: var kommunerna står nu")),
                *[(f"kommun-{i}", part.name) for i, part in enumerate(members, start=1)],
            ],
        )
    else:
        meeting = inputs.meeting
        context.update(round=report.round, meeting=meeting.meeting if meeting else None)
        if meeting is not None:
            m = meeting.meeting
            context.update(
                # The summary is about one meeting: it names the meeting, not a period.
                period=_("omgång %(n)s, %(date)s%(place)s") % {
                    "n": m.round.number, "date": _date(m.starts), "place": f", {m.place}" if m.place else ""},
                period_label=_("Nätverksträff"),
                meeting_date=_date(m.starts),
                groups=[
                    (_("Grupp %(n)s") % {"n": group.number}, group.room,
                     [(r.name, r.municipality.name, r.get_level_display()) for r in registrations])
                    for group, registrations in meeting.groups
                ],
                meeting_feedback=feedback_rows(meeting.feedback, by_municipality=True),
                meeting_commitments=[(c.municipality.name, c.title, c.get_status_display(), _date(c.due_on))
                                     for c in meeting.commitments],
                report_back=[
                    (row.municipality.name, len(row.commitments), [(label, n) for _v, label, n in row.counts],
                     len(row.not_reported))
                    for row in meeting.report_back
                ],
            )
    return context


TEMPLATES = {
    ReportKind.MUNICIPALITY: "reports/pdf/municipality.html",
    ReportKind.NETWORK: "reports/pdf/network.html",
    ReportKind.MEETING: "reports/pdf/meeting.html",
}


def report_html(*, inputs: ReportInputs, figure_html: str = "") -> str:
    return render_to_string(TEMPLATES[inputs.report.kind], report_context(inputs=inputs, figure_html=figure_html))


def report_inputs_hash(*, html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()
