"""Numbers the Swedish way on the goal pages: decimal comma, a sign on changes, markers as they are."""

import html
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
    # Plain escaped strings, not format_html per fact: a card's twenty of them were most of the
    # tag's work with nothing kept (issue 18). Every value escaped as format_html did (_h).
    unit = _h(view.unit_suffix)
    year_word = _h(gettext("läsår"))

    def dated(point) -> str:
        # A value with its school year: "71,2 % (läsår 2023/24)"; a marker carries no unit.
        return (f'{_h(point_value(point))}{unit if point.has_value else ""} '
                f'<span class="muted">({year_word} {_h(point.year_label)})</span>')

    def blocktranslated(text: str, **values) -> str:
        # As {% blocktranslate %}: the values escaped, the translated text as it is.
        return text % {k: _h(v) for k, v in values.items()}

    status = view.status
    if status.latest:
        latest = dated(status.latest)
        if status.latest_is_suppressed:
            based = blocktranslated(gettext("Status bygger på senaste visade värdet, läsåret %(y)s."),
                                    y=status.latest_value.year_label) if status.latest_value else ""
            latest = (f'{latest}\n<br><span class="goal-marker-note">{_h(marker_explanation(status.latest.marker))}.'
                      f"\n{based}</span>")
    else:
        latest = _h(gettext("Inga mätvärden ännu"))
    trend = view.trend
    link = view.link
    rows = [
        (gettext("Utgångsvärde"), f'{_h(sv_number(link.baseline_value))}{unit} <span class="muted">'
                                  f"({year_word} {_h(school_year(link.baseline_year))})</span>"),
        (gettext("Målvärde"), f'{_h(sv_number(link.target_value))}{unit} <span class="muted">'
                              f"({year_word} {_h(school_year(link.target_year))})</span>"),
        (gettext("Senaste värde"), f"\n{latest}\n"),
        (gettext("Trend"), f'{_h(signed(trend.change))} {_h(gettext("jämfört med"))} {_h(trend.previous.year_label)} '
                           f"({_h(trend.label)})"
         if trend else _h(gettext("För få värden för en trend"))),
    ]
    if view.is_school_level:
        rows.append((gettext("Kommunen som helhet"), dated(view.municipality_latest) if view.municipality_latest
                     else _h(gettext("Inget värde för kommunen samma läsår"))))
    rows.append((gettext("Riket"), dated(view.national_latest) if view.national_latest
                 else _h(gettext("Inget värde för riket i underlaget"))))
    if kolada:
        missing = _h(gettext("saknas"))
        own = f"{_h(sv_number(kolada.own))}{unit}" if kolada.own is not None else missing
        rows.append((gettext("Kommunens värde"), f'{own} <span class="muted">({_h(kolada.year)})</span>'))
        members = blocktranslated(gettext("%(n)s av %(total)s kommuner i %(group)s har ett värde för %(year)s."),
                                  n=kolada.with_value, total=kolada.members, group=kolada.group_title, year=kolada.year)
        median = f"{_h(sv_number(kolada.median))}{unit}" if kolada.median is not None else missing
        rows.append((gettext("Jämförelsegruppens median"),
                     f'{median} <span class="muted">({members} {_h(gettext("Källa: Kolada"))})</span>'))
    facts = "\n".join(f"<dt>{_h(label)}</dt>\n<dd>{value}</dd>" for label, value in rows)
    return mark_safe(f'<dl class="goal-facts">\n{facts}\n</dl>')  # noqa: S308 (every value escaped; blocktranslate's translations as they are)


