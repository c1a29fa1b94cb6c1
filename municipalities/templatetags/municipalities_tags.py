"""Tags for the municipality's pages."""

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

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

    def item(school) -> str:
        n = school.member_count
        members = ngettext("%(n)s medlem", "%(n)s medlemmar", n) % {"n": esc(number(n))}
        return f'<li>{esc(school.name)} <span class="muted">({members})</span></li>'

    return mark_safe("".join(item(s) for s in schools))  # noqa: S308 (translations as blocktranslate gives them; the rest escaped)
