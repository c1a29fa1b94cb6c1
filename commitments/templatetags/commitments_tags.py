"""Tags for the commitments' pages."""

import html
from collections import Counter

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext

from commitments.models import CommitmentStatus
from core.dates import date_text, day_texts
from core.templatetags.datum import datum

register = template.Library()

# What html.escape (and so Django's escape) replaces, in one pass over the text.
_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _escape(text) -> str:
    """conditional_escape's text, in one call for a plain str: fifty rows of a dozen texts each
    were a good part of the list's work through conditional_escape (issue 18)."""
    if type(text) is str:
        return text.translate(_HTML_ESCAPES)
    return conditional_escape(text)


class _ReportBackWords:
    """The words and markup every report-back row or section repeats, translated and escaped once
    per tag (issue 18). ``dates``: each update's day as text, built once per day shown."""

    HEADS = (gettext_noop("Åtagande"), gettext_noop("Status"), gettext_noop("Senaste uppdatering"))

    def __init__(self):
        esc = html.escape
        self.number = localize if settings.USE_THOUSAND_SEPARATOR else str
        self.from_meeting, self.from_home = esc(gettext("från träffen")), esc(gettext("från hemmaplan"))
        self.overdue = f' <span class="badge badge--danger">{esc(gettext("Försenat"))}</span>'
        self.no_update = esc(gettext("ingen uppdatering"))
        self.unreported = f"<strong>{esc(gettext('Ej redovisat'))}</strong>: {self.no_update}"
        self.confidence = gettext("tilltro %(n)s/10")
        # Each status's count badge up to its number, in the order of the choices.
        self.count_badges = [(value, f'<span class="badge status status--{esc(value)}">{esc(str(label))}: ')
                             for value, label in CommitmentStatus.choices]
        # The section's: blocktranslate's translation as it is (the name escaped), translate's escaped.
        self.caption = gettext("Åtaganden som %(name)s redovisar")
        # On a phone the latest update folds into the commitment's cell (wide-only / narrow-only,
        # as the commitments list): a third column made the table scroll sideways.
        heads = [esc(gettext(text)) for text in self.HEADS]
        self.heads = (f'<th scope="col">{heads[0]}</th><th scope="col">{heads[1]}</th>'
                      f'<th scope="col" class="wide-only">{heads[2]}</th>')
        self.update_head = heads[2]
        self.empty = esc(gettext("Inga åtaganden att redovisa."))
        self.dates: dict = {}
        self.badges: dict = {}  # each status's badge, by its value and label
        self._detail = None

    def date(self, day) -> str:
        text = self.dates.get(day)
        if text is None:
            text = self.dates[day] = html.escape(date_text(day, "datum"))
        return text

    def detail_url(self, municipality_slug: str, pk: int) -> str:
        # One reverse() per municipality: the detail URL differs only by the id in its last part.
        if self._detail is None or self._detail[0] != municipality_slug:
            url = reverse("commitments:detail", kwargs={"municipality": municipality_slug, "pk": 1})
            first, _, last = url.rpartition("/1/")
            self._detail = (municipality_slug, html.escape(first), html.escape(last))
        _slug, first, last = self._detail
        return f"{first}/{pk}/{last}"


