"""Numbers the Swedish way on the goal pages: decimal comma, a sign on changes, markers as they are."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from core.templatetags.datum import datum
from indicators.models import SuppressedMarker, format_value, school_year_label

register = template.Library()

MARKER_EXPLANATIONS = dict(SuppressedMarker.choices)


@register.filter
def sv_number(value) -> str:
    if value is None or value == "":
        return "–"
    return format_value(Decimal(str(value)))


@register.filter
def signed(value) -> str:
    """A change: +2,1 or −3,4 (a real minus sign, which screen readers say as minus)."""
    if value is None:
        return "–"
    text = format_value(abs(Decimal(str(value)).quantize(Decimal("0.1"))))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return "±0"


@register.filter
def point_value(point) -> str:
    """A point's value as text, or its suppression marker: never a number for a suppressed value."""
    if point is None:
        return "–"
    if point.marker:
        return point.marker
    return sv_number(point.value)


@register.filter
def marker_explanation(marker: str) -> str:
    return str(MARKER_EXPLANATIONS.get(marker, ""))


@register.filter
def school_year(spring_year) -> str:
    """2024 -> 2023/24."""
    return school_year_label(int(spring_year)) if spring_year else "–"


@register.simple_tag
def indicator_facts(view, kolada=None) -> SafeString:
    """The facts list of one indicator card on the goal page: baseline, target, latest value,
    trend, the municipality's and the nation's value and Kolada's comparison.

    ``view`` is an IndicatorView of the goal page, ``kolada`` its KoladaComparison or None. Built here rather than by the template: its dozen translation tags,
    filters and lookups per card were much of the goal page's work with nothing kept (issue 18).
    """
    unit = view.unit_suffix
    year_word = gettext("läsår")

    def dated(point) -> SafeString:
        # A value with its school year: "71,2 % (läsår 2023/24)"; a marker carries no unit.
        return format_html('{}{} <span class="muted">({} {})</span>', point_value(point),
                           unit if point.has_value else "", year_word, point.year_label)

    def blocktranslated(text: str, **values) -> SafeString:
        # As {% blocktranslate %}: the values escaped, the translated text as it is.
        return mark_safe(text % {k: conditional_escape(v) for k, v in values.items()})  # noqa: S308 (the translation as blocktranslate gives it; the values escaped)

    status = view.status
    if status.latest:
        latest = dated(status.latest)
        if status.latest_is_suppressed:
            based = blocktranslated(gettext("Status bygger på senaste visade värdet, läsåret %(y)s."),
                                    y=status.latest_value.year_label) if status.latest_value else ""
            latest = format_html('{}\n<br><span class="goal-marker-note">{}.\n{}</span>', latest,
                                 marker_explanation(status.latest.marker), based)
    else:
        latest = gettext("Inga mätvärden ännu")
    trend = view.trend
    rows = [
        (gettext("Utgångsvärde"), format_html('{}{} <span class="muted">({} {})</span>', sv_number(view.link.baseline_value),
                                              unit, year_word, school_year(view.link.baseline_year))),
        (gettext("Målvärde"), format_html('{}{} <span class="muted">({} {})</span>', sv_number(view.link.target_value),
                                          unit, year_word, school_year(view.link.target_year))),
        (gettext("Senaste värde"), format_html("\n{}\n", latest)),
        (gettext("Trend"), format_html("{} {} {} ({})", signed(trend.change), gettext("jämfört med"),
                                       trend.previous.year_label, trend.label)
         if trend else gettext("För få värden för en trend")),
    ]
    if view.is_school_level:
        rows.append((gettext("Kommunen som helhet"), dated(view.municipality_latest) if view.municipality_latest
                     else gettext("Inget värde för kommunen samma läsår")))
    rows.append((gettext("Riket"), dated(view.national_latest) if view.national_latest
                 else gettext("Inget värde för riket i underlaget")))
    if kolada:
        missing = gettext("saknas")
        rows.append((gettext("Kommunens värde"), format_html(
            '{} <span class="muted">({})</span>',
            format_html("{}{}", sv_number(kolada.own), unit) if kolada.own is not None else missing, kolada.year)))
        members = blocktranslated(gettext("%(n)s av %(total)s kommuner i %(group)s har ett värde för %(year)s."),
                                  n=kolada.with_value, total=kolada.members, group=kolada.group_title, year=kolada.year)
        rows.append((gettext("Jämförelsegruppens median"), format_html(
            '{} <span class="muted">({} {})</span>',
            format_html("{}{}", sv_number(kolada.median), unit) if kolada.median is not None else missing,
            members, gettext("Källa: Kolada"))))
    return format_html('<dl class="goal-facts">\n{}\n</dl>', format_html_join("\n", "<dt>{}</dt>\n<dd>{}</dd>", rows))


def _goal_url(municipality, pk: int) -> str:
    return reverse("goals:detail", kwargs={"municipality": municipality.slug, "pk": pk})


@register.simple_tag
def goal_chain_items(ancestors, municipality) -> SafeString:
    """The goal page's "Bidrar till" list items: each goal above this one, linked, with its level.

    ``ancestors`` are the cascade's plain rows (``CascadeGoal``). Built here rather than by the
    template, as the commitments' items are: the loop's URL tag and lookups per goal were part
    of the goal page's work with nothing kept (issue 18).
    """
    return format_html_join("", '<li><a href="{}">{}</a> <span class="muted">({})</span></li>',
                            ((_goal_url(municipality, a.pk), a.title, a.level_label) for a in ancestors))


