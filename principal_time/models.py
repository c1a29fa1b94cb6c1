"""Frigör tid (Modellen 2.0, dimension 7): principals' time for pedagogical leadership.

``TimeTarget``: the hours a week a principal aims to spend on pedagogical leadership, agreed with
förvaltning; a new target starts on a week (``valid_from``), so the trend compares each week with
the target in force then. ``WeekLog``: one quick log per principal and ISO week, hours by kind of
work. ``FreedTime``: what the principal stopped doing or delegated, and the hours a week it freed.

A principal's rows are theirs and förvaltning's only (DOMAIN.md, access.rights); the quality start
page and the report show counts of principals, and hours only for enough principals together
(principal_time.selectors.time_status).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from access.scoping import TenantScopedManager
from core.validators import single_line_constraint, validate_single_line

HOURS = {"max_digits": 4, "decimal_places": 1}
WEEK_HOURS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(80))]

# The kinds of work a week is logged by, in the form's order. The first three are pedagogical
# leadership (what dimension 7 wants more of); administration and other are not.
KINDS = (
    ("lesson_visits", _("Lektionsbesök")),
    ("collegial_learning", _("Kollegialt lärande")),
    ("analysis", _("Analys av resultat")),
    ("administration", _("Administration")),
    ("other", _("Annat")),
)
LEADERSHIP_KINDS = ("lesson_visits", "collegial_learning", "analysis")


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week a day is in."""
    return day - datetime.timedelta(days=day.weekday())


class TimeTarget(models.Model):
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    principal = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("rektor"))
    hours = models.DecimalField(_("timmar i veckan"), **HOURS,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(60))])
    valid_from = models.DateField(_("gäller från veckan"))
    note = models.CharField(_("hur målet togs fram"), max_length=300, blank=True, validators=[validate_single_line])
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("mål för pedagogiskt ledarskap")
        verbose_name_plural = _("mål för pedagogiskt ledarskap")
        ordering = ["principal_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "principal", "valid_from"], name="principal_time_target_once"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="principal_time_target_positive"),
            single_line_constraint("note", name="principal_time_target_note_single_line"),
        ]

    def __str__(self) -> str:
        return f"{self.principal_id}: {self.hours} h ({self.valid_from})"


class WeekLog(models.Model):
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    principal = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("rektor"))
    week = models.DateField(_("vecka"))  # its Monday
    lesson_visits = models.DecimalField(_("Lektionsbesök"), **HOURS, default=0, validators=WEEK_HOURS)
    collegial_learning = models.DecimalField(_("Kollegialt lärande"), **HOURS, default=0, validators=WEEK_HOURS)
    analysis = models.DecimalField(_("Analys av resultat"), **HOURS, default=0, validators=WEEK_HOURS)
    administration = models.DecimalField(_("Administration"), **HOURS, default=0, validators=WEEK_HOURS)
    other = models.DecimalField(_("Annat"), **HOURS, default=0, validators=WEEK_HOURS)
    note = models.CharField(_("kommentar"), max_length=300, blank=True, validators=[validate_single_line])
    updated = models.DateTimeField(auto_now=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("veckologg")
        verbose_name_plural = _("veckologgar")
        ordering = ["principal_id", "week"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "principal", "week"], name="principal_time_week_once"),
            single_line_constraint("note", name="principal_time_week_note_single_line"),
        ]

    def __str__(self) -> str:
        return f"{self.principal_id}: {self.week}"

    @property
    def leadership_hours(self) -> Decimal:
        return sum((getattr(self, k) for k in LEADERSHIP_KINDS), Decimal(0))

    @property
    def total_hours(self) -> Decimal:
        return sum((getattr(self, k) for k, _label in KINDS), Decimal(0))


class FreedKind(models.TextChoices):
    REMOVED = "removed", _("Slutat med")
    DELEGATED = "delegated", _("Delegerat")


class FreedTime(models.Model):
    """Something a principal stopped doing or handed over, and the hours a week it freed."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    principal = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("rektor"))
    title = models.CharField(_("vad"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(_("slutat med eller delegerat"), max_length=10, choices=FreedKind.choices,
                            default=FreedKind.REMOVED)
    delegated_to = models.CharField(_("delegerat till"), max_length=200, blank=True, validators=[validate_single_line])
    hours = models.DecimalField(_("frigjorda timmar i veckan"), **HOURS,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(40))])
    since = models.DateField(_("från och med"))
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("frigjord tid")
        verbose_name_plural = _("frigjord tid")
        ordering = ["principal_id", "-since", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="principal_time_freed_positive"),
            single_line_constraint("title", name="principal_time_freed_title_single_line"),
            single_line_constraint("delegated_to", name="principal_time_freed_to_single_line"),
        ]

    def __str__(self) -> str:
        return self.title