def _report_back_rows_html(row, link_commitments: bool, words: _ReportBackWords) -> str:
    """The ``<tr>`` rows of one municipality's commitments, joined by newlines; every text escaped
    (``str.translate`` with html.escape's table: one call a text, not six)."""
    table = _HTML_ESCAPES
    not_done, planned = CommitmentStatus.NOT_DONE, CommitmentStatus.PLANNED
    slug, badges = row.municipality.slug, words.badges
    html_rows = []
    for c in row.commitments:
        title = c.title.translate(table)
        if link_commitments:
            title = f'<a href="{words.detail_url(slug, c.pk)}">{title}</a>'
        status = c.status
        badge = badges.get((status, c.status_label))
        if badge is None:
            badge = badges[status, c.status_label] = (
                f'<span class="badge status status--{status.translate(table)}">{c.status_label.translate(table)}</span>')
        reason = f'\n<span class="role">{c.not_done_reason.translate(table)}</span>' if status == not_done else ""
        if c.has_update:
            confidence = ((" · " + words.confidence % {"n": c.update_confidence}).translate(table)
                          if c.update_confidence is not None else "")
            update = (f'<time datetime="{c.update_on.isoformat()}">{words.date(c.update_on)}</time>'
                      f"{confidence}<br>{c.update_text.translate(table)}")
            warning = ""
        elif status == planned:
            update, warning = words.unreported, ' class="row--warning"'
        else:
            update, warning = words.no_update, ""
        html_rows.append(
            f'<tr{warning}>\n<th scope="row">{title}\n<span class="role">{c.roles.translate(table)} · '
            f'{words.from_meeting if c.from_meeting else words.from_home}</span>'
            f'\n<span class="narrow-only report-back__update">{words.update_head}: {update}</span></th>\n'
            f'<td>{badge}{words.overdue if c.is_overdue else ""}{reason}</td>\n<td class="wide-only">{update}</td>\n</tr>'
        )
    return "\n".join(html_rows)


@register.simple_tag
def report_back_rows(row, link_commitments: bool = False) -> SafeString:
    """The table rows of one municipality's report-back (``ReportBackRow``): each commitment with
    its status and latest update, as ``report_back_section`` shows them.

    Built here rather than by the template: a network's report-back shows every member's
    commitments, and the template's lookups, filters and translations per cell were most of
    the page's work with nothing kept (issue 18). The words every row repeats are translated once.
    """
    return mark_safe(_report_back_rows_html(row, link_commitments, _ReportBackWords()))  # noqa: S308 (every text escaped)


def _report_back_section_html(row, heading_level: int, link_commitments: bool, words: _ReportBackWords) -> str:
    """One municipality's ``<section>``, as ``commitments/_report_back_row.html`` gave it."""
    number = words.number
    slug, name = row.municipality.slug.translate(_HTML_ESCAPES), row.municipality.name.translate(_HTML_ESCAPES)
    tag = "h3" if heading_level == 3 else "h2"
    per_status = Counter([c.status for c in row.commitments])
    counts = "".join([f"{badge}{number(per_status[value])}</span> " for value, badge in words.count_badges])
    missing = sum(1 for c in row.commitments if not c.has_update and c.status == CommitmentStatus.PLANNED)
    if missing:
        # As blocktranslate gives it: the translation as it is, the number in it.
        text = ngettext("%(n)s ej redovisat", "%(n)s ej redovisade", missing) % {"n": number(missing)}
        missing = f'<span class="badge badge--warning">{text}</span>'
    else:
        missing = ""
    head = (f'<section class="card report-back" aria-labelledby="rb-{slug}">\n  <{tag} id="rb-{slug}">{name}</{tag}>'
            f'\n  <p class="status-counts">{counts}\n    {missing}</p>\n  ')
    if not row.commitments:
        return f"{head}\n    <p>{words.empty}</p>\n  \n</section>"
    caption = words.caption % {"name": name}
    return (
        f'{head}\n  <div class="table-wrap">\n  <table class="table">'
        f'\n    <caption class="visually-hidden">{caption}</caption>\n    <thead><tr>\n      {words.heads}'
        f'\n    </tr></thead>\n    <tbody>\n    {_report_back_rows_html(row, link_commitments, words)}'
        f'\n    </tbody>\n  </table>\n  </div>\n  \n</section>'
    )


@register.simple_tag
def report_back_section(row, heading_level: int = 2, link_commitments: bool = False) -> SafeString:
    """One municipality's report-back (``commitments/_report_back_row.html``): its counts per
    status, how many are not reported on, and its commitments' table (``report_back_rows``).

    Built here rather than by the template, as ``report_back_rows``: the include's lookups, loops
    and translations per municipality were much of the network report-back's work (issue 18).
    ``heading_level`` 2 or 3; ``link_commitments`` for the municipality's own page.
    """
    return mark_safe(_report_back_section_html(row, heading_level, link_commitments, _ReportBackWords()))  # noqa: S308 (every text escaped)


