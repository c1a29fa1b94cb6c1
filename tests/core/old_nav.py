"""The ``nav_link`` tag the tenant menus were built with, one link at a time, before
``core.templatetags.nav``'s ``network_menu`` and ``municipality_menu`` (issue 18): kept here as
the reference ``test_tenant_menus`` compares them with, not in the product, which no longer uses it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str, section: str = "", **kwargs) -> str:
    href = reverse(url_name, kwargs=kwargs)
    match = getattr(context.get("request"), "resolver_match", None)
    view_name = match.view_name if match else ""
    current = view_name == url_name or (section and view_name.startswith(section))
    if current:
        return format_html('<a href="{}" aria-current="page">{}</a>', href, label)
    return format_html('<a href="{}">{}</a>', href, label)
