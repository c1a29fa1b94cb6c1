"""The goal page's decision card (``goal_decision``) and badges (``goal_badges``): byte for byte what
their templates gave (issue 18)."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

# The template the tag replaced, word for word (up to the card's share form).
OLD = """{% load i18n %}<section class="card{% if not goal.is_adopted and not goal.is_proposal %} card--attention{% endif %}" aria-labelledby="adoption-heading">
  <h2 id="adoption-heading">{% translate "Nämndens beslut" %}</h2>
  {% if goal.is_adopted %}
    <p>{% blocktranslate with date=goal.adopted_on|datum p=goal.adoption_paragraph %}Nämnden antog målet den {{ date }}, {{ p }}.{% endblocktranslate %}</p>
  {% elif goal.is_proposal %}
    <p>{% translate "Ett förslag antas inte av nämnden förrän det är godkänt." %}</p>
  {% else %}
    <p>{% translate "Målet är inte antaget av nämnden ännu." %}</p>
  {% endif %}
  {% if can_adopt %}<p><a class="button{% if goal.is_adopted %} button--secondary{% endif %}" href="{% url 'goals:adopt' municipality=municipality.slug pk=goal.pk %}">{% if goal.is_adopted %}{% translate "Ändra beslutet" %}{% else %}{% translate "Registrera nämndens beslut" %}{% endif %}</a></p>{% endif %}

  <h3>{% translate "Nätverket" %}</h3>
  {% if shares %}
    <ul>{% for share in shares %}
      <li>{% blocktranslate with network=share.network_name date=share.shared_at|datum %}Delat med {{ network }} sedan {{ date }}: dess processledare och de andra kommunerna där ser målet och dess mått.{% endblocktranslate %}</li>
    {% endfor %}</ul>
  {% else %}
    <p>{% translate "Målet syns bara i kommunen." %}</p>
  {% endif %}
"""
NEW = "{% load goals_extras %}{% goal_decision goal can_adopt municipality.slug shares %}"


def _goal(adopted=False, proposal=False):
    return SimpleNamespace(pk=17, is_adopted=adopted, is_proposal=proposal,
                           adopted_on=datetime.date(2026, 2, 3) if adopted else None, adoption_paragraph="§ 12 <a> & b")


SHARE = SimpleNamespace(network_name="Nätverk <Norr> & \"Syd\"",
                        shared_at=datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC))
GOALS = [_goal(), _goal(adopted=True), _goal(proposal=True)]
SHARES = [[], [SHARE], [SHARE, SimpleNamespace(network_name="Väst", shared_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))]]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_decision_card_is_byte_for_byte_what_its_template_gave(language):
    with translation.override(language):
        for goal, can_adopt, shares in itertools.product(GOALS, [True, False], SHARES):
            context = {"goal": goal, "can_adopt": can_adopt, "shares": shares,
                       "municipality": SimpleNamespace(slug="alby")}
            expected = Template(OLD).render(Context(context))
            assert Template(NEW).render(Context(context)) == expected, (goal, can_adopt, shares)


def test_the_decision_card_escapes_what_users_wrote():
    context = {"goal": GOALS[1], "can_adopt": True, "shares": SHARES[1], "municipality": SimpleNamespace(slug="alby")}
    html = Template(NEW).render(Context(context))
    assert "§ 12 &lt;a&gt; &amp; b" in html and "Nätverk &lt;Norr&gt; &amp; &quot;Syd&quot;" in html
    assert "1 feb. 2026" in html  # shared just before midnight in UTC: the next day in Sweden


# --- The badges (``goal_badges``): byte for byte what goals/_badges.html gave (issue 18) ---------

OLD_BADGES = """{% load i18n %}{# `goal`, and `shared`: whether it is shared with a network (the caller has the shares at hand). #}<span class="goal-badges">
{% if goal.is_proposal %}<span class="badge badge--warning">{% translate "Förslag" %}</span>
{% elif goal.is_adopted %}<span class="badge badge--ok">{% blocktranslate with p=goal.adoption_paragraph date=goal.adopted_on|datum %}Antaget {{ date }}, {{ p }}{% endblocktranslate %}</span>
{% else %}<span class="badge badge--warning">{% translate "Inte antaget av nämnden" %}</span>{% endif %}
{% if shared %}<span class="badge">{% translate "Delat med nätverket" %}</span>{% endif %}
</span>
"""


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_badges_are_byte_for_byte_what_their_template_gave(language):
    goals = [_goal(), _goal(adopted=True), _goal(proposal=True)]
    with translation.override(language):
        for goal, shared in itertools.product(goals, [[], [SHARE]]):
            context = {"goal": goal, "shared": shared}
            expected = Template(OLD_BADGES).render(Context(context))
            got = Template('{% include "goals/_badges.html" %}').render(Context(context))
            assert got == expected, (goal, shared)
    assert "§ 12 &lt;a&gt; &amp; b" in Template("{% load goals_extras %}{% goal_badges goal 1 %}").render(
        Context({"goal": goals[1]}))
