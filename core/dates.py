"""One date style for the whole product: "2 dec. 2026", "2 dec. 2026 kl. 14.30".

Django's ``M`` format gives "Dec" and ``F`` "december" in Swedish, which read as English or as two
styles side by side. Every template uses the ``datum`` filter (core/templatetags/datum.py, a
builtin) and every e-mail or message built in Python uses ``date_text``; ISO dates remain only
in machine-readable places (``<time datetime>``, exports, form fields).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import pgettext, pgettext_lazy

# Språkrådet's abbreviations: a full stop only where letters were left out.
MONTHS = {
    1: pgettext_lazy("månad, förkortad", "jan."), 2: pgettext_lazy("månad, förkortad", "feb."),
    3: pgettext_lazy("månad, förkortad", "mars"), 4: pgettext_lazy("månad, förkortad", "apr."),
    5: pgettext_lazy("månad, förkortad", "maj"), 6: pgettext_lazy("månad, förkortad", "juni"),
    7: pgettext_lazy("månad, förkortad", "juli"), 8: pgettext_lazy("månad, förkortad", "aug."),
    9: pgettext_lazy("månad, förkortad", "sep."), 10: pgettext_lazy("månad, förkortad", "okt."),
    11: pgettext_lazy("månad, förkortad", "nov."), 12: pgettext_lazy("månad, förkortad", "dec."),
}

STYLES = ("datum", "dag", "månad", "tid", "veckodag", "klocka")


def _clock(moment: datetime.datetime) -> str:
    return pgettext("datum", "%(hour)02d.%(minute)02d") % {"hour": moment.hour, "minute": moment.minute}


def date_text(value: datetime.date | datetime.datetime | None, style: str = "datum") -> str:
    """``value`` in the product's style; a datetime is shown in local time.

    Styles: ``datum`` 2 dec. 2026 · ``dag`` 2 dec. · ``månad`` dec. 2026 · ``tid`` 2 dec. 2026
    kl. 14.30 · ``veckodag`` onsdag 2 dec. 2026 · ``klocka`` 14.30 (for "14.30–16.00").
    """
    if value is None or value == "":
        return ""
    if style not in STYLES:
        raise ValueError(f"Okänd datumstil: {style!r}")
    moment = None
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        value = moment.date()
    parts = {"day": value.day, "month": MONTHS[value.month], "year": value.year}
    if style == "dag":
        return pgettext("datum", "%(day)s %(month)s") % parts
    if style == "månad":
        return pgettext("datum", "%(month)s %(year)s") % parts
    text = pgettext("datum", "%(day)s %(month)s %(year)s") % parts
    if style == "veckodag":
        return f"{WEEKDAYS[value.weekday()]} {text}"
    if style == "klocka":
        return _clock(moment) if moment else ""
    if style == "tid" and moment:
        return pgettext("datum", "%(date)s kl. %(time)s") % {"date": text, "time": _clock(moment)}
    return text


def day_texts() -> Callable[[datetime.date], str]:
    """``date_text(value, "datum")`` for many dates of one page: the style's words translated once
    for all of them, not twice a date (a goal's twenty commitments' due dates, issue 18). For a
    date; a datetime (shown in local time) goes through ``date_text``."""
    pattern = pgettext("datum", "%(day)s %(month)s %(year)s")
    months: dict[int, str] = {}

    def text(value) -> str:
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            return date_text(value, "datum")
        month = months.get(value.month)
        if month is None:
            month = months[value.month] = str(MONTHS[value.month])
        return pattern % {"day": value.day, "month": month, "year": value.year}

    return text
