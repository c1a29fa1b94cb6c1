"""The network home's parts built by tags (issue 18) give what the template loops gave before."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import timezone, translation

from commitments.templatetags.commitments_tags import latest_meeting_items
from networks.selectors import Contact, MemberRow, Phase, RoundRow, RoundsPanel
from networks.templatetags.networks_tags import member_rows, member_table, round_steps, rounds_card

# The templates the tags replaced, as networks/_member_table.html, _rounds_panel.html (included by
# _home_rounds.html) and commitments/_network_panels.html had them. The members' coordinators were
# Membership rows then (``c.user``); the tags get the names and addresses (networks.selectors.Contact).
OLD_MEMBER_ROWS = """{% load i18n %}{% for row in members %}
    <tr>
      <th scope="row">{{ row.membership.municipality.name }}
        {% if row.missing_levels %}<br><span class="badge badge--warning">{% blocktranslate with levels=row.missing_levels|join:", " %}saknar: {{ levels }}{% endblocktranslate %}</span>{% endif %}</th>
      <td>{{ row.membership.joined_on|datum }}</td>
      {% for value, label, n in row.level_counts %}<td class="num{% if not n %} cell--warning{% endif %}">{{ n }}</td>{% endfor %}
      <td>{% for c in row.coordinators %}{{ c.user.full_name }}{% if show_contacts %} <a href="mailto:{{ c.user.email }}">{{ c.user.email }}</a>{% endif %}{% if not forloop.last %}<br>{% endif %}{% empty %}<span class="muted">{% translate "ingen" %}</span>{% endfor %}</td>
    </tr>
  {% empty %}
    <tr><td colspan="7">{% translate "Inga kommuner är med ännu." %}</td></tr>
  {% endfor %}"""

OLD_MEMBER_TABLE = """{% load i18n %}
<div class="table-wrap">
<table class="table">
  <caption>{% translate "Kommuner i nätverket och deras medlemmar per nivå" %}</caption>
  <thead>
    <tr>
      <th scope="col">{% translate "Kommun" %}</th>
      <th scope="col">{% translate "Med sedan" %}</th>
      <th scope="col" class="num">{% translate "Nämnd" %}</th>
      <th scope="col" class="num">{% translate "Förvaltning" %}</th>
      <th scope="col" class="num">{% translate "Rektor" %}</th>
      <th scope="col" class="num">{% translate "Lärare" %}</th>
      <th scope="col">{% translate "Samordnare" %}</th>
    </tr>
  </thead>
  <tbody>
  """ + OLD_MEMBER_ROWS.removeprefix("{% load i18n %}") + """
  </tbody>
</table>
</div>
"""

OLD_ROUND_STEPS = """{% load i18n %}{% for row in rounds %}
      <li class="round-step round-step--{{ row.phase }}">{% blocktranslate with n=row.round.number %}Omgång {{ n }}{% endblocktranslate %}: <span class="phase phase--{{ row.phase }}">{{ row.phase_label }}</span></li>
    {% endfor %}"""

OLD_ROUNDS_PANEL = """{% load i18n %}
<section class="card card--meeting" aria-labelledby="rounds-panel-heading">
  <h2 id="rounds-panel-heading">{% translate "Omgångar och träffar" %}</h2>
  <p>{% blocktranslate with done=completed agreed=network.agreed_rounds %}{{ done }} av {{ agreed }} omgångar genomförda.{% endblocktranslate %}</p>
  {% if rounds %}
  <ol class="round-steps">
    """ + OLD_ROUND_STEPS.removeprefix("{% load i18n %}") + """
  </ol>
  {% endif %}
  {% if next_meeting %}
    <p>{% translate "Nästa träff:" %} <a href="{% url 'networks:meeting' network=network.slug meeting_id=next_meeting.pk %}">{{ next_meeting.starts|datum }}, {{ next_meeting.starts|datum:"klocka" }}</a>{% if next_meeting.place %} · {{ next_meeting.place }}{% endif %}</p>
  {% else %}
    <p>{% translate "Ingen träff är planerad." %}</p>
  {% endif %}
  <p><a href="{% url 'networks:meetings' network=network.slug %}">{% translate "Alla omgångar och träffar" %}</a></p>
