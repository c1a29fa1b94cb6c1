import html

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

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
def participation_table(attendance) -> str:
    """The whole of networks/_participation_table.html: how many registered (or came), and the
    table of them per municipality and level, its rows :func:`participation_rows`'.

    Built here as the rows are (issue 18): two blocktranslates, four translations and the levels'
    loop through the template language cost about as much as the rows built here. As the template
    gave them: the translations as they are, the numbers and labels escaped.
    """
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    taken = attendance.attendance_taken
    registered = attendance.total_registered
    # Each gettext() outside the f-strings: makemessages does not read inside one.
    if taken:
        summary = gettext("%(n)s närvarande av %(m)s anmälda.") % {
            "n": _esc(number(attendance.total_attended)), "m": _esc(number(registered))}
        caption = gettext("Närvarande per nivå (anmälda inom parentes)")
    else:
        summary = ngettext("%(n)s anmäld.", "%(n)s anmälda.", registered) % {"n": _esc(number(registered))}
        caption = gettext("Anmälda per nivå")
    municipality, all_four = gettext("Kommun"), gettext("Alla fyra nivåerna?")
    levels = "".join(f'<th scope="col" class="num">{_esc(label)}</th>' for _value, label in attendance.levels)
    return mark_safe(  # noqa: S308 (numbers and labels escaped; the translations as the template gave them)
        f'\n<p>{summary}</p>\n<div class="table-wrap">\n<table class="table participation-table">'
        f"\n  <caption>{caption}</caption>\n  <thead><tr>\n    <th scope=\"col\">{municipality}</th>"
        f'\n    {levels}\n    <th scope="col">{all_four}</th>\n  </tr></thead>\n  <tbody>'
        f"\n  {participation_rows(attendance)}\n  </tbody>\n</table>\n</div>\n"
    )


@register.simple_tag
def participation_rows(attendance) -> str:
    """The rows of networks/_participation_table.html: each municipality's name, its level cells
    (:func:`participation_cells`) and whether all four levels were there (or are registered).

    Built here: ten rows through the template language (a ``with``, a ``blocktranslate`` and a
    ``join`` each) were a good part of the meeting page with nothing cached (issue 18). The
    words every row repeats are translated once; the names and labels are escaped.
    """
    taken = attendance.attendance_taken
    # As the template's blocktranslate: the translation as it is, the value escaped.
    lacks = gettext("Saknar %(levels)s")
    yes = _esc(gettext("Ja"))
    html_rows = []
    for row in attendance.municipalities:
        missing = row.missing_attended_levels if taken else row.missing_registered_levels
        if missing:
            text = lacks % {"levels": ", ".join(_esc(label) for label in missing)}
            badge = f'<span class="badge badge--warning">{text}</span>'
        else:
            badge = f'<span class="badge badge--ok">{yes}</span>'
        warning = ' class="row--warning"' if missing else ""
        html_rows.append(
            f'\n    \n    <tr{warning}>'
            f'\n      <th scope="row">{_esc(row.municipality.name)}</th>'
            f'\n      {participation_cells(row, taken)}\n      <td>{badge}</td>\n    </tr>\n    \n  '
        )
    return mark_safe("".join(html_rows))  # noqa: S308 (names and labels escaped; the cells are numbers)


@register.simple_tag
def running_order(presentations, network_slug: str, mappings_available: bool) -> str:
    """The meeting page's running order: each municipality with its mapping's result and largest
    difference, or why there is none. Built here: ten items through {% url %} and blocktranslate
    were a good part of the meeting page with nothing cached (issue 18).

    One reverse() for all the links (the result's URL differs only by the mapping's id in its last
    part) and plain escaped strings rather than format_html per item: ten of each were a good part
    of what was left of the tag (issue 18). Names, titles and translations are escaped as before.
    """
    if mappings_available:
        why = gettext("Ingen publicerad kartläggning för omgången ännu.")
    else:
        why = gettext("Kartläggningens resultat visas här när kartläggningarna finns i tjänsten.")
    missing = f'<span class="role">{_esc(why)}</span>'
    # Translated and looked up once, not once an item.
    result_text, gap_text, separator = gettext("Resultat: %(mapping)s"), _gap_text(), get_format("DECIMAL_SEPARATOR")
    first, _, last = reverse("reviews:network_mapping", kwargs={"network": network_slug, "pk": 1}).rpartition("/1/")

    def item(p) -> str:
        name = _esc(p.municipality.name)
        if not p.mapping:
            return f"<li><strong>{name}</strong>\n{missing}</li>"
        url = _esc(f"{first}/{p.mapping.pk}/{last}")
        gap = p.results.largest_gap if p.results is not None else None
        result = _esc(result_text % {"mapping": p.mapping})
        return (f'<li><strong>{name}</strong>\n<span class="role"><a href="{url}">{result}</a></span>\n'
                f"{_gap_html(gap, gap_text, separator)}</li>")

    return mark_safe("\n".join(item(p) for p in presentations))  # noqa: S308 (names, titles and texts escaped)


