from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.templatetags.datum import datum

register = template.Library()


@register.filter
def heat(cell, scale) -> str:
    """A heatmap class heat-0 (low) … heat-4 (high) for a shown mean; the value is also text."""
    return _heat_class(getattr(cell, "mean", None), scale)


def _heat_class(mean, scale) -> str:
    if mean is None or not scale:
        return "heat-none"
    low, high = scale[0].value, scale[-1].value
    share = (mean - low) / (high - low) if high > low else 0
    return f"heat-{min(4, int(share * 5))}"


@register.filter
def count_of(cell, value) -> int | None:
    return cell.count_of(value)


def _one_decimal(value: float, separator: str) -> str:
    """``value|floatformat:1`` for a mean or a change (half up, the locale's decimal separator),
    without the filter's general machinery: a heatmap formats thirty of them. As floatformat, a
    value that rounds to zero has no sign (-0.04 is 0,0)."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(rounded if rounded else abs(rounded)).replace(".", separator)


@register.simple_tag
def heat_row(statement_result, scale) -> str:
    """A scale heatmap row's cells (the levels', then the total), for reviews/_heatmap.html.

    Built here rather than in the template: thirty cells through the template language cost
    more than the rest of the results page with nothing cached (issue 18). What a cell shows
    follows reviews.aggregation: a hidden cell says only why, never a figure.
    """
    return _heat_cells(statement_result.row_cells, scale, _HeatWords())


class _HeatWords:
    """The words and formats every heatmap cell repeats, translated once per table."""

    def __init__(self):
        self.few = f'<span class="suppressed">{escape(gettext("för få svar"))}</span>'
        self.protect = f'<span class="suppressed">{escape(gettext("dold"))}</span>'
        self.dont_know = escape(gettext("vet inte %(n)s"))
        self.number = localize if settings.USE_THOUSAND_SEPARATOR else str
        self.separator = get_format("DECIMAL_SEPARATOR")


def _heat_cells(cells, scale, words: _HeatWords) -> str:
    few, protect, dont_know, number, separator = (
        words.few, words.protect, words.dont_know, words.number, words.separator
    )
    html = []
    for i, cell in enumerate(cells):
        mean = cell.mean
        if cell.hidden == "few":
            content = few
        elif cell.hidden == "protect":
            content = protect
        elif mean is None:
            content = '<span class="suppressed">–</span>'
        else:
            meta = f"n={number(cell.n)}"
            if cell.dont_know:
                meta += " · " + dont_know % {"n": number(cell.dont_know)}
            content = f'<strong>{_one_decimal(mean, separator)}</strong><span class="heat__meta">{meta}</span>'
        total = " heat--total" if i == len(cells) - 1 else ""
        html.append(f'<td class="num heat {_heat_class(mean, scale)}{total}">{content}</td>')
    return mark_safe("".join(html))  # noqa: S308 (escaped above: labels escaped, the rest are numbers)


@register.simple_tag
def scale_heatmap(results) -> str:
    """A scale template's whole heatmap table (statements × levels, then the total and, beside a
    previous mapping, the change), for reviews/_heatmap.html.

    Built here rather than by the template, as the cells already were: the headings'
    translations and each row's lookups and filters through the template language were most of
    what the results page's table cost with nothing cached (issue 18). The cells are heat_row's;
    every label and heading is escaped; the rest are numbers.
    """
    esc = conditional_escape
    scale = results.scale
    previous = bool(results.previous)
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    # Translated text is not escaped (as blocktranslate and translate leave it); values and labels are.
    caption = gettext("Medelvärde per påstående och nivå (skala %(low)s–%(high)s), med antal svar") % {
        "low": number(scale[0].value), "high": number(scale[-1].value),
    }
    levels = "".join(f'<th scope="col" class="num">{esc(label)}</th>' for _value, label in results.levels)
    change_head = f'<th scope="col" class="num">{gettext("Förändring")}</th>' if previous else ""
    words = _HeatWords()
    separator = words.separator
    rows = []
    for sr in results.statements:
        statement = sr.statement
        area = statement.area
        area_html = f'<span class="muted heatmap__area">{esc(area.title)}</span><br>' if area else ""
        change = ""
        if previous:
            shown = "–" if sr.change is None else ("+" if sr.change > 0 else "") + _one_decimal(sr.change, separator)
            change = f'<td class="num">{shown}</td>'
        rows.append(
            f'\n    <tr>\n      <th scope="row">{area_html}{esc(statement.label)}</th>\n      \n'
            f"      {_heat_cells(sr.row_cells, scale, words)}\n      {change}\n    </tr>\n  "
        )
    statement_head, total_head = gettext("Påstående"), gettext("Hela kommunen")
    return mark_safe(  # noqa: S308 (every text escaped above; the rest are numbers and markup)
        f'\n<div class="table-wrap">\n<table class="table heatmap">\n  <caption>{caption}</caption>\n'
        f'  <thead><tr>\n    <th scope="col">{statement_head}</th>\n    {levels}\n'
        f'    <th scope="col" class="num">{total_head}</th>\n    {change_head}\n  </tr></thead>\n'
        f'  <tbody>\n  {"".join(rows)}\n  </tbody>\n</table>\n</div>\n'
    )


@register.simple_tag
def gap_items(gaps) -> str:
    """The items of reviews/_gaps.html: each statement's gap between the levels, largest first.

    Built here: a blocktranslate and three floatformats per gap through the template language
    were as much as the heatmap on a results page with nothing cached (issue 18). The figures
    are the shown means (MappingResults.gaps); every label is escaped.
    """
    separator = get_format("DECIMAL_SEPARATOR")
    text = gettext("%(high_label)s skattar %(high)s, %(low_label)s %(low)s (skillnad %(size)s)")
    return format_html_join("\n", "<li><strong>{}</strong>: {}</li>", (
        (g.statement.label, text % {
            "high_label": g.high_label, "high": _one_decimal(g.high, separator),
            "low_label": g.low_label, "low": _one_decimal(g.low, separator), "size": _one_decimal(g.size, separator),
        })
        for g in gaps
    ))


@register.simple_tag
def participation_rows(participation) -> str:
    """The level rows of ``reviews/_participation.html``: submitted (and the share of those asked),
    asked, started and, when some answers are left out of the figures, how many.

    Built here: the rows through the template language were most of the mapping card's work on
    the municipality home with nothing cached (issue 18). Counts of people only, as the template
    showed; the labels escaped.
    """
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    # gettext() outside the f-string: makemessages does not read inside one.
    no_answers = escape(gettext("inga svar"))
    with_left_out = bool(participation.left_out)
    rows = []
    for lp in participation.levels:
        missing = lp.missing
        share = f'&nbsp;<span class="muted nowrap">({number(lp.percent)}&nbsp;%)</span>' if lp.asked else ""
        badge = f' <span class="badge badge--warning">{no_answers}</span>' if missing else ""
        left_out = f'\n        <td class="num">{number(lp.left_out)}</td>' if with_left_out else ""
        warning = ' class="row--warning"' if missing else ""
        rows.append(
            f'\n      <tr{warning}>\n        <th scope="row">{escape(lp.label)}</th>'
            f'\n        <td class="num">{number(lp.submitted)}{share}{badge}</td>'
            f'\n        <td class="num">{number(lp.asked)}</td>\n        <td class="num">{number(lp.started)}</td>{left_out}'
            f"\n      </tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 (the labels escaped; the rest are numbers and markup)


@register.simple_tag
def participation_table(participation) -> str:
    """The participation table of ``reviews/_participation.html`` and the note under it: its
    headings, the level rows (participation_rows) and the sum over all levels.

    Built here, as its rows already were: the headings' translations through the template
    language cost more than the rows on the results page with nothing cached (issue 18). Counts
    of people only; translated text is left as {% translate %} left it, the rows escape labels.
    """
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    left_out = participation.left_out
    left_out_head = f'<th scope="col" class="num">{gettext("Räknas inte i siffrorna")}</th>' if left_out else ""
    left_out_sum = f'<td class="num">{number(left_out)}</td>' if left_out else ""
    caption, level_head = gettext("Delaktighet: inskickade svar per nivå"), gettext("Nivå")
    submitted_head, asked_head, started_head = gettext("Svarat"), gettext("Tillfrågade"), gettext("Påbörjat")
    all_levels = gettext("Alla nivåer")
    note = gettext("Tillfrågade är de som var medlemmar när kartläggningen öppnade; svarsandelen räknas på dem.")
    return mark_safe(  # noqa: S308 (our translations and numbers; the rows escape the labels)
        f'<div class="table-wrap">\n<table class="table participation">\n  <caption>{caption}</caption>\n'
        f'  <thead><tr>\n    <th scope="col">{level_head}</th>\n    <th scope="col" class="num">{submitted_head}</th>\n'
        f'    <th scope="col" class="num">{asked_head}</th>\n    <th scope="col" class="num">{started_head}</th>\n'
        f"    {left_out_head}\n  </tr></thead>\n  <tbody>\n    {participation_rows(participation)}\n  </tbody>\n"
        f'  <tfoot><tr><th scope="row">{all_levels}</th><td class="num">{number(participation.submitted)}</td>'
        f'<td class="num">{number(participation.asked)}</td><td></td>{left_out_sum}</tr></tfoot>\n</table>\n</div>\n'
        f'<p class="muted">{note}</p>'
    )


@register.simple_tag
def mapping_status(mapping) -> str:
    """A mapping's status badges (reviews/_status.html): closed, open or not opened yet, and
    whether it is shared with a network. Built here so that the home's mapping card
    (:func:`mapping_card_head`) shows the same badges without an include (issue 18)."""
    # Each gettext() outside the f-strings: makemessages does not read inside one.
    if mapping.is_closed():
        kind, text = "badge", gettext("Stängd")
    elif mapping.is_open():
        kind, text = "badge badge--ok", gettext("Öppen")
    else:
        kind, text = "badge badge--warning", gettext("Inte öppnad än")
    status = f'<span class="{kind}">{escape(text)}</span>'
    if mapping.is_published:
        shared = gettext("Delad med nätverket")
        status += f' <span class="badge badge--ok">{escape(shared)}</span>'
    return mark_safe(status)  # noqa: S308 (translated texts, escaped)


@register.simple_tag
def mapping_card_head(panel, municipality_slug: str) -> str:
    """The municipality home's mapping card down to its participation (reviews/_home_panel.html):
    the mapping's title, linked, its status and its last day. ``panel``: the
    ``MappingHomePanel`` the view read, with a mapping.

    Built here: the include of the status, a URL tag, a blocktranslate and the lookups through
    the template language were much of the card's own work with nothing cached (issue 18). As
    translate and blocktranslate give them: translate's texts escaped, blocktranslate's as it
    is, the values escaped.
    """
    mapping = panel.mapping
    attention = " card--attention" if panel.participation.missing_levels and panel.is_open else ""
    url = reverse("reviews:detail", kwargs={"municipality": municipality_slug, "pk": mapping.pk})
    last_day = gettext("sista dag %(closes)s") % {"closes": escape(datum(mapping.closes_on, "dag"))}
    heading = gettext("Kartläggning")
    return mark_safe(  # noqa: S308 (the title and texts escaped; blocktranslate's translation as it is)
        f'<section class="card{attention}" aria-labelledby="mapping-panel-heading">'
        f'\n  <h2 id="mapping-panel-heading">{escape(heading)}: <a href="{escape(url)}">'
        f"{escape(mapping.title)}</a></h2>\n  <p>{mapping_status(mapping)}\n {last_day}</p>"
    )
