"""The goal tree's items, built from the tree's nodes in one pass.

The tree page rendered each goal through two included templates (the node and its badges), and
with 20-odd goals those includes, their URL tags and their translations were about a quarter of
the page's work with nothing kept (issue 18). This tag writes what those templates wrote, byte for
byte (``tests/goals/test_goal_tree_tags.py`` compares the two), the badges as the goal page's
(``goal_badges``); the goal page's URL is reversed once.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from .goals_extras import _goal_urls, goal_badges

register = template.Library()


@register.simple_tag
def goal_tree_items(nodes, municipality) -> SafeString:
    """The ``<li>`` of each root of ``nodes`` (the goal tree in reading order, as the view gives
    it), each with its sub-goals nested below it, as ``goals/_tree_node.html`` rendered them."""
    url = _goal_urls(municipality)
    out: list[str] = []

    def write(node) -> None:
        goal = node.goal
        meta = [str(conditional_escape(goal.get_level_display()))]
        if goal.school_id is not None:
            meta.append(f" · {conditional_escape(goal.school.name)}")
        meta.append(f" · {conditional_escape(goal.area)}")
        if goal.indicator_count:
            n = goal.indicator_count
            meta.append(" · " + ngettext("%(n)s mått", "%(n)s mått", n) % {"n": conditional_escape(localize(n))})
        out.append(
            '<li class="goal-tree__item">\n  <div class="goal-tree__goal">\n'
            f'    <a class="goal-tree__title" href="{conditional_escape(url(goal.pk))}">{conditional_escape(goal.title)}</a>\n'
            f'    <span class="goal-tree__meta">{"".join(meta)}</span>\n'
            f"    {goal_badges(goal, goal.is_shared)}\n  </div>\n  "
        )
        if node.children:
            out.append("\n    <ul>")
            for child in node.children:
                write(child)
            out.append("</ul>\n  ")
        out.append("\n</li>\n")

    for node in nodes:
        if node.depth == 0:
            write(node)
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