@register.simple_tag
def meeting_hub(tools, agenda, can_plan: bool, network_slug: str, round_pk: int) -> str:
    """The meeting page's hub: the tools of the meeting the viewer may use (``MeetingTool``s), the
    planner's "Ändra träffen", and the agenda, each item linked to its tool when it names one.

    Built here: the loops over the tools and the agenda, a URL tag and three translations through
    the template language were a good part of the meeting page with nothing cached (issue 18). As
    the template gave them: the translations as they are, the tools' labels and URLs and the
    agenda's items escaped.
    """
    # Each gettext() outside the f-strings: makemessages does not read inside one.
    during = gettext("Under träffen")
    items = "".join(f'<li><a class="button button--secondary" href="{_esc(tool.url)}">{_esc(tool.label)}</a></li>'
                    for tool in tools)
    if can_plan:
        plan_url = _esc(reverse("networks:meeting_plan", kwargs={"network": network_slug, "round_id": round_pk}))
        change = gettext("Ändra träffen")
        plan = f'<li><a class="button button--secondary" href="{plan_url}">{change}</a></li>'
    else:
        plan = ""
    hub = (f'<nav class="card meeting-hub" aria-labelledby="hub-heading">\n  <h2 id="hub-heading">{during}</h2>'
           f'\n  <ul class="meeting-hub__list">\n    {items}\n    {plan}\n  </ul>\n</nav>\n\n')
    if not agenda:
        return mark_safe(hub)  # noqa: S308 (labels and URLs escaped; the translations as the template gave them)
    heading = gettext("Dagordning")
    points = "".join(
        f'<li><a href="{_esc(tool.url)}">{_esc(item)}</a></li>' if tool else f"<li>{_esc(item)}</li>"
        for item, tool in agenda
    )
    return mark_safe(  # noqa: S308 (labels, URLs and items escaped; the translations as the template gave them)
        f'{hub}\n<section class="card" aria-labelledby="agenda-heading">\n  <h2 id="agenda-heading">{heading}</h2>'
        f'\n  <ol class="agenda">{points}</ol>\n</section>\n'
    )


