from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str, section: str = "", **kwargs) -> str:
    """A navigation link that marks itself with aria-current when it is where the user is.

    ``section`` (a view-name prefix) keeps a link current on the pages below it, e.g. the
    "Medlemmar" link stays current on the invitation form.
    """
    href = reverse(url_name, kwargs=kwargs)
    match = getattr(context.get("request"), "resolver_match", None)
    view_name = match.view_name if match else ""
    current = view_name == url_name or (section and view_name.startswith(section))
    if current:
        return format_html('<a href="{}" aria-current="page">{}</a>', href, label)
    return format_html('<a href="{}">{}</a>', href, label)


@register.simple_tag(takes_context=True)
def page_query(context, number: int, param: str = "sida") -> str:
    """A pager link's query string: the list's filters (``pager_params``, checked by the view) and the page.

    Not the request's query string as it came: a kept (tenant-cached) list would hand whatever
    someone typed after ``?`` to everyone who sees the same page.
    """
    query = QueryDict(mutable=True)
    query.update(context.get("pager_params") or {})
    query[param] = number
    return "?" + query.urlencode()
