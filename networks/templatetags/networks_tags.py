from django import template
from django.conf import settings
from django.utils.formats import get_format, localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from municipalities.models import Level
from reviews.templatetags.reviews_tags import _one_decimal

register = template.Library()


@register.simple_tag
def participation_cells(row, attended: bool) -> str:
    """A municipality's level cells in networks/_participation_table.html: attended (registered)
    once attendance is taken, else registered. Built here: forty cells through the template
    language were a good part of the meeting page with nothing cached (issue 18)."""
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    if attended:
        cells = (
            f'<td class="num">{number(row.attended[v])} <span class="muted">({number(row.registered[v])})</span></td>'
            for v in Level.values
        )
    else:
        cells = (f'<td class="num">{number(row.registered[v])}</td>' for v in Level.values)
    return mark_safe("".join(cells))  # noqa: S308 (numbers only)


@register.simple_tag
def largest_gap(results) -> str:
    """A presentation's largest difference between levels on the meeting page, or nothing.

    Built here: ten of them through blocktranslate and floatformat were a good part of the
    meeting page with nothing cached (issue 18). The figures are the shown means (gaps).
    """
    gaps = results.gaps if results is not None else []
    if not gaps:
        return ""
    gap, separator = gaps[0], get_format("DECIMAL_SEPARATOR")
    text = gettext("Största skillnaden: %(statement)s – %(high_label)s %(high)s, %(low_label)s %(low)s") % {
        "statement": gap.statement.label, "high_label": gap.high_label, "high": _one_decimal(gap.high, separator),
        "low_label": gap.low_label, "low": _one_decimal(gap.low, separator),
    }
    return format_html('<span class="role">{}</span>', text)
