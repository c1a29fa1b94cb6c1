from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.utils.formats import get_format, localize
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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
    """``value|floatformat:1`` for a mean (half up, the locale's decimal separator), without the
    filter's general machinery: a heatmap formats thirty of them."""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", separator)


@register.simple_tag
def heat_row(statement_result, scale) -> str:
    """A scale heatmap row's cells (the levels', then the total), for reviews/_heatmap.html.

    Built here rather than in the template: thirty cells through the template language cost
    more than the rest of the results page with nothing cached (issue 18). What a cell shows
    follows reviews.aggregation: a hidden cell says only why, never a figure.
    """
    few = f'<span class="suppressed">{escape(gettext("för få svar"))}</span>'
    protect = f'<span class="suppressed">{escape(gettext("dold"))}</span>'
    dont_know = escape(gettext("vet inte %(n)s"))
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    separator = get_format("DECIMAL_SEPARATOR")
    cells = statement_result.row_cells
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
