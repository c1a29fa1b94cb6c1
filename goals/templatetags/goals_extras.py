"""Numbers the Swedish way on the goal pages: decimal comma, a sign on changes, markers as they are."""

from decimal import Decimal

from django import template

from indicators.models import SuppressedMarker, format_value, school_year_label

register = template.Library()

MARKER_EXPLANATIONS = dict(SuppressedMarker.choices)


@register.filter
def sv_number(value) -> str:
    if value is None or value == "":
        return "–"
    return format_value(Decimal(str(value)))


@register.filter
def signed(value) -> str:
    """A change: +2,1 or −3,4 (a real minus sign, which screen readers say as minus)."""
    if value is None:
        return "–"
    text = format_value(abs(Decimal(str(value)).quantize(Decimal("0.1"))))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return "±0"


@register.filter
def point_value(point) -> str:
    """A point's value as text, or its suppression marker: never a number for a suppressed value."""
    if point is None:
        return "–"
    if point.marker:
        return point.marker
    return sv_number(point.value)


@register.filter
def marker_explanation(marker: str) -> str:
    return str(MARKER_EXPLANATIONS.get(marker, ""))


@register.filter
def school_year(spring_year) -> str:
    """2024 -> 2023/24."""
    return school_year_label(int(spring_year)) if spring_year else "–"
