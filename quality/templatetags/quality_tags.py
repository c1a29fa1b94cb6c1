"""Look a dimension's tool status up by statement key (a dict the view built; no queries here)."""

from django import template

register = template.Library()


@register.filter
def tool_status(statuses, key):
    return statuses.get(key) if statuses else None
