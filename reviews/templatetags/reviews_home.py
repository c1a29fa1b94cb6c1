"""The mapping panel on the municipality home: the home view belongs to another app, so the
panel fetches its own data (inside the view's scope; the template is rendered with render())."""

from django import template

from reviews import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def mapping_home_panel(context) -> dict:
    municipality = context.get("municipality")
    mapping = selectors.current_mapping(municipality=municipality) if municipality is not None else None
    if mapping is None:
        return {"mapping": None}
    return {
        "mapping": mapping,
        "is_open": mapping.is_open(),
        "participation": selectors.mapping_participation(mapping=mapping),
    }
