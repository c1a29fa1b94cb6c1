"""The goal tree's items built by a tag (issue 18): they say what the node template said, word for
word, escaping included, and whether a goal is shared is read with the goal, in scope."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from goals.models import GoalStatus
from goals.selectors import goal_flat_tree
from goals.templatetags.goal_tree_tags import goal_tree_items

from ..factories import NetworkMembershipFactory
from .factories import GoalFactory, GoalIndicatorFactory

# The templates the tag replaced (goals/_tree_node.html and the badges it included), word for word:
# the reference for what each item of the tree shows. The node includes itself for its children.
OLD_BADGES = """{% load i18n %}<span class="goal-badges">
{% if goal.is_proposal %}<span class="badge badge--warning">{% translate "Förslag" %}</span>
{% elif goal.is_adopted %}<span class="badge badge--ok">{% blocktranslate with p=goal.adoption_paragraph date=goal.adopted_on|datum %}Antaget {{ date }}, {{ p }}{% endblocktranslate %}</span>
{% else %}<span class="badge badge--warning">{% translate "Inte antaget av nämnden" %}</span>{% endif %}
{% if shared %}<span class="badge">{% translate "Delat med nätverket" %}</span>{% endif %}
</span>
"""
OLD_NODE = """{% load i18n %}<li class="goal-tree__item">
  <div class="goal-tree__goal">
    <a class="goal-tree__title" href="{% url 'goals:detail' municipality=municipality.slug pk=node.goal.pk %}">{{ node.goal.title }}</a>
    <span class="goal-tree__meta">{{ node.goal.get_level_display }}{% if node.goal.school %} · {{ node.goal.school.name }}{% endif %} · {{ node.goal.area }}{% if node.goal.indicator_count %} · {% blocktranslate count n=node.goal.indicator_count %}{{ n }} mått{% plural %}{{ n }} mått{% endblocktranslate %}{% endif %}</span>
    {% include badges with goal=node.goal shared=node.goal.is_shared %}
  </div>
  {% if node.children %}
    <ul>{% for child in node.children %}{% include node_template with node=child %}{% endfor %}</ul>
  {% endif %}
</li>
"""
OLD_TREE = """{% for node in nodes %}{% if node.depth == 0 %}{% include node_template %}{% endif %}{% endfor %}"""


def _old(nodes, municipality) -> str:
    return Template(OLD_TREE).render(Context({
        "nodes": nodes, "municipality": municipality,
        "node_template": Template(OLD_NODE), "badges": Template(OLD_BADGES),
    }))


@pytest.fixture
def tree(world):
    """Alby's goals: a board goal (adopted, shared, two indicators) over an administration goal
    (one indicator) over a school goal, a teacher team's proposal beside it, and a second root
    with markup in its text."""
    a = world.a
    top = GoalFactory(municipality=a, title="Alla elever når målen", adopted_on=datetime.date(2025, 3, 4),
                      adoption_paragraph="§ 12 <b>&", shared_with=[world.network])
    GoalIndicatorFactory.create_batch(2, goal=top)
    middle = GoalFactory(municipality=a, parent=top, level="forvaltning", title="Uppföljning varje termin")
    GoalIndicatorFactory(goal=middle)
    GoalFactory(municipality=a, parent=middle, level="rektor", school=world.school_a1, title="Kollegialt lärande")
    GoalFactory(municipality=a, parent=middle, level="larare", school=world.school_a1, status=GoalStatus.PROPOSED,
                title="Lärarlagets förslag")
    GoalFactory(municipality=a, title='<script>alert("x")</script> & läsning', area="Svenska & <i>språk</i>")
    return a


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_tree_items_say_what_the_node_template_said(world, tree, language):
    with scope(municipality=tree.pk, network=[world.network.pk]), translation.override(language):
        nodes = goal_flat_tree(municipality=tree)
        new = goal_tree_items(nodes, tree)
        assert new == _old(nodes, tree)
    # What the comparison covered: nesting, every badge, a school, both indicator counts, escaping.
    assert new.count('<li class="goal-tree__item">') == 5
    assert new.count("<ul>") == 2
    assert "&lt;script&gt;" in new and "<script>" not in new
    assert "Svenska &amp; &lt;i&gt;språk&lt;/i&gt;" in new
    assert "§ 12 &lt;b&gt;&amp;" in new
    assert ("Delat med nätverket" if language == "sv" else "Shared with the network") in new
    assert ("Förslag" if language == "sv" else "Proposal") in new
    assert " · 2 " in new and " · 1 " in new
    assert reverse("goals:detail", kwargs={"municipality": tree.slug, "pk": nodes[0].goal.pk}) in new


def test_a_goal_counts_as_shared_only_with_a_network_of_the_scope(world, tree):
    """The share is read with the goal through the scoped manager, as the prefetch of the shares
    was: a share with a network outside the page's scope does not mark the goal as shared."""
    other = GoalFactory(municipality=world.a, title="Delat med ett annat nätverk", shared_with=[world.other_network])
    with scope(municipality=tree.pk, network=[world.network.pk]):
        shared = {n.goal.title: n.goal.is_shared for n in goal_flat_tree(municipality=tree)}
    assert shared["Alla elever når målen"] is True
    assert shared["Uppföljning varje termin"] is False
    assert shared[other.title] is False
    NetworkMembershipFactory(network=world.other_network, municipality=world.a)
    with scope(municipality=tree.pk, network=[world.network.pk, world.other_network.pk]):
        assert {n.goal.title: n.goal.is_shared for n in goal_flat_tree(municipality=tree)}[other.title] is True


def test_the_goal_tree_page_shows_the_tree_within_six_queries(world, tree, client_for, get_cold):
    url = reverse("goals:tree", kwargs={"municipality": tree.slug})
    html = get_cold(client_for("namnd"), url, max_queries=6).content.decode()
    assert html.count('<li class="goal-tree__item">') == 5
    assert "Lärarlagets förslag" in html