</section>
"""

OLD_MEETING_LINKS = """{% load i18n %}{% for m in meetings %}
    <li>{% blocktranslate with n=m.round.number date=m.starts|datum %}Omgång {{ n }}, {{ date }}{% endblocktranslate %}:
      <a href="{% url 'commitments:meeting_feedback' network=network.slug meeting=m.pk %}">{% translate "Återkoppling" %}<span class="visually-hidden"> {% blocktranslate with n=m.round.number %}omgång {{ n }}{% endblocktranslate %}</span></a> ·
      <a href="{% url 'commitments:report_back' network=network.slug meeting=m.pk %}">{% translate "Redovisning" %}<span class="visually-hidden"> {% blocktranslate with n=m.round.number %}omgång {{ n }}{% endblocktranslate %}</span></a></li>
  {% endfor %}"""


def old(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


LEVELS = [("namnd", "Nämnd"), ("forvaltning", "Förvaltning"), ("rektor", "Rektor"), ("larare", "Lärare")]


def member_row(name: str, counts: dict[str, int], coordinators: list[Contact], joined=datetime.date(2026, 3, 9)):
    """The row as the tags get it, and as the old template got it (coordinators as Membership rows)."""
    membership = SimpleNamespace(municipality=SimpleNamespace(name=name), joined_on=joined)
    level_counts = [(v, label, counts.get(v, 0)) for v, label in LEVELS]
    old_coordinators = [SimpleNamespace(user=SimpleNamespace(full_name=c.name, email=c.email)) for c in coordinators]
    return (MemberRow(membership=membership, level_counts=level_counts, coordinators=coordinators),
            MemberRow(membership=membership, level_counts=level_counts, coordinators=old_coordinators))


def varied_members():
    rows = [
        member_row("Å & <Ö>", {"namnd": 3, "forvaltning": 0, "rektor": 12, "larare": 0},
                   [Contact("Ann <Ek>", "ann@a.se"), Contact('Bo "B" Berg', "bo&b@a.se")]),
        member_row("Borås", {"namnd": 1, "forvaltning": 2, "rektor": 3, "larare": 1710}, [],
                   joined=datetime.date(2025, 12, 31)),
        member_row("Ceder", {}, [Contact("Cecilia", "c@c.se")]),
        member_row("D'Ort", {"larare": 2}, [Contact("Dan D'Ort", "d'o@d.se")], joined=datetime.date(2025, 12, 31)),
    ]
    return [new for new, _old in rows], [old_row for _new, old_row in rows]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("show_contacts", [False, True])
def test_member_rows_are_what_the_template_gave(language, show_contacts):
    rows, old_rows = varied_members()
    with translation.override(language):
        assert member_rows(rows, show_contacts) == old(OLD_MEMBER_ROWS, members=old_rows, show_contacts=show_contacts)
        assert member_rows([], show_contacts) == old(OLD_MEMBER_ROWS, members=[], show_contacts=show_contacts)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("show_contacts", [False, True])
def test_member_table_is_what_the_template_gave(language, show_contacts):
    rows, old_rows = varied_members()
    with translation.override(language):
        # The partial's load line gave the table's first line break; the partial keeps it.
        html = old(OLD_MEMBER_TABLE, members=old_rows, show_contacts=show_contacts)
        assert "\n" + member_table(rows, show_contacts) + "\n" == html
        assert "\n" + member_table([], show_contacts) + "\n" == old(OLD_MEMBER_TABLE, members=[],
                                                                   show_contacts=show_contacts)
    assert "&lt;Ö&gt;" in html and "Ann &lt;Ek&gt;" in html and "<Ö>" not in html and "<Ek>" not in html


def test_member_table_escapes_names_and_addresses():
    rows, _old_rows = varied_members()
    html = member_table(rows, True)
    assert "Å &amp; &lt;Ö&gt;" in html and "Bo &quot;B&quot; Berg" in html and "bo&amp;b@a.se" in html
    assert "D&#x27;Ort" in html and "<Ö>" not in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_round_steps_are_what_the_template_gave(language):
    rounds = [RoundRow(round=SimpleNamespace(number=n), phase=phase, meeting=None)
              for n, phase in [(1, Phase.DONE), (2, Phase.MEETING), (3, Phase.HOME), (4, Phase.NOT_STARTED),
                               (5, Phase.NOT_STARTED)]]
    with translation.override(language):
        assert round_steps(rounds) == old(OLD_ROUND_STEPS, rounds=rounds)
        assert round_steps([]) == ""


def _meeting(pk: int, number: int, starts: datetime.datetime, place: str = ""):
    return SimpleNamespace(pk=pk, round=SimpleNamespace(number=number), starts=starts, place=place)


def _rounds_cases():
    starts = timezone.make_aware(datetime.datetime(2026, 5, 7, 9, 30))
    rounds = [RoundRow(round=SimpleNamespace(number=n), phase=phase, meeting=None)
              for n, phase in [(1, Phase.DONE), (2, Phase.HOME), (3, Phase.NOT_STARTED)]]
    return [
        RoundsPanel(rounds=rounds, completed=1, next_meeting=_meeting(7, 2, starts, "Stadshuset <sal 2> & Co")),
        RoundsPanel(rounds=rounds, completed=1, next_meeting=_meeting(8, 2, starts)),
        RoundsPanel(rounds=rounds[:1], completed=1, next_meeting=None),
        RoundsPanel(rounds=[], completed=0, next_meeting=None),
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("case", range(4))
def test_rounds_card_is_what_the_template_gave(language, case):
    panel = _rounds_cases()[case]
    network = SimpleNamespace(slug="natverk-norr", agreed_rounds=6)
    with translation.override(language):
        html = rounds_card(panel, network)
        assert html == old(OLD_ROUNDS_PANEL, rounds=panel.rounds, completed=panel.completed,
                           next_meeting=panel.next_meeting, network=network)
    if case == 0:
        assert "Stadshuset &lt;sal 2&gt; &amp; Co" in html and "<sal 2>" not in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_latest_meeting_items_are_what_the_template_gave(language):
    meetings = [
        _meeting(12, 3, timezone.make_aware(datetime.datetime(2027, 1, 2, 9))),
        _meeting(5, 2, timezone.make_aware(datetime.datetime(2026, 9, 4, 23, 30))),  # late: the local date
        _meeting(1, 1, timezone.make_aware(datetime.datetime(2026, 5, 7, 0, 15))),
    ]
    network = SimpleNamespace(slug="natverk-norr")
    with translation.override(language):
        assert latest_meeting_items(meetings, network.slug) == old(OLD_MEETING_LINKS, meetings=meetings, network=network)
        assert latest_meeting_items([], network.slug) == ""


def test_member_rows_translate_their_words():
    rows = [member_row("Ceder", {"namnd": 1}, [])[0]]
    with translation.override("en"):
        html = member_table(rows, False)
    assert "missing: Förvaltning, Rektor, Lärare" in html and '<span class="muted">none</span>' in html
    assert "<caption>Municipalities in the network and their members per level</caption>" in html