@register.simple_tag
def report_back_sections(rows, heading_level: int = 2, link_commitments: bool = False) -> SafeString:
    """Every member's ``report_back_section``, as the report-back page's loop over
    ``commitments/_report_back_row.html`` gave them (its blank lines included): the words the
    sections repeat are translated once for all of them (issue 18)."""
    words = _ReportBackWords()
    return mark_safe("".join(  # noqa: S308 (every text escaped)
        f"\n  \n{_report_back_section_html(row, heading_level, link_commitments, words)}\n\n" for row in rows
    ))


@register.simple_tag
def goal_commitment_items(commitments, municipality) -> SafeString:
    """The list items of a goal's commitments (``commitments/_goal_commitments.html``), from
    ``commitments_for_goal``'s rows.

    Built here rather than by the template, as ``report_back_rows``: the include, the URL tag, the
    date filter and the translations per commitment were much of the goal page's work with nothing
    kept (issue 18). The words every item repeats are translated once.
    """
    overdue = format_html(' <span class="badge badge--danger">{}</span>', gettext("Försenat"))
    due = gettext("klart senast %(date)s")
    statuses = {value: _escape(label) for value, label in CommitmentStatus.choices}
    # One reverse() for all of them: the detail URL differs only by the id in its last part.
    first, _, last = reverse("commitments:detail", kwargs={"municipality": municipality.slug, "pk": 1}).rpartition("/1/")
    dates: dict = {}  # the commitments fall due on a few dates: each written once
    day_text = day_texts()  # the date style's words translated once, not twice a date

    def item(c) -> str:
        # As format_html gave it: every value escaped (the overdue badge is safe already).
        if c.due_on not in dates:
            dates[c.due_on] = _escape(due % {"date": day_text(c.due_on)})
        status = _escape(c.status)
        owner = f" · {_escape(c.owner_name)}" if c.owner_name is not None else ""
        return (f'<li><a href="{_escape(f"{first}/{c.pk}/{last}")}">{_escape(c.title)}</a> '
                f'<span class="badge status status--{status}">{statuses.get(c.status, status)}</span>'
                f'{overdue if c.is_overdue else ""}\n<span class="role">{dates[c.due_on]}{owner}</span></li>')

    # Plain escaped strings, not format_html per item: a goal's twenty commitments through it were
    # most of the tag's work with nothing kept (issue 18).
    return mark_safe("\n".join(item(c) for c in commitments))  # noqa: S308 (every value escaped)


@register.simple_tag
def success_panels(factors) -> SafeString:
    """The three success factors' cards of ``commitments/_success_panels.html`` (the
    ``SuccessFactors`` the page's view read): each figure with its rule, participation per level.

    Built here rather than by the template: the panels' lookups and translations per figure were
    a good part of both home pages with nothing cached (issue 18). The words every figure or row
    repeats are translated once. Every text is escaped; the numbers are ints.
    """
    esc = conditional_escape
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    # Each gettext() outside the f-strings: makemessages does not read inside one.
    missing_text = esc(gettext("uppgift saknas"))
    missing = f'<span class="badge">{missing_text}</span>'
    caption, level_head = esc(gettext("Deltagande per nivå")), esc(gettext("Nivå"))
    home_head, meetings_head = esc(gettext("Hemma")), esc(gettext("På träffar"))

    def figure(f) -> str:
        if f.value is None:
            shown = missing
        else:
            percent = f.percent
            share = f' <span class="muted nowrap">({number(percent)}&nbsp;%)</span>' if percent is not None else ""
            shown = f"<strong>{esc(f.value)}</strong>{share}"
        return (f'\n          <div class="figure">\n            <dt>{esc(f.label)}</dt>\n            <dd>{shown}'
                f'\n              <p class="rule">{esc(f.rule)}</p></dd>\n          </div>')

    def level_row(row) -> str:
        home, meetings = row.home, row.meetings
        home_class = ' class="cell--warning"' if home.part == 0 else ""
        home_shown = missing_text if home.value is None else f'<span class="nowrap">{esc(home.value)}</span>'
        meetings_class = ' class="cell--warning"' if meetings.part == 0 and meetings.whole else ""
        return (f'\n          <tr>\n            <th scope="row">{esc(row.label)}</th>'
                f'\n            <td{home_class}>{home_shown}</td>'
                f'\n            <td{meetings_class}><span class="nowrap">{esc(meetings.value)}</span></td>\n          </tr>')

    html = []
    for panel in factors.panels:
        key = esc(panel.key)
        html.append(f'\n    <section class="card success-panel success-panel--{key}" aria-labelledby="sf-{key}">'
                    f'\n      <h3 id="sf-{key}">{esc(panel.title)}</h3>')
        if panel.figures:
            html.append('\n      <dl class="figures">' + "".join(figure(f) for f in panel.figures) + "\n      </dl>")
        if panel.levels:
            html.append(
                f'\n      <table class="table table--compact">\n        <caption>{caption}</caption>'
                f'\n        <thead><tr><th scope="col">{level_head}</th><th scope="col">{home_head}</th>'
                f'<th scope="col">{meetings_head}</th></tr></thead>\n        <tbody>'
                + "".join(level_row(row) for row in panel.levels)
                + f'\n        </tbody>\n      </table>\n      <p class="rule">{esc(panel.rule)}</p>'
            )
        html.append("\n    </section>")
    return mark_safe("".join(html))  # noqa: S308 (every text escaped above; the rest are numbers and markup)