@register.simple_tag
def meeting_head(meeting, phase: str, is_over: bool, my_registration, can_register: bool, network_slug: str) -> str:
    """The meeting page's head: its heading and phase, its round's title, when and where, and the
    viewer's registration (``my_registration``: theirs or None).

    Built here: two blocktranslates, three date filters, two URL tags and a dozen translations
    through the template language were a good part of the meeting page with nothing cached
    (issue 18). As the template gave them: ``translate``'s and ``blocktranslate``'s translations as
    they are, every value escaped.
    """
    # Each gettext() outside the f-strings: makemessages does not read inside one.
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    heading = gettext("Nätverksträff, omgång %(n)s") % {"n": _esc(number(meeting.round.number))}
    if is_over:
        phase_text = gettext("Genomförd")
    elif phase == "meeting":
        phase_text = gettext("Pågår i dag")
    else:
        phase_text = gettext("Kommande")
    title = meeting.round.title
    lead = f'<p class="lead">{_esc(title)}</p>' if title else ""
    when, date_word, time_word = gettext("När och var"), gettext("Datum"), gettext("Tid")
    facts = (f"\n      <dt>{date_word}</dt><dd>{_esc(datum(meeting.starts, 'veckodag'))}</dd>"
             f"\n      <dt>{time_word}</dt><dd>{_esc(datum(meeting.starts, 'klocka'))}–{_esc(datum(meeting.ends, 'klocka'))}</dd>")
    place = ""
    if meeting.place:
        place_word = gettext("Plats")
        place = f"<dt>{place_word}</dt><dd>{_esc(meeting.place)}</dd>"
    video = ""
    if meeting.video_link:
        video_word, link = gettext("Videolänk"), _esc(meeting.video_link)
        video = f'<dt>{video_word}</dt><dd><a href="{link}">{link}</a></dd>'
    kwargs = {"network": network_slug, "meeting_id": meeting.pk}
    ical, ical_text = _esc(reverse("networks:meeting_ical", kwargs=kwargs)), gettext("Lägg till i din kalender (.ics)")
    yours = gettext("Din anmälan")
    open_ = can_register and not is_over
    if my_registration:
        registered = gettext("Anmäld")
        from_text = gettext("Du är anmäld från %(municipality)s som %(level)s.") % {
            "municipality": _esc(my_registration.municipality.name), "level": _esc(my_registration.get_level_display())}
        group = my_registration.group
        group_text = ""
        if group:
            group_text = gettext("Du är i grupp %(n)s.") % {"n": _esc(number(group.number))}
            if group.room:
                group_text += " " + gettext("Rum: %(room)s.") % {"room": _esc(group.room)}
        status = (f'\n      <p><span class="badge badge--ok">{registered}</span>\n        {from_text}'
                  f"\n        {group_text}\n      </p>\n    ")
    else:
        if open_:
            text = gettext("Du är inte anmäld ännu.")
        elif can_register:
            text = gettext("Du var inte anmäld till träffen.")
        else:
            text = gettext("Processledare anmäler sig inte; deltagarna kommer från nätverkets kommuner.")
        status = f"\n      <p>{text}</p>\n    "
    register_button = ""
    if open_:
        register_url, register_text = _esc(reverse("networks:meeting_register", kwargs=kwargs)), gettext("Anmälan")
        register_button = f'<p><a class="button" href="{register_url}">{register_text}</a></p>'
    return mark_safe(  # noqa: S308 (values escaped; the translations as translate and blocktranslate give them)
        f'<div class="page-head">\n  <h1>{heading}</h1>\n  <span class="phase phase--{_esc(phase)}">{phase_text}</span>'
        f"\n</div>\n{lead}\n\n"
        f'<div class="grid grid--2">\n  <section class="card card--meeting" aria-labelledby="when-heading">'
        f'\n    <h2 id="when-heading">{when}</h2>\n    <dl class="facts">{facts}\n      {place}\n      {video}'
        f'\n    </dl>\n    <p><a href="{ical}">{ical_text}</a></p>\n  </section>\n\n'
        f'  <section class="card" aria-labelledby="registration-heading">'
        f'\n    <h2 id="registration-heading">{yours}</h2>\n    {status}\n    {register_button}\n  </section>\n</div>\n'
    )


@register.simple_tag
def largest_gap(results) -> str:
    """A presentation's largest difference between levels on the meeting page, or nothing.

    Built here: ten of them through blocktranslate and floatformat were a good part of the
    meeting page with nothing cached (issue 18). The figures are the shown means (the results'
    ``largest_gap``: the first of their gaps).
    """
    gap = results.largest_gap if results is not None else None
    if gap is None:
        return ""
    return _gap_html(gap, _gap_text(), get_format("DECIMAL_SEPARATOR"))


def _gap_text() -> str:
    return gettext("Största skillnaden: %(statement)s – %(high_label)s %(high)s, %(low_label)s %(low)s")


def _gap_html(gap, text: str, separator: str) -> str:
    """:func:`largest_gap`'s item, with its translation (:func:`_gap_text`) and decimal separator given."""
    if gap is None:
        return ""
    text = text % {
        "statement": gap.statement.label, "high_label": gap.high_label, "high": _one_decimal(gap.high, separator),
        "low_label": gap.low_label, "low": _one_decimal(gap.low, separator),
    }
    return mark_safe(f'<span class="role">{_esc(text)}</span>')  # noqa: S308 (the text escaped)


