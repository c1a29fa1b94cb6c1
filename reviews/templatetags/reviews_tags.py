from django import template

register = template.Library()


@register.filter
def heat(cell, scale) -> str:
    """A heatmap class heat-0 (low) … heat-4 (high) for a shown mean; the value is also text."""
    mean = getattr(cell, "mean", None)
    if mean is None or not scale:
        return "heat-none"
    low, high = scale[0].value, scale[-1].value
    share = (mean - low) / (high - low) if high > low else 0
    return f"heat-{min(4, int(share * 5))}"


@register.filter
def count_of(cell, value) -> int | None:
    return cell.count_of(value)
