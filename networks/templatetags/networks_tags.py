from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.templatetags.datum import datum
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
def running_order(presentations, network_slug: str, mappings_available: bool) -> str:
    """The meeting page's running order: each municipality with its mapping's result and largest
    difference, or why there is none. Built here: ten items through {% url %} and blocktranslate
    were a good part of the meeting page with nothing cached (issue 18)."""
    if mappings_available:
        why = gettext("Ingen publicerad kartläggning för omgången ännu.")
    else:
        why = gettext("Kartläggningens resultat visas här när kartläggningarna finns i tjänsten.")
    missing = format_html('<span class="role">{}</span>', why)

    def item(p):
        if not p.mapping:
            return p.municipality.name, missing
        url = reverse("reviews:network_mapping", kwargs={"network": network_slug, "pk": p.mapping.pk})
        result = gettext("Resultat: %(mapping)s") % {"mapping": p.mapping}
        return p.municipality.name, format_html('<span class="role"><a href="{}">{}</a></span>\n{}', url, result,
                                                largest_gap(p.results))

    return format_html_join("\n", "<li><strong>{}</strong>\n{}</li>", (item(p) for p in presentations))


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


@register.simple_tag
def member_rows(members, show_contacts: bool) -> str:
    """The rows of networks/_member_table.html (the MemberRow rows the members table gets), or the
    empty row: each municipality's name, what levels it lacks, when it joined, its members per
    level and its coordinators (with their e-mail when ``show_contacts``).

    Built here: ten rows through the template language were a good part of the network home
    with nothing cached (issue 18). The words are translated once, not once a row.
    """
    # Each gettext() outside the f-strings: makemessages does not read inside one, and would drop
    # the English of a text it cannot see.
    if not members:
        empty = escape(gettext("Inga kommuner är med ännu."))
        return mark_safe(f'\n    <tr><td colspan="7">{empty}</td></tr>\n  ')  # noqa: S308 (a translated text, escaped)
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    lacks = gettext("saknar: %(levels)s")
    none_text = escape(gettext("ingen"))
    nobody = f'<span class="muted">{none_text}</span>'
    html = []
    for row in members:
        membership = row.membership
        missing = row.missing_levels
        badge = (
            f'<br><span class="badge badge--warning">{lacks % {"levels": ", ".join(escape(label) for label in missing)}}</span>'
            if missing else ""
        )
        cells = "".join(
            f'<td class="num{"" if n else " cell--warning"}">{number(n)}</td>' for _value, _label, n in row.level_counts
        )
        if show_contacts:
            people = [f'{escape(c.user.full_name)} <a href="mailto:{escape(c.user.email)}">{escape(c.user.email)}</a>'
                      for c in row.coordinators]
        else:
            people = [escape(c.user.full_name) for c in row.coordinators]
        html.append(
            f'\n    <tr>\n      <th scope="row">{escape(membership.municipality.name)}\n        {badge}</th>'
            f'\n      <td>{escape(datum(membership.joined_on))}</td>\n      {cells}'
            f'\n      <td>{"<br>".join(people) or nobody}</td>\n    </tr>\n  '
        )
    return mark_safe("".join(html))  # noqa: S308 (names, e-mails and labels escaped above; the rest are numbers)


@register.simple_tag
def round_steps(rounds) -> str:
    """The items of the rounds card's list (networks/_rounds_panel.html): each round, its phase.

    Built here for the same reason as :func:`member_rows` (issue 18): "Omgång" translated once.
    """
    title = gettext("Omgång %(n)s")
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    return mark_safe("".join(  # noqa: S308 (translations as blocktranslate gives them; the label escaped; numbers)
        f'\n      <li class="round-step round-step--{escape(row.phase)}">{title % {"n": number(row.round.number)}}: '
        f'<span class="phase phase--{escape(row.phase)}">{escape(row.phase_label)}</span></li>\n    '
        for row in rounds
    ))
