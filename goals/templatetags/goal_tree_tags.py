"""The goal tree's items, built from the tree's nodes in one pass.

The tree page rendered each goal through two included templates (the node and its badges), and
with 20-odd goals those includes, their URL tags and their translations were about a quarter of
the page's work with nothing kept (issue 18). This tag writes what those templates wrote, byte for
byte (``tests/goals/test_goal_tree_tags.py`` compares the two): the words are translated once per
page, not once per goal, and the goal page's URL is reversed once.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from core.templatetags.datum import datum

from .goals_extras import _goal_urls

register = template.Library()


@register.simple_tag
def goal_tree_items(nodes, municipality) -> SafeString:
    """The ``<li>`` of each root of ``nodes`` (the goal tree in reading order, as the view gives it), each with its
    sub-goals nested below it, as ``goals/_tree_node.html`` rendered them."""
    url = _goal_urls(municipality)
    # The badges' line breaks as the template had them: one more after a proposal's or an adopted
    # goal's badge than after "not adopted".
    proposal = '<span class="badge badge--warning">{}</span>\n'.format(conditional_escape(gettext("Förslag")))
    not_adopted = '<span class="badge badge--warning">{}</span>'.format(
        conditional_escape(gettext("Inte antaget av nämnden")))
    adopted = gettext("Antaget %(date)s, %(p)s")
    shared = '<span class="badge">{}</span>'.format(conditional_escape(gettext("Delat med nätverket")))
    out: list[str] = []

    def status(goal) -> str:
        if goal.is_proposal:
            return proposal
        if goal.is_adopted:
            text = adopted % {"date": conditional_escape(datum(goal.adopted_on)),
                              "p": conditional_escape(goal.adoption_paragraph)}
            return f'<span class="badge badge--ok">{text}</span>\n'
        return not_adopted

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
            f'    <span class="goal-badges">\n{status(goal)}\n{shared if goal.is_shared else ""}\n</span>\n\n'
            "  </div>\n  "
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