@register.simple_tag
def member_table(members, show_contacts: bool) -> str:
    """The whole of networks/_member_table.html: the table of the member municipalities, its head
    and :func:`member_rows`. Built here as the rows are (issue 18): the caption and seven headings
    through ``{% translate %}`` cost the network home about as much as the ten rows built here.
    """
    # Each gettext() on its own: makemessages reads only a call with a literal.
    caption = gettext("Kommuner i nätverket och deras medlemmar per nivå")
    municipality, since = gettext("Kommun"), gettext("Med sedan")
    levels = (gettext("Nämnd"), gettext("Förvaltning"), gettext("Rektor"), gettext("Lärare"))
    coordinators = gettext("Samordnare")
    level_heads = "".join(f'\n      <th scope="col" class="num">{_esc(head)}</th>' for head in levels)
    return mark_safe(  # noqa: S308 (every text escaped; the rows are member_rows', escaped there)
        f'<div class="table-wrap">\n<table class="table">\n  <caption>{_esc(caption)}</caption>\n  <thead>'
        f'\n    <tr>\n      <th scope="col">{_esc(municipality)}</th>\n      <th scope="col">{_esc(since)}</th>'
        f'{level_heads}\n      <th scope="col">{_esc(coordinators)}</th>\n    </tr>\n  </thead>\n  <tbody>'
        f'\n  {member_rows(members, show_contacts)}\n  </tbody>\n</table>\n</div>'
    )


def _esc(text) -> str:
    """As Django's ``escape`` (which is ``html.escape`` of the text), without its lazy-text wrapper:
    the tags below call it for every cell of a table."""
    return html.escape(str(text))


def member_rows(members, show_contacts: bool) -> str:
    """The rows of the members table (the MemberRow rows :func:`member_table` gets), or the
    empty row: each municipality's name, what levels it lacks, when it joined, its members per
    level and its coordinators (with their e-mail when ``show_contacts``).

    Built here: ten rows through the template language were a good part of the network home
    with nothing cached (issue 18). The words are translated once, not once a row.
    """
    # Each gettext() outside the f-strings: makemessages does not read inside one, and would drop
    # the English of a text it cannot see.
    if not members:
        empty = _esc(gettext("Inga kommuner är med ännu."))
        return mark_safe(f'\n    <tr><td colspan="7">{empty}</td></tr>\n  ')  # noqa: S308 (a translated text, escaped)
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    lacks = gettext("saknar: %(levels)s")
    none_text = _esc(gettext("ingen"))
    nobody = f'<span class="muted">{none_text}</span>'
    dates: dict = {}  # the members joined on a few dates: each shown once
    html_rows = []
    for row in members:
        membership = row.membership
        missing = row.missing_levels
        badge = (
            f'<br><span class="badge badge--warning">{lacks % {"levels": ", ".join(_esc(label) for label in missing)}}</span>'
            if missing else ""
        )
        cells = "".join(
            f'<td class="num{"" if n else " cell--warning"}">{number(n)}</td>' for _value, _label, n in row.level_counts
        )
        if show_contacts:
            people = [f'{_esc(name)} <a href="mailto:{_esc(email)}">{_esc(email)}</a>'
                      for name, email in row.coordinators]
        else:
            people = [_esc(name) for name, _email in row.coordinators]
        joined = membership.joined_on
        if joined not in dates:
            dates[joined] = _esc(datum(joined))
        html_rows.append(
            f'\n    <tr>\n      <th scope="row">{_esc(membership.municipality.name)}\n        {badge}</th>'
            f'\n      <td>{dates[joined]}</td>\n      {cells}'
            f'\n      <td>{"<br>".join(people) or nobody}</td>\n    </tr>\n  '
        )
    return mark_safe("".join(html_rows))  # noqa: S308 (names, e-mails and labels escaped above; the rest are numbers)


