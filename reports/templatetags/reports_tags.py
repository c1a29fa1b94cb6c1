"""The cycle figure panel on the municipality and network homes (one include line each)."""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from .. import selectors, services

register = template.Library()


@register.inclusion_tag("reports/_cycle_panel.html", takes_context=True)
def cycle_figure_panel(context):
    """The stored drawing; a stale one is redrawn by the worker (at once when tasks run eagerly)."""
    municipality = context.get("municipality")
    network = None if municipality else context.get("network")
    if municipality is None and network is None:
        return {"figure": None}
    language = translation.get_language() or "sv"
    figure, stale = selectors.cycle_figure_for(municipality=municipality, network=network, language=language)
    if stale:
        services.cycle_figure_request(municipality=municipality, network=network, language=language)
        figure, _stale = selectors.cycle_figure_for(municipality=municipality, network=network, language=language)
    return {
        "figure": figure,
        # The SVG is drawn by reports.figure, which escapes every text it writes.
        "svg": mark_safe(figure.svg) if figure else "",  # noqa: S308
        "subject": (municipality or network).name,
        "reports_url_kwargs": {"municipality": municipality.slug} if municipality else {"network": network.slug},
    }
