import html

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

register = template.Library()


# The tenant menus (templates/networks/_base.html, templates/municipalities/_base.html): each
# app's item one line, in order, as (view name, label, section, only for the tenant's managers).
# ``section``: a view-name prefix that keeps the item current on the pages below it (the
# invitation form under "Medlemmar"). The first and the last two items are the tenant's own pages.
NETWORK_MENU = (
    ("networks:home", gettext_noop("Översikt"), "", False),
    ("goals:network_compare", gettext_noop("Mål"), "", False),
    ("networks:meetings", gettext_noop("Träffar"), "networks:meeting", False),
    ("quality:network_examples", gettext_noop("Exempel"), "quality:network_", False),
    ("reviews:network_results", gettext_noop("Kartläggningar"), "reviews:", False),
    ("indicators:network_import", gettext_noop("Statistikimport"), "", True),
    ("reports:network_list", gettext_noop("Rapporter"), "reports:", True),
    ("networks:members", gettext_noop("Kommuner"), "networks:invite", False),
    ("networks:settings", gettext_noop("Inställningar"), "", True),
)
MUNICIPALITY_MENU = (
    ("municipalities:home", gettext_noop("Översikt"), "", False),
    ("goals:tree", gettext_noop("Mål"), "goals:", False),
    ("reviews:list", gettext_noop("Kartläggning"), "reviews:", False),
    ("indicators:statistics", gettext_noop("Statistik"), "indicators:", False),
    ("commitments:list", gettext_noop("Åtaganden"), "commitments:", False),
    ("quality:home", gettext_noop("Kvalitetsarbete"), "quality:", False),
    ("reports:municipality_list", gettext_noop("Rapporter"), "reports:", False),
    ("municipalities:members", gettext_noop("Medlemmar"), "municipalities:invite", False),
    ("municipalities:settings", gettext_noop("Inställningar"), "", True),
)


@register.simple_tag(takes_context=True)
def network_menu(context, network_slug: str, is_project_leader: bool) -> str:
    """The network menu's items, as nav_link gave them one by one (``NETWORK_MENU``); the
    statistics import, the reports and the settings for the network's project leaders."""
    return _menu(context, NETWORK_MENU, {"network": network_slug}, is_project_leader)


@register.simple_tag(takes_context=True)
def municipality_menu(context, municipality_slug: str, is_coordinator: bool) -> str:
    """The municipality menu's items, as nav_link gave them one by one (``MUNICIPALITY_MENU``);
    the settings for the municipality's coordinators."""
    return _menu(context, MUNICIPALITY_MENU, {"municipality": municipality_slug}, is_coordinator)


CURRENT = ' aria-current="page"'


def _menu(context, items, kwargs: dict, is_manager: bool) -> str:
    """A tenant menu's items in one tag, not a nav_link, an include and ifs per item: the menu was
    a good part of every tenant page with nothing cached (issue 18). The links as the apps'
    nav_link tags gave them (the label a translated literal, as ``_("...")`` in a template gives
    it: not escaped), laid out as the template laid them out: the apps' items on lines of their
    own between the tenant's own first and last ones."""
    match = getattr(context.get("request"), "resolver_match", None)
    view_name = match.view_name if match else ""
    links = []
    for url_name, label, section, managers_only in items:
        if managers_only and not is_manager:
            links.append("")
            continue
        href = html.escape(reverse(url_name, kwargs=kwargs))
        current = CURRENT if view_name == url_name or (section and view_name.startswith(section)) else ""
        links.append(f'<li><a href="{href}"{current}>{gettext(label)}</a></li>')
    first, *apps, members, settings = links
    apps = "\n".join(apps)
    # The URLs escaped; the labels are translated literals, as in the template.
    return mark_safe(f"{first}\n      \n{apps}\n\n      {members}\n      {settings}")  # noqa: S308


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
