"""The ``datum`` filter: the product's one date style (core/dates.py). Loaded as a builtin."""

import datetime

from django import template
from django.utils.dateparse import parse_date, parse_datetime

from core.dates import date_text

register = template.Library()


@register.filter(name="datum", expects_localtime=False)
def datum(value, style: str = "datum") -> str:
    # A row saved moments ago may still hold the ISO text a form or a command gave it.
    if isinstance(value, str):
        try:
            value = parse_datetime(value) or parse_date(value)
        except ValueError:
            value = None
    if not isinstance(value, datetime.date):
        return ""
    return date_text(value, style)
