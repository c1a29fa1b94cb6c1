"""The network home's rows built by tags (issue 18) give what the template loops gave before."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from networks.selectors import MemberRow, Phase, RoundRow
from networks.templatetags.networks_tags import member_rows, round_steps

# The loops the tags replaced, as networks/_member_table.html and _rounds_panel.html had them.
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

OLD_ROUND_STEPS = """{% load i18n %}{% for row in rounds %}
      <li class="round-step round-step--{{ row.phase }}">{% blocktranslate with n=row.round.number %}Omgång {{ n }}{% endblocktranslate %}: <span class="phase phase--{{ row.phase }}">{{ row.phase_label }}</span></li>
    {% endfor %}"""


def old(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


def coordinator(name: str, email: str):
    return SimpleNamespace(user=SimpleNamespace(full_name=name, email=email))


def member_row(name: str, counts: dict[str, int], coordinators) -> MemberRow:
    levels = [("namnd", "Nämnd"), ("forvaltning", "Förvaltning"), ("rektor", "Rektor"), ("larare", "Lärare")]
    return MemberRow(
        membership=SimpleNamespace(municipality=SimpleNamespace(name=name), joined_on=datetime.date(2026, 3, 9)),
        level_counts=[(v, label, counts.get(v, 0)) for v, label in levels],
        coordinators=coordinators,
    )


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("show_contacts", [False, True])
def test_member_rows_are_what_the_template_gave(language, show_contacts):
    rows = [
        member_row("Å & <Ö>", {"namnd": 3, "forvaltning": 0, "rektor": 12, "larare": 0},
                   [coordinator("Ann <Ek>", "ann@a.se"), coordinator("Bo \"B\" Berg", "bo&b@a.se")]),
        member_row("Borås", {"namnd": 1, "forvaltning": 2, "rektor": 3, "larare": 1710}, []),
        member_row("Ceder", {}, [coordinator("Cecilia", "c@c.se")]),
    ]
    with translation.override(language):
        assert member_rows(rows, show_contacts) == old(OLD_MEMBER_ROWS, members=rows, show_contacts=show_contacts)
        assert member_rows([], show_contacts) == old(OLD_MEMBER_ROWS, members=[], show_contacts=show_contacts)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_round_steps_are_what_the_template_gave(language):
    rounds = [RoundRow(round=SimpleNamespace(number=n), phase=phase, meeting=None)
              for n, phase in [(1, Phase.DONE), (2, Phase.MEETING), (3, Phase.HOME), (4, Phase.NOT_STARTED)]]
    with translation.override(language):
        assert round_steps(rounds) == old(OLD_ROUND_STEPS, rounds=rounds)
        assert round_steps([]) == ""


def test_member_rows_translate_their_words():
    with translation.override("en"):
        html = member_rows([member_row("Ceder", {"namnd": 1}, [])], False)
    assert "missing: Förvaltning, Rektor, Lärare" in html and '<span class="muted">none</span>' in html