@register.simple_tag
def latest_meeting_items(meetings, network_slug: str) -> SafeString:
    """The list items of the network home's feedback and report-back links
    (``commitments/_network_panels.html``): each meeting's round and date, and its two links.

    Built here rather than by the template, as ``success_panels``: two URL tags and four
    translations per meeting were a good part of the network home's own template work with
    nothing cached (issue 18). The words every item repeats are translated once.
    """
    # As the template's blocktranslate: the translation as it is, the values escaped.
    title, hidden = gettext("Omgång %(n)s, %(date)s"), gettext("omgång %(n)s")
    feedback, report_back = conditional_escape(gettext("Återkoppling")), conditional_escape(gettext("Redovisning"))
    number = localize if settings.USE_THOUSAND_SEPARATOR else str

    def item(m) -> str:
        n = conditional_escape(number(m.round.number))
        kwargs = {"network": network_slug, "meeting": m.pk}
        feedback_url = conditional_escape(reverse("commitments:meeting_feedback", kwargs=kwargs))
        report_back_url = conditional_escape(reverse("commitments:report_back", kwargs=kwargs))
        round_n = hidden % {"n": n}
        return (f'\n    <li>{title % {"n": n, "date": conditional_escape(datum(m.starts))}}:'
                f'\n      <a href="{feedback_url}">{feedback}<span class="visually-hidden"> {round_n}</span></a> ·'
                f'\n      <a href="{report_back_url}">{report_back}<span class="visually-hidden"> {round_n}</span></a>'
                '</li>\n  ')

    return mark_safe("".join(item(m) for m in meetings))  # noqa: S308 (translations as blocktranslate gives them; the rest escaped)


