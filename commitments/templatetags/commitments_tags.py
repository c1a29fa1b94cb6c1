"""Tags for the commitments' pages."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from commitments.models import CommitmentStatus
from core.dates import date_text

register = template.Library()


@register.simple_tag
def report_back_rows(row, link_commitments: bool = False) -> SafeString:
    """The table rows of one municipality's report-back (``commitments/_report_back_row.html``).

    Built here rather than by the template: a network's report-back shows every member's
    commitments, and the template's lookups, filters and translations per cell were most of
    the page's work with nothing kept (issue 18). The words every row repeats are translated once.
    """
    from_meeting, from_home = gettext("från träffen"), gettext("från hemmaplan")
    overdue = format_html(' <span class="badge badge--danger">{}</span>', gettext("Försenat"))
    no_update = gettext("ingen uppdatering")
    unreported = format_html("<strong>{}</strong>: {}", gettext("Ej redovisat"), no_update)

    def cells(c):
        title = c.title
        if link_commitments:
            url = reverse("commitments:detail", kwargs={"municipality": row.municipality.slug, "pk": c.pk})
            title = format_html('<a href="{}">{}</a>', url, c.title)
        status = format_html('<span class="badge status status--{}">{}</span>{}{}', c.status, c.status_label,
                             overdue if c.is_overdue else "",
                             format_html('\n<span class="role">{}</span>', c.not_done_reason)
                             if c.status == CommitmentStatus.NOT_DONE else "")
        if c.has_update:
            confidence = (" · " + gettext("tilltro %(n)s/10") % {"n": c.update_confidence}
                          if c.update_confidence is not None else "")
            update = format_html('<time datetime="{}">{}</time>{}<br>{}', c.update_on.isoformat(),
                                 date_text(c.update_on, "datum"), confidence, c.update_text)
        else:
            update = unreported if c.status == CommitmentStatus.PLANNED else no_update
        return (mark_safe(' class="row--warning"') if c.is_unreported else "", title, c.roles,
                from_meeting if c.from_meeting else from_home, status, update)

    return format_html_join(
        "\n",
        '<tr{}>\n<th scope="row">{}\n<span class="role">{} · {}</span></th>\n<td>{}</td>\n<td>{}</td>\n</tr>',
        (cells(c) for c in row.commitments),
    )


@register.simple_tag
def goal_commitment_items(commitments, municipality) -> SafeString:
    """The list items of a goal's commitments (``commitments/_goal_commitments.html``).

    Built here rather than by the template, as ``report_back_rows``: the include, the URL tag, the
    date filter and the translations per commitment were much of the goal page's work with nothing
    kept (issue 18). The words every item repeats are translated once.
    """
    overdue = format_html(' <span class="badge badge--danger">{}</span>', gettext("Försenat"))
    due = gettext("klart senast %(date)s")
    statuses = {value: str(label) for value, label in CommitmentStatus.choices}

    def item(c):
        url = reverse("commitments:detail", kwargs={"municipality": municipality.slug, "pk": c.pk})
        return (url, c.title, c.status, statuses.get(c.status, c.status), overdue if c.is_overdue else "",
                due % {"date": date_text(c.due_on, "datum")},
                format_html(" · {}", c.owner.full_name) if c.owner_id else "")

    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a> <span class="badge status status--{}">{}</span>{}\n<span class="role">{}{}</span></li>',
        (item(c) for c in commitments),
    )
