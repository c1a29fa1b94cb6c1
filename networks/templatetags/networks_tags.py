from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from municipalities.models import Level

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