@register.simple_tag
def commitment_card(panel, municipality_slug: str) -> SafeString:
    """The municipality home's commitments card (``commitments/_municipality_panels.html``) from
    the ``CommitmentPanel`` the view read: the open commitments, the first three overdue, the links.

    Built here as ``success_panels`` is: four blocktranslates and four URL tags through the
    template language were most of the card's work with nothing cached (issue 18). As
    blocktranslate and translate give them: blocktranslate's translations as they are,
    translate's escaped, every value escaped.
    """
    esc = conditional_escape
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    slug = {"municipality": municipality_slug}
    open_count, overdue, feedback = panel.open_count, panel.overdue, panel.feedback_count
    open_text = ngettext("%(n)s pågående eller planerat åtagande.", "%(n)s pågående eller planerade åtaganden.",
                         open_count) % {"n": esc(number(open_count))}
    badge, items = "", ""
    if overdue:
        late = ngettext("%(n)s försenat", "%(n)s försenade", len(overdue)) % {"n": esc(number(len(overdue)))}
        badge = f'<span class="badge badge--danger">{late}</span>'
        due = gettext("skulle vara klart %(date)s")
        items = "".join(
            f'<li><a href="{esc(reverse("commitments:detail", kwargs={**slug, "pk": c.pk}))}">{esc(c.title)}</a>'
            f' <span class="muted">{due % {"date": esc(datum(c.due_on, "dag"))}}</span></li>'
            for c in overdue[:3]
        )
        items = f'<ul class="link-list">{items}</ul>'
    feedback_text = ngettext("%(n)s återkoppling", "%(n)s återkopplingar", feedback) % {"n": esc(number(feedback))}
    heading, all_text, report_back = gettext("Åtaganden"), gettext("Alla åtaganden"), gettext("Redovisning")
    return mark_safe(  # noqa: S308 (texts and values escaped; blocktranslate's translations as they are)
        f'<section class="card card--attention" aria-labelledby="commitments-heading">'
        f'\n  <h2 id="commitments-heading">{esc(heading)}</h2>\n  <p>{open_text}\n    {badge}</p>\n  {items}'
        f'\n  <p><a href="{esc(reverse("commitments:list", kwargs=slug))}">{esc(all_text)}</a> ·'
        f'\n     <a href="{esc(reverse("commitments:feedback_received", kwargs=slug))}">{feedback_text}</a> ·'
        f'\n     <a href="{esc(reverse("commitments:municipality_report_back", kwargs=slug))}">{esc(report_back)}</a></p>'
        "\n</section>"
    )


@register.simple_tag
def commitment_rows(rows, municipality_slug: str) -> SafeString:
    """The table rows of the commitments list (``commitments/list.html``) from the page's
    ``CommitmentRow`` objects, as the template's loop gave them.

    Built here as ``report_back_rows`` is: fifty rows of a dozen lookups, conditions, a URL tag
    and filters each through the template language were most of the list's work with nothing
    kept (issue 18). Every text is escaped; the numbers are ints.
    """
    esc = _escape
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    overdue = f' <span class="badge badge--danger">{esc(gettext("Försenat"))}</span>'
    # One reverse() for all of them: the detail URL differs only by the id in its last part.
    first, _, last = reverse("commitments:detail", kwargs={"municipality": municipality_slug, "pk": 1}).rpartition("/1/")

    def row(c) -> str:
        made_at = f'<span class="role">{esc(c.made_at)}</span>' if c.made_at else ""
        owner = f" · {esc(c.owner_name)}" if c.owner_name is not None else ""
        schools = "<br>" + ", ".join(esc(s) for s in c.schools) if c.schools else ""
        last_update = f'<span class="role">{esc(c.last_update_on)}</span>' if c.last_update_on else ""
        warning = ' class="row--warning"' if c.is_overdue else ""
        # On a phone the four last columns are folded into the first (CSS), instead of scrolling sideways.
        return (f'\n    <tr{warning}>'
                f'\n      <th scope="row"><a href="{esc(f"{first}/{c.pk}/{last}")}">{esc(c.title)}</a>'
                f"\n        {made_at}\n        \n"
                f'        <span class="role narrow-only">{esc(c.due_line)}{owner} · {esc(c.updates_line)}</span></th>'
                f'\n      <td><span class="badge status status--{esc(c.status)}">{esc(c.status_label)}</span>'
                f'{overdue if c.is_overdue else ""}</td>'
                f'\n      <td class="wide-only">{esc(c.due_on)}</td>'
                f'\n      <td class="wide-only">{esc(c.owner_name) if c.owner_name else "–"}</td>'
                f'\n      <td class="wide-only">{esc(c.levels)}{schools}</td>'
                f'\n      <td class="num wide-only">{esc(number(c.update_count))}{last_update}</td>\n    </tr>\n  ')

    return mark_safe("".join(row(c) for c in rows))  # noqa: S308 (every text escaped above; the rest is markup)