@register.simple_tag
def sub_goal_items(children, municipality) -> SafeString:
    """The goal page's "Delmål" list items: each sub-goal, linked, with its level, its school and
    whether it is a proposal (``children``: the cascade's plain rows; see goal_chain_items)."""
    proposal = format_html(", {}", gettext("förslag"))

    def note(c) -> SafeString:
        school = format_html(", {}", c.school_name) if c.school_id is not None else ""
        return format_html("{}{}{}", c.level_label, school, proposal if c.is_proposal else "")

    return format_html_join("", '<li><a href="{}">{}</a> <span class="muted">({})</span></li>',
                            ((_goal_url(municipality, c.pk), c.title, note(c)) for c in children))


@register.simple_tag
def goal_history_rows(history) -> SafeString:
    """The rows of the goal page's history table: when, who, what (``history``: ``GoalChange``s).

    Built here rather than by the template: up to 30 rows, each with a date filter, lookups and
    translations, with nothing kept (issue 18). The words every row may repeat are translated once.
    """
    words = {"+": gettext("Skapat"), "-": gettext("Borttaget")}
    changed = gettext("Ändrat")
    return format_html_join(
        "\n", '<tr>\n<th scope="row">{}</th>\n<td>{}</td>\n<td>{}</td>\n</tr>',
        ((datum(h.when, "tid"), "–" if h.who is None else h.who, h.reason or words.get(h.kind, changed))
         for h in history),
    )


@register.simple_tag
def chart_figure(rc) -> SafeString:
    """A chart with its description and its data as a table (``rc``: a ``goals.charts.RenderedChart``).

    Built here rather than by a template: its loops over series, rows and cells were a good part
    of the goal page's work, twice a card, with nothing kept (issue 18). Every text is escaped;
    the SVG is the chart module's, which escapes what it writes.
    """
    chart = rc.chart
    heads = format_html_join("", '<th scope="col" class="num">{}</th>', ((s.label,) for s in chart.series))
    rows = format_html_join(
        "\n", '<tr><th scope="row">{}</th>{}</tr>',
        ((category, format_html_join("", '<td class="num">{}</td>', ((cell,) for cell in cells)))
         for category, cells in chart.table_rows()),
    )
    return format_html(
        '<figure class="chart-figure">\n'
        '  <div class="chart-figure__svg">{}</div>\n'
        '  <figcaption class="chart-figure__caption">{}</figcaption>\n'
        '  <details class="chart-figure__data">\n'
        "    <summary>{}</summary>\n"
        '    <div class="table-wrap">\n'
        '      <table class="table">\n'
        "        <caption>{}</caption>\n"
        '        <thead><tr><th scope="col">{}</th>{}</tr></thead>\n'
        "        <tbody>\n{}\n        </tbody>\n"
        "      </table>\n"
        "    </div>\n"
        "  </details>\n"
        "</figure>",
        rc.safe_svg, chart.description, gettext("Visa värdena som tabell"), chart.title, chart.category_heading,
        heads, rows,
    )


@register.simple_tag
def goal_card(counts, municipality_slug: str) -> SafeString:
    """The municipality home's goals card (``goals/_home_panel.html``) from the ``GoalCounts`` the
    view read: how many goals, adopted, not yet adopted, and the teachers' proposals.

    Built here: four blocktranslates and a URL tag through the template language were most of the
    card's work with nothing cached (issue 18). As blocktranslate and translate give them:
    blocktranslate's translations as they are, translate's escaped, the numbers escaped.
    """
    esc = conditional_escape
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    not_adopted = counts.not_adopted
    url = esc(reverse("goals:tree", kwargs={"municipality": municipality_slug}))
    heading = gettext("Operativa mål")
    if counts.total:
        def n(value: int) -> dict:
            return {"n": esc(number(value))}

        text = (
            ngettext("%(n)s mål", "%(n)s mål", counts.total) % n(counts.total) + ":\n      "
            + ngettext("%(n)s antaget av nämnden", "%(n)s antagna av nämnden", counts.adopted) % n(counts.adopted)
            + ",\n      "
            + ngettext("%(n)s inte antaget ännu", "%(n)s inte antagna ännu", not_adopted) % n(not_adopted)
        )
        if counts.proposals:
            text += ",\n      " + ngettext("%(n)s förslag från lärarlag", "%(n)s förslag från lärarlag",
                                             counts.proposals) % n(counts.proposals)
        body = f"<p>{text}.</p>"
    else:
        none_yet = gettext("Kommunen har inga operativa mål ännu.")
        body = f"<p>{esc(none_yet)}</p>"
    return mark_safe(  # noqa: S308 (translate's texts escaped, blocktranslate's as they are, numbers escaped)
        f'<section class="card{" card--attention" if not_adopted else ""}" aria-labelledby="goals-panel-heading">'
        f'\n  <h2 id="goals-panel-heading"><a href="{url}">{esc(heading)}</a></h2>\n  \n    {body}\n  \n</section>\n'
    )
