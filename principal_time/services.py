"""Writes of principals' time: the target, the weekly log, what was removed or delegated."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Level, Membership, Municipality

from .models import KINDS, FreedKind, FreedTime, TimeTarget, WeekLog, week_start

# A week has 168 hours; a log above this is a typing error, not a long week.
MAX_WEEK_TOTAL = Decimal(80)


def _check_principal(municipality: Municipality, principal) -> None:
    if not Membership.objects.filter(municipality=municipality, user=principal, level=Level.REKTOR).exists():
        raise ValidationError(_("Personen är inte rektor i kommunen."))


def target_set(*, municipality: Municipality, principal, hours: Decimal, valid_from: datetime.date, set_by,
               note: str = "") -> TimeTarget:
    """The target agreed with förvaltning, from the week of ``valid_from``; the same week again replaces it."""
    _check_principal(municipality, principal)
    target, _created = TimeTarget.objects.update_or_create(
        municipality=municipality, principal=principal, valid_from=week_start(valid_from),
        defaults={"hours": hours, "note": note.strip(), "set_by": set_by},
    )
    return target


def week_log_save(*, municipality: Municipality, principal, week: datetime.date, note: str = "",
                  today: datetime.date | None = None, **hours: Decimal) -> WeekLog:
    """The principal's own log of a week (any day of it); saving the week again replaces it.

    Every kind of work is given (``KINDS``); a week that has not begun cannot be logged.
    """
    today = today or timezone.localdate()
    _check_principal(municipality, principal)
    monday = week_start(week)
    if monday > week_start(today):
        raise ValidationError(_("Veckan har inte börjat ännu."))
    values = {k: hours.get(k) or Decimal(0) for k, _label in KINDS}
    unknown = set(hours) - set(values)
    if unknown:
        raise TypeError(f"unknown kinds of work: {sorted(unknown)}")
    if sum(values.values(), Decimal(0)) > MAX_WEEK_TOTAL:
        raise ValidationError(_("Timmarna blir mer än %(max)s i veckan. Kontrollera siffrorna.") % {"max": MAX_WEEK_TOTAL})
    log, _created = WeekLog.objects.update_or_create(
        municipality=municipality, principal=principal, week=monday, defaults={**values, "note": note.strip()},
    )
    return log


def freed_add(*, municipality: Municipality, principal, title: str, hours: Decimal, since: datetime.date,
              kind: str = FreedKind.REMOVED, delegated_to: str = "") -> FreedTime:
    _check_principal(municipality, principal)
    delegated_to = delegated_to.strip() if kind == FreedKind.DELEGATED else ""
    return FreedTime.objects.create(
        municipality=municipality, principal=principal, title=title.strip(), kind=kind,
        delegated_to=delegated_to, hours=hours, since=since,
    )


def freed_remove(*, item: FreedTime) -> None:
    item.delete()