def _h(value) -> str:
    """As ``conditional_escape``, without its lazy-text wrapper: safe HTML as it is, anything else
    escaped (the tags here call it for every fact, cell and item)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@register.simple_tag
def goal_badges(goal, shared) -> SafeString:
    """The whole of goals/_badges.html: whether the goal is a proposal, adopted (when, by which
    paragraph) or not yet, and whether it is shared with a network (``shared``: truthy if so).

    Built here: a blocktranslate with a date filter, three translations and the ifs were a good
    part of the goal page's head with nothing kept (issue 18). As the template gave them: the
    translations as they are, the values escaped.
    """
    # Each gettext() outside the f-strings: makemessages does not read inside one.
    if goal.is_proposal:
        text = gettext("Förslag")
        state = f'<span class="badge badge--warning">{text}</span>\n'  # as the template: a line break after
    elif goal.is_adopted:
        text = gettext("Antaget %(date)s, %(p)s") % {"date": _h(datum(goal.adopted_on)), "p": _h(goal.adoption_paragraph)}
        state = f'<span class="badge badge--ok">{text}</span>\n'
    else:
        text = gettext("Inte antaget av nämnden")
        state = f'<span class="badge badge--warning">{text}</span>'
    network = ""
    if shared:
        text = gettext("Delat med nätverket")
        network = f'<span class="badge">{text}</span>'
    # The translations as translate and blocktranslate give them; the date and paragraph escaped.
    return mark_safe(f'<span class="goal-badges">\n{state}\n{network}\n</span>\n')  # noqa: S308


@register.simple_tag
def goal_decision(goal, can_adopt: bool, municipality_slug: str, shares) -> SafeString:
    """The goal page's "Nämndens beslut" card up to its share form: whether and when the board
    adopted the goal, the link to record or change the decision (``can_adopt``), and the networks
    it is shared with (``shares``: ``goal_shares``' rows).

    Built here: two blocktranslates with date filters, a URL tag, seven translations and the ifs
    between them were a good part of the goal page's template work with nothing kept (issue 18).
    As the template gave them: the translations as they are, every value escaped.
    """
    adopted, proposal = goal.is_adopted, goal.is_proposal
    # Each gettext() outside the f-strings: makemessages does not read inside one.
    heading = gettext("Nämndens beslut")
    if adopted:
        decision = gettext("Nämnden antog målet den %(date)s, %(p)s.") % {
            "date": _h(datum(goal.adopted_on)), "p": _h(goal.adoption_paragraph)}
    elif proposal:
        decision = gettext("Ett förslag antas inte av nämnden förrän det är godkänt.")
    else:
        decision = gettext("Målet är inte antaget av nämnden ännu.")
    button = ""
    if can_adopt:
        url = _h(reverse("goals:adopt", kwargs={"municipality": municipality_slug, "pk": goal.pk}))
        text = gettext("Ändra beslutet") if adopted else gettext("Registrera nämndens beslut")
        button = f'<p><a class="button{" button--secondary" if adopted else ""}" href="{url}">{text}</a></p>'
    network = gettext("Nätverket")
    if shares:
        shared = gettext("Delat med %(network)s sedan %(date)s: dess processledare och de andra kommunerna där ser "
                         "målet och dess mått.")
        items = "".join(
            f'\n      <li>{shared % {"network": _h(share.network_name), "date": _h(datum(share.shared_at))}}</li>\n    '
            for share in shares
        )
        where = f"\n    <ul>{items}</ul>\n  "
    else:
        only_here = gettext("Målet syns bara i kommunen.")
        where = f"\n    <p>{only_here}</p>\n  "
    attention = " card--attention" if not adopted and not proposal else ""
    return mark_safe(  # noqa: S308 (values escaped; the translations as translate and blocktranslate give them)
        f'<section class="card{attention}" aria-labelledby="adoption-heading">\n  <h2 id="adoption-heading">{heading}</h2>'
        f"\n  \n    <p>{decision}</p>\n  \n  {button}\n\n  <h3>{network}</h3>\n  {where}\n"
    )


def _goal_urls(municipality):
    """The goal page's URL for any goal id of the municipality, with one reverse() for all of them:
    the URL differs only by the id in its last part."""
    first, _, last = reverse("goals:detail", kwargs={"municipality": municipality.slug, "pk": 1}).rpartition("/1/")
    return lambda pk: f"{first}/{pk}/{last}"


@register.simple_tag
def goal_chain_items(ancestors, municipality) -> SafeString:
    """The goal page's "Bidrar till" list items: each goal above this one, linked, with its level.

    ``ancestors`` are the cascade's plain rows (``CascadeGoal``). Built here rather than by the
    template, as the commitments' items are: the loop's URL tag and lookups per goal were part
    of the goal page's work with nothing kept (issue 18).
    """
    url = _goal_urls(municipality)
    return format_html_join("", '<li><a href="{}">{}</a> <span class="muted">({})</span></li>',
                            ((url(a.pk), a.title, a.level_label) for a in ancestors))


@register.simple_tag
def sub_goal_items(children, municipality) -> SafeString:
    """The goal page's "Delmål" list items: each sub-goal, linked, with its level, its school and
    whether it is a proposal (``children``: the cascade's plain rows; see goal_chain_items)."""
    proposal = format_html(", {}", gettext("förslag"))

    def note(c) -> SafeString:
        school = format_html(", {}", c.school_name) if c.school_id is not None else ""
        return format_html("{}{}{}", c.level_label, school, proposal if c.is_proposal else "")

    url = _goal_urls(municipality)
    return format_html_join("", '<li><a href="{}">{}</a> <span class="muted">({})</span></li>',
                            ((url(c.pk), c.title, note(c)) for c in children))


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
    # Plain escaped strings, not format_html per cell: a chart's table was most of the tag's work,
    # twice a card (issue 18). Every text escaped as format_html did (_h).
    chart = rc.chart
    heads = "".join(f'<th scope="col" class="num">{_h(s.label)}</th>' for s in chart.series)
    rows = "\n".join(
        f'<tr><th scope="row">{_h(category)}</th>{"".join(map(_num_cell, cells))}</tr>'
        for category, cells in chart.table_rows()
    )
    # Outside the f-string: makemessages does not read inside one.
    summary = _h(gettext("Visa värdena som tabell"))
    return mark_safe(  # noqa: S308 (every text escaped; the SVG is safe HTML, kept as it is)
        '<figure class="chart-figure">\n'
        f'  <div class="chart-figure__svg">{_h(rc.safe_svg)}</div>\n'
        f'  <figcaption class="chart-figure__caption">{_h(chart.description)}</figcaption>\n'
        '  <details class="chart-figure__data">\n'
        f"    <summary>{summary}</summary>\n"
        '    <div class="table-wrap">\n'
        '      <table class="table">\n'
        f"        <caption>{_h(chart.title)}</caption>\n"
        f'        <thead><tr><th scope="col">{_h(chart.category_heading)}</th>{heads}</tr></thead>\n'
        f"        <tbody>\n{rows}\n        </tbody>\n"
        "      </table>\n"
        "    </div>\n"
        "  </details>\n"
        "</figure>"
    )


def _num_cell(cell) -> str:
    return f'<td class="num">{_h(cell)}</td>'


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


@register.simple_tag
def goal_progression(view, cohort_chart=None) -> SafeString:
    """An indicator card's "Följ progressionen" section on the goal page: the two comparisons
    explained, the cohorts' chart (``cohort_chart``, a RenderedChart or None) and table, and the
    suppressed values as their markers (``view``: an IndicatorView).

    Built here rather than by the template, as the card's facts and charts are: its translation
    tags and the table's filters per cohort were much of each card's work with nothing kept
    (issue 18). Translated text is left as the translate tags left it; every value is escaped.
    """
    esc = conditional_escape
    pk = view.link.pk
    if view.cohorts:
        chart = chart_figure(cohort_chart) if cohort_chart else ""
        lines = "".join(
            f'\n              <tr>\n                <th scope="row">{esc(line.label)}</th>'
            f'\n                <td class="num">{esc(point_value(line.first))}</td>'
            f'\n                <td class="num">{esc(point_value(line.last))}</td>'
            f'\n                <td class="num">{esc(signed(line.within_cohort))}</td>'
            f'\n                <td class="num">{esc(signed(line.between_cohorts))}</td>\n              </tr>\n            '
            for line in view.cohorts
        )
        caption, cohort_head = gettext("Förändring inom och mellan årskullar"), gettext("Årskull")
        first_head, last_head = gettext("Första värdet"), gettext("Senaste värdet")
        within_head, between_head = gettext("Inom årskullen (samma elever)"), gettext("Mellan årskullar (olika elever)")
        cohorts = (
            f"\n        {chart}\n        <div class=\"table-wrap\">\n          <table class=\"table\">"
            f"\n            <caption>{caption}</caption>\n            <thead><tr>"
            f'\n              <th scope="col">{cohort_head}</th>\n              <th scope="col" class="num">{first_head}</th>'
            f'\n              <th scope="col" class="num">{last_head}</th>'
            f'\n              <th scope="col" class="num">{within_head}</th>'
            f'\n              <th scope="col" class="num">{between_head}</th>'
            f"\n            </tr></thead>\n            <tbody>\n            {lines}\n            </tbody>"
            f"\n          </table>\n        </div>\n      "
        )
    else:
        none_yet = gettext(
            "Det finns inga värden för samma elever i mer än en årskurs ännu, så årskullar kan inte följas. "
            "När måttet finns för till exempel både årskurs 6 och årskurs 9 visas de här."
        )
        cohorts = f"\n        <p>{none_yet}</p>\n      "
    suppressed = view.suppressed_points
    markers = ""
    if suppressed:
        grade = gettext("åk %(g)s")
        items = "".join(
            "<li>" + (f"{grade % {'g': esc(p.grade)}}, " if p.grade else "")
            + f"{esc(p.year_label)}: <strong>{esc(p.marker)}</strong> – {esc(marker_explanation(p.marker))}</li>"
            for p in suppressed
        )
        note = gettext("Prickade värden visas som Skolverkets tecken, aldrig som siffror, och syns inte i diagrammen:")
        markers = (
            f'\n        <div class="goal-marker-note">\n          <p>{note}</p>'
            f"\n          <ul>{items}</ul>\n        </div>\n      "
        )
    heading, two = gettext("Följ progressionen"), gettext("Två olika jämförelser:")
    within = gettext(
        "<strong>Inom en årskull</strong> (förädlingsvärde): samma elever följs från en årskurs till en senare, "
        "till exempel från årskurs 6 läsåret 2020/21 till årskurs 9 läsåret 2023/24. Det visar vad skolan har "
        "tillfört just de eleverna."
    )
    between = gettext(
        "<strong>Mellan årskullar</strong>: årets elever i en årskurs jämförs med förra årets elever i samma "
        "årskurs. Det är olika elever, så skillnaden kan bero på elevgruppen lika mycket som på undervisningen."
    )
    return mark_safe(  # noqa: S308 (our translations as the tags gave them; every value escaped above)
        f'<section class="goal-progression" aria-labelledby="prog-{pk}">'
        f'\n      <h4 id="prog-{pk}">{heading}</h4>\n      <p>{two}</p>\n      <ul>'
        f"\n        <li>{within}</li>\n        <li>{between}</li>\n      </ul>\n      {cohorts}\n      {markers}\n    </section>"
    )


@register.simple_tag
def indicator_heading(view, goal) -> SafeString:
    """An indicator card's heading and status line on the goal page: the measure (and grade), its
    status with how far it has come in how much of the time, and whose figures it follows.

    Built here, as the rest of the card is: its translation tags and lookups were much of each
    card's work with nothing kept (issue 18). Translated text is left as blocktranslate left it;
    every value is escaped and localized as the template did.
    """
    esc = conditional_escape
    link, status = view.link, view.status
    grade = (", " + gettext("årskurs %(g)s") % {"g": esc(localize(link.grade))}) if link.grade else ""
    progress = ""
    if status.progress_percent is not None:
        time = esc(localize(status.time_percent))
        if status.progress_percent < 0:
            text = gettext("Värdet har gått åt fel håll sedan utgångsläget; %(t)s %% av tiden har gått.") % {"t": time}
        else:
            text = gettext("%(p)s %% av vägen till målvärdet, %(t)s %% av tiden har gått.") % {
                "p": esc(localize(status.progress_percent)), "t": time}
        progress = f"\n        \n          {text}\n        \n      "
    school = ""
    if view.is_school_level:
        school = gettext("Skolans egna siffror (%(school)s).") % {"school": esc(goal.school.name)}
    elif goal.school_id:
        school = gettext("Kommunens siffror: det finns inga egna siffror för %(school)s i underlaget.") % {
            "school": esc(goal.school.name)}
    if school:
        school = f'<span class="muted">{school}</span>'
    return mark_safe(  # noqa: S308 (our translations as blocktranslate gave them; every value escaped above)
        f'<h3 id="ind-{link.pk}">{esc(view.indicator.label)}{grade}</h3>\n'
        f'    <p class="goal-status-line"><span class="badge badge--{esc(status.status.css)}">{esc(status.status.label)}</span>\n'
        f"      {progress}\n      {school}\n    </p>"
    )


@register.simple_tag
def goal_facts(goal, ancestors, municipality) -> SafeString:
    """The goal page's facts list under "Om målet": level, school, area, period and the goals it
    contributes to (``ancestors``: the cascade's plain rows, see goal_chain_items).

    Built here, as the lists beside it are: a translation tag per term was most of the part's work
    with nothing kept (issue 18). Translated text is left as translate left it; values escaped.
    """
    esc = conditional_escape
    school = (f'<dt>{gettext("Skola")}</dt><dd>{esc(goal.school.name)}</dd>' if goal.school else "")
    chain = (f'<dt>{gettext("Bidrar till")}</dt><dd><ol class="goal-chain">{goal_chain_items(ancestors, municipality)}</ol></dd>'
             if ancestors else "")
    period = f"{esc(datum(goal.starts_on))} – {esc(datum(goal.target_on))}"
    return mark_safe(  # noqa: S308 (our translations as translate gave them; every value escaped above)
        f'<dl class="goal-facts">\n    <dt>{gettext("Nivå")}</dt><dd>{esc(goal.get_level_display())}</dd>\n'
        f"    {school}\n    <dt>{gettext('Område')}</dt><dd>{esc(goal.area)}</dd>\n"
        f"    <dt>{gettext('Period')}</dt><dd>{period}</dd>\n    {chain}\n  </dl>"
    )


@register.simple_tag
def goal_history_section(history) -> SafeString:
    """The goal page's history card: its heading and the table of changes (goal_history_rows).

    Built here: the heading, caption and column headings as translation tags were as much work as
    the rows with nothing kept (issue 18). Translated text is left as translate left it."""
    when, who, what = gettext("När"), gettext("Vem"), gettext("Vad")
    return mark_safe(  # noqa: S308 (our translations as translate gave them; the rows escape their values)
        f'<section class="card" aria-labelledby="history-heading">\n  <h2 id="history-heading">{gettext("Historik")}</h2>'
        f'\n  <div class="table-wrap">\n    <table class="table">\n      <caption>{gettext("Ändringar av målet, senaste först")}</caption>'
        f'\n      <thead><tr><th scope="col">{when}</th><th scope="col">{who}</th><th scope="col">{what}</th></tr></thead>'
        f"\n      <tbody>\n      {goal_history_rows(history)}\n      </tbody>\n    </table>\n  </div>\n</section>"
    )