@register.simple_tag
def rounds_card(panel, network) -> str:
    """The network home's rounds card (networks/_home_rounds.html), from the ``RoundsPanel`` the
    view read: the rounds done, each round's phase, the next meeting.

    Built here as the members table is (issue 18): its translations, two URL tags and two date
    filters through the template language were most of the card's work with nothing cached.
    """
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    heading = gettext("Omgångar och träffar")
    # As blocktranslate gives it: the translation as it is, the values (numbers) escaped.
    done = gettext("%(done)s av %(agreed)s omgångar genomförda.") % {
        "done": _esc(number(panel.completed)), "agreed": _esc(number(network.agreed_rounds))}
    steps = (f'\n  <ol class="round-steps">\n    {round_steps(panel.rounds)}\n  </ol>\n  '
             if panel.rounds else "")
    meeting = panel.next_meeting
    if meeting is not None:
        next_text = gettext("Nästa träff:")
        url = reverse("networks:meeting", kwargs={"network": network.slug, "meeting_id": meeting.pk})
        place = f" · {_esc(meeting.place)}" if meeting.place else ""
        coming = (f'\n    <p>{_esc(next_text)} <a href="{_esc(url)}">{_esc(datum(meeting.starts))}, '
                  f'{_esc(datum(meeting.starts, "klocka"))}</a>{place}</p>\n  ')
    else:
        none_planned = gettext("Ingen träff är planerad.")
        coming = f"\n    <p>{_esc(none_planned)}</p>\n  "
    all_text = gettext("Alla omgångar och träffar")
    all_url = reverse("networks:meetings", kwargs={"network": network.slug})
    return mark_safe(  # noqa: S308 (texts and the place escaped; blocktranslate's translation as it is)
        f'\n<section class="card card--meeting" aria-labelledby="rounds-panel-heading">'
        f'\n  <h2 id="rounds-panel-heading">{_esc(heading)}</h2>\n  <p>{done}</p>\n  {steps}\n  {coming}'
        f'\n  <p><a href="{_esc(all_url)}">{_esc(all_text)}</a></p>\n</section>\n'
    )


def round_steps(rounds) -> str:
    """The items of the rounds card's list: each round, its phase.

    Built here for the same reason as :func:`member_rows` (issue 18): "Omgång" translated once,
    each phase's label and class once.
    """
    title = gettext("Omgång %(n)s")
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    phases = {}
    for row in rounds:
        if row.phase not in phases:
            phase = _esc(row.phase)
            phases[row.phase] = (f'<li class="round-step round-step--{phase}">',
                                 f': <span class="phase phase--{phase}">{_esc(row.phase_label)}</span></li>')
    return "".join(
        f'\n      {phases[row.phase][0]}{title % {"n": number(row.round.number)}}{phases[row.phase][1]}\n    '
        for row in rounds
    )


@register.simple_tag
def municipality_round_cards(phases) -> str:
    """The municipality home's round cards (networks/_municipality_round_panel.html): where the
    municipality stands in each of its networks (``municipality_round_phases``) and the next meeting.

    Built here as the network home's rounds card is (issue 18): two blocktranslates, a URL tag and
    a date filter per network through the template language were most of the cards' work with
    nothing cached. As blocktranslate gives them: the translations as they are, the values escaped.
    """
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    # Each gettext() on its own: makemessages reads only a call with a literal.
    where, of = gettext("Läget i %(name)s"), gettext("Omgång %(n)s av %(agreed)s")
    next_text = _esc(gettext("Nästa nätverksträff:"))
    cards = []
    for network, phase, meeting in phases:
        pk = _esc(number(network.pk))
        kind = "card--attention" if phase.is_home_phase else "card--meeting"
        round_of = (of % {"n": _esc(number(phase.round.number)), "agreed": _esc(number(phase.agreed_rounds))} + ": "
                    if phase.round else "")
        coming = ""
        if meeting:
            url = reverse("networks:meeting", kwargs={"network": network.slug, "meeting_id": meeting.pk})
            coming = f'<p>{next_text} <a href="{_esc(url)}">{_esc(datum(meeting.starts))}</a></p>'
        cards.append(
            f'\n<section class="card {kind}" aria-labelledby="round-panel-{pk}">'
            f'\n  <h2 id="round-panel-{pk}">{where % {"name": _esc(network.name)}}</h2>'
            f'\n  <p>{round_of}<span class="phase phase--{_esc(phase.phase)}">{_esc(phase.phase_label)}</span></p>'
            f"\n  {coming}\n</section>\n"
        )
    return mark_safe("".join(cards))  # noqa: S308 (names and labels escaped; blocktranslate's translations as they are)
