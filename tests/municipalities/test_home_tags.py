"""The municipality home's parts built by tags (issue 18) give what the templates gave before."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from commitments.selectors import CommitmentPanel
from commitments.templatetags.commitments_tags import commitment_card
from goals.selectors import GoalCounts
from municipalities.selectors import LevelCount, SchoolCount, school_list
from municipalities.templatetags.municipalities_tags import network_items, school_items
from networks.selectors import MunicipalityPhase, Phase
from reviews.selectors import LevelParticipation, MappingHomePanel, Participation
from reviews.templatetags.reviews_tags import mapping_status
from tests.factories import MembershipFactory, SchoolFactory

# The templates the tags replaced, as municipalities/home.html, goals/_home_panel.html,
# commitments/_municipality_panels.html, networks/_municipality_round_panel.html and
# municipalities/_level_counts.html had them.
OLD_NETWORK_ITEMS = """{% load i18n %}{% for nm in networks %}
          <li><a href="{% url 'networks:home' network=nm.network.slug %}">{{ nm.network.name }}</a>
            <span class="role">{% blocktranslate with date=nm.joined_on|datum %}med sedan {{ date }}{% endblocktranslate %}</span></li>
        {% endfor %}"""
OLD_GOAL_CARD = """{% load i18n %}{# Needs `goal_counts` (goals.selectors.goal_counts). #}{% with counts=goal_counts %}
<section class="card{% if counts.not_adopted %} card--attention{% endif %}" aria-labelledby="goals-panel-heading">
  <h2 id="goals-panel-heading"><a href="{% url 'goals:tree' municipality=municipality.slug %}">{% translate "Operativa mål" %}</a></h2>
  {% if counts.total %}
    <p>{% blocktranslate count n=counts.total %}{{ n }} mål{% plural %}{{ n }} mål{% endblocktranslate %}:
      {% blocktranslate count n=counts.adopted %}{{ n }} antaget av nämnden{% plural %}{{ n }} antagna av nämnden{% endblocktranslate %},
      {% blocktranslate count n=counts.not_adopted %}{{ n }} inte antaget ännu{% plural %}{{ n }} inte antagna ännu{% endblocktranslate %}{% if counts.proposals %},
      {% blocktranslate count n=counts.proposals %}{{ n }} förslag från lärarlag{% plural %}{{ n }} förslag från lärarlag{% endblocktranslate %}{% endif %}.</p>
  {% else %}
    <p>{% translate "Kommunen har inga operativa mål ännu." %}</p>
  {% endif %}
</section>
{% endwith %}
"""
OLD_COMMITMENT_CARD = """{% load i18n %}<section class="card card--attention" aria-labelledby="commitments-heading">
  <h2 id="commitments-heading">{% translate "Åtaganden" %}</h2>
  <p>{% blocktranslate count n=commitment_panel.open_count %}{{ n }} pågående eller planerat åtagande.{% plural %}{{ n }} pågående eller planerade åtaganden.{% endblocktranslate %}
    {% if commitment_panel.overdue %}<span class="badge badge--danger">{% blocktranslate count n=commitment_panel.overdue|length %}{{ n }} försenat{% plural %}{{ n }} försenade{% endblocktranslate %}</span>{% endif %}</p>
  {% if commitment_panel.overdue %}<ul class="link-list">{% for c in commitment_panel.overdue|slice:":3" %}<li><a href="{% url 'commitments:detail' municipality=municipality.slug pk=c.pk %}">{{ c.title }}</a> <span class="muted">{% blocktranslate with date=c.due_on|datum:"dag" %}skulle vara klart {{ date }}{% endblocktranslate %}</span></li>{% endfor %}</ul>{% endif %}
  <p><a href="{% url 'commitments:list' municipality=municipality.slug %}">{% translate "Alla åtaganden" %}</a> ·
     <a href="{% url 'commitments:feedback_received' municipality=municipality.slug %}">{% blocktranslate count n=commitment_panel.feedback_count %}{{ n }} återkoppling{% plural %}{{ n }} återkopplingar{% endblocktranslate %}</a> ·
     <a href="{% url 'commitments:municipality_report_back' municipality=municipality.slug %}">{% translate "Redovisning" %}</a></p>
</section>"""
OLD_ROUND_CARDS = """{% load i18n %}
{% for network, phase, next_meeting in phases %}
<section class="card {% if phase.is_home_phase %}card--attention{% else %}card--meeting{% endif %}" aria-labelledby="round-panel-{{ network.pk }}">
  <h2 id="round-panel-{{ network.pk }}">{% blocktranslate with name=network.name %}Läget i {{ name }}{% endblocktranslate %}</h2>
  <p>{% if phase.round %}{% blocktranslate with n=phase.round.number agreed=phase.agreed_rounds %}Omgång {{ n }} av {{ agreed }}{% endblocktranslate %}: {% endif %}<span class="phase phase--{{ phase.phase }}">{{ phase.phase_label }}</span></p>
  {% if next_meeting %}<p>{% translate "Nästa nätverksträff:" %} <a href="{% url 'networks:meeting' network=network.slug meeting_id=next_meeting.pk %}">{{ next_meeting.starts|datum }}</a></p>{% endif %}
</section>
{% endfor %}
"""
OLD_LEVEL_COUNTS = """{% load i18n %}
<table class="table level-counts">
  <caption>{% translate "Medlemmar per nivå" %}</caption>
  <thead><tr><th scope="col">{% translate "Nivå" %}</th><th scope="col" class="num">{% translate "Antal" %}</th></tr></thead>
  <tbody>
    {% for row in level_counts %}
      <tr{% if row.missing %} class="row--warning"{% endif %}>
        <th scope="row">{{ row.label }}</th>
        <td class="num">{{ row.count }}{% if row.missing %} <span class="badge badge--warning">{% translate "saknas" %}</span>{% endif %}</td>
      </tr>
    {% endfor %}
  </tbody>
</table>
"""
# reviews/_status.html, and reviews/_home_panel.html with that include as the status it rendered.
OLD_STATUS = """{% load i18n %}{% if mapping.is_closed %}<span class="badge">{% translate "Stängd" %}</span>{% elif mapping.is_open %}<span class="badge badge--ok">{% translate "Öppen" %}</span>{% else %}<span class="badge badge--warning">{% translate "Inte öppnad än" %}</span>{% endif %}{% if mapping.is_published %} <span class="badge badge--ok">{% translate "Delad med nätverket" %}</span>{% endif %}
"""
OLD_MAPPING_CARD = """{% load i18n %}{# `mapping_panel` (reviews.selectors.mapping_home_panel), read by the home view. #}{% with panel=mapping_panel %}{% if panel.mapping %}
<section class="card{% if panel.participation.missing_levels and panel.is_open %} card--attention{% endif %}" aria-labelledby="mapping-panel-heading">
  <h2 id="mapping-panel-heading">{% translate "Kartläggning" %}: <a href="{% url 'reviews:detail' municipality=municipality.slug pk=panel.mapping.pk %}">{{ panel.mapping.title }}</a></h2>
  <p>{{ status }} {% blocktranslate with closes=panel.mapping.closes_on|datum:"dag" %}sista dag {{ closes }}{% endblocktranslate %}</p>
  {% with participation=panel.participation %}{% include "reviews/_participation.html" %}{% endwith %}
</section>
{% endif %}
{% endwith %}
"""
OLD_SCHOOL_ITEMS = """{% load i18n %}{% for s in schools %}<li>{{ s.name }} <span class="muted">({% blocktranslate count n=s.member_count %}{{ n }} medlem{% plural %}{{ n }} medlemmar{% endblocktranslate %})</span></li>{% endfor %}"""


def old(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_school_items_are_what_the_template_gave(language):
    schools = [SchoolCount("Å & <Ö> skola", 1), SchoolCount('Björk "B"', 0), SchoolCount("D'Ort", 2),
               SchoolCount("Ceder", 1712)]
    with translation.override(language):
        html = school_items(schools)
        assert html == old(OLD_SCHOOL_ITEMS, schools=schools)
        assert school_items([]) == ""
    assert "Å &amp; &lt;Ö&gt; skola" in html and "<Ö>" not in html and "D&#x27;Ort" in html


@pytest.mark.django_db
def test_school_list_is_by_name_with_each_schools_members(world):
    # The world's A has Alby skola (its principal, teacher and colleague) and Albyskolan Norra.
    SchoolFactory(municipality=world.a, name="Aaby skola")
    SchoolFactory(municipality=world.b, name="Abc (another municipality's)")
    MembershipFactory(municipality=world.a, school=world.school_a2)
    counts = school_list(municipality=world.a)
    assert [s.name for s in counts] == ["Aaby skola", "Alby skola", "Albyskolan Norra"]
    assert {s.name: s.member_count for s in counts} == {
        "Aaby skola": 0, "Alby skola": world.school_a1.memberships.count(),
        "Albyskolan Norra": world.school_a2.memberships.count(),
    }
    assert counts[1].member_count >= 2 and counts[2].member_count >= 1


A = SimpleNamespace(slug="alby")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_network_items_are_what_the_template_gave(language):
    memberships = [
        SimpleNamespace(network=SimpleNamespace(slug="norr", name="Nätverk <Norr> & co"), joined_on=datetime.date(2025, 8, 1)),
        SimpleNamespace(network=SimpleNamespace(slug="soder", name="D'Söder"), joined_on=datetime.date(2026, 1, 31)),
    ]
    with translation.override(language):
        html = network_items(memberships)
        assert html == old(OLD_NETWORK_ITEMS, networks=memberships)
    assert "Nätverk &lt;Norr&gt; &amp; co" in html and "<Norr>" not in html


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("counts", [
    GoalCounts(total=0, adopted=0, proposals=0, adopted_not_proposed=0),
    GoalCounts(total=1, adopted=1, proposals=0, adopted_not_proposed=1),  # all adopted: no attention
    GoalCounts(total=7, adopted=2, proposals=1, adopted_not_proposed=2),
    GoalCounts(total=12, adopted=0, proposals=3, adopted_not_proposed=0),
])
def test_goal_card_is_what_the_template_gave(language, counts):
    with translation.override(language):
        html = render_to_string("goals/_home_panel.html", {"goal_counts": counts, "municipality": A})
        assert html == old(OLD_GOAL_CARD, goal_counts=counts, municipality=A)
    assert ("card--attention" in html) == bool(counts.not_adopted)


def _commitment(pk: int, title: str, days_late: int):
    return SimpleNamespace(pk=pk, title=title, due_on=timezone.localdate() - datetime.timedelta(days=days_late))


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("panel", [
    CommitmentPanel(open_count=0, overdue=[], feedback_count=0),
    CommitmentPanel(open_count=1, overdue=[_commitment(4, "Läsa <mer> & skriva", 2)], feedback_count=1),
    CommitmentPanel(open_count=9, overdue=[_commitment(n, f"Åtagande {n}", n) for n in range(1, 6)], feedback_count=27),
])
def test_commitment_card_is_what_the_template_gave(language, panel):
    with translation.override(language):
        html = commitment_card(panel, A.slug)
        assert html == old(OLD_COMMITMENT_CARD, commitment_panel=panel, municipality=A)
    assert html.count("<li>") == min(3, len(panel.overdue))
    assert "<mer>" not in html


def _phase(phase: Phase, number: int | None, agreed: int = 6):
    return MunicipalityPhase(round=SimpleNamespace(number=number) if number else None, phase=phase, meeting=None,
                             agreed_rounds=agreed)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_round_cards_are_what_the_template_gave(language):
    starts = timezone.make_aware(datetime.datetime(2026, 9, 4, 23, 30))  # late: the local date
    phases = [
        (SimpleNamespace(pk=3, slug="norr", name="Nätverk <Norr> & co"), _phase(Phase.HOME, 2),
         SimpleNamespace(pk=17, starts=starts)),
        (SimpleNamespace(pk=5, slug="soder", name="Söder"), _phase(Phase.MEETING, 4, agreed=4), None),
        (SimpleNamespace(pk=8, slug="ost", name="Öst"), _phase(Phase.NOT_STARTED, None), None),  # no rounds yet
        (SimpleNamespace(pk=9, slug="vast", name="Väst"), _phase(Phase.DONE, 6), None),
    ]
    with translation.override(language):
        html = render_to_string("networks/_municipality_round_panel.html", {"phases": phases})
        assert html == old(OLD_ROUND_CARDS, phases=phases)
        assert render_to_string("networks/_municipality_round_panel.html", {"phases": []}) == old(
            OLD_ROUND_CARDS, phases=[])
    assert "Nätverk &lt;Norr&gt; &amp; co" in html and "/n/norr/traffar/17/" in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_level_counts_are_what_the_template_gave(language):
    rows = [LevelCount("namnd", "Nämnd <politiker>", 0), LevelCount("forvaltning", "Förvaltning", 3),
            LevelCount("rektor", "Rektor", 0), LevelCount("larare", "Lärare", 1712)]
    with translation.override(language):
        html = render_to_string("municipalities/_level_counts.html", {"level_counts": rows})
        assert html == old(OLD_LEVEL_COUNTS, level_counts=rows)
    assert html.count('class="row--warning"') == 2 and "Nämnd &lt;politiker&gt;" in html


def _mapping(*, closed=False, open_=True, published=False, title="Läsning <hösten> & mer"):
    return SimpleNamespace(pk=12, title=title, closes_on=datetime.date(2026, 12, 17), is_closed=lambda: closed,
                           is_open=lambda: open_, is_published=published)


MAPPINGS = [
    _mapping(), _mapping(published=True), _mapping(closed=True, open_=False),
    _mapping(closed=True, open_=False, published=True), _mapping(open_=False),  # not opened yet
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("mapping", MAPPINGS)
def test_mapping_status_is_what_the_template_gave(language, mapping):
    with translation.override(language):
        assert render_to_string("reviews/_status.html", {"mapping": mapping}) == old(OLD_STATUS, mapping=mapping)


def _participation(*, nobody_on: str | None = None) -> Participation:
    levels = [("namnd", "Nämnd"), ("forvaltning", "Förvaltning"), ("rektor", "Rektor"), ("larare", "Lärare")]
    return Participation(levels=[
        LevelParticipation(level=v, label=label, asked=9, submitted=0 if v == nobody_on else 4, started=1, counted=4)
        for v, label in levels
    ])


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("mapping", MAPPINGS)
@pytest.mark.parametrize("nobody_on", [None, "rektor"])  # a level that nobody answered on: attention, if open
def test_mapping_card_is_what_the_template_gave(language, mapping, nobody_on):
    panel = MappingHomePanel(mapping=mapping, is_open=mapping.is_open(),
                             participation=_participation(nobody_on=nobody_on))
    context = {"mapping_panel": panel, "municipality": A}
    with translation.override(language):
        html = render_to_string("reviews/_home_panel.html", context)
        status = old(OLD_STATUS, mapping=mapping)
        assert html == old(OLD_MAPPING_CARD, status=status, **context)
        assert mapping_status(mapping) + "\n" == status
    assert "Läsning &lt;hösten&gt; &amp; mer" in html and "<hösten>" not in html
    assert ("card--attention" in html) == bool(nobody_on and mapping.is_open())


def test_no_mapping_no_card():
    assert render_to_string("reviews/_home_panel.html", {"mapping_panel": MappingHomePanel(mapping=None),
                                                         "municipality": A}).strip() == ""
