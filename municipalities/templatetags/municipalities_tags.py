"""Tags for the municipality's pages."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from core.templatetags.datum import datum

register = template.Library()


@register.simple_tag
def school_items(schools) -> SafeString:
    """The list items of the home's schools card: each school's name and its members.

    Built here rather than by the template: a blocktranslate per school was as much work as the
    rest of the card, on every cold home (issue 18). As the template's blocktranslate: the
    translation as it is, the values escaped.
    """
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    esc = conditional_escape
    members: dict[int, str] = {}  # most schools have as many members as another: each count worded once

    def item(school) -> str:
        n = school.member_count
        if n not in members:
            members[n] = ngettext("%(n)s medlem", "%(n)s medlemmar", n) % {"n": esc(number(n))}
        return f'<li>{esc(school.name)} <span class="muted">({members[n]})</span></li>'

    return mark_safe("".join(item(s) for s in schools))  # noqa: S308 (translations as blocktranslate gives them; the rest escaped)


@register.simple_tag
def level_count_rows(level_counts) -> SafeString:
    """The rows of the members-per-level table (``municipalities/_level_counts.html``): each level
    and its members, a level without members marked.

    Built here, as :func:`school_items`: the loop's lookups and its translation per row were most
    of the table's work on every cold home (issue 18). "saknas" is translated (and escaped, as
    translate gives it) once.
    """
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    esc = conditional_escape
    missing_text = gettext("saknas")
    missing = f' <span class="badge badge--warning">{esc(missing_text)}</span>'
    warning = ' class="row--warning"'
    return mark_safe("".join(  # noqa: S308 (labels escaped; the rest are numbers and markup)
        f'\n      <tr{warning if row.missing else ""}>'
        f'\n        <th scope="row">{esc(row.label)}</th>'
        f'\n        <td class="num">{esc(number(row.count))}{missing if row.missing else ""}</td>\n      </tr>\n    '
        for row in level_counts
    ))


@register.simple_tag
def network_items(memberships) -> SafeString:
    """The list items of the home's networks card: each network the municipality is in, linked,
    and since when. Built here, as :func:`school_items` (issue 18): a URL tag and a blocktranslate
    per network. As blocktranslate gives it: the translation as it is, the date escaped."""
    esc = conditional_escape
    since = gettext("med sedan %(date)s")
    return mark_safe("".join(  # noqa: S308 (names and dates escaped; the translation as blocktranslate gives it)
        f'\n          <li><a href="{esc(reverse("networks:home", kwargs={"network": nm.network.slug}))}">'
        f'{esc(nm.network.name)}</a>\n            <span class="role">{since % {"date": esc(datum(nm.joined_on))}}'
        "</span></li>\n        "
        for nm in memberships
    ))
