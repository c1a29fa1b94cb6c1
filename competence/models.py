"""Dimension 8 of Modellen 2.0, "Tänk som om Skolverket hade varit Luftfartsverket".

Quality assurance of processes, as aviation does it:
- ``ChecklistItem``: a routine's (quality.Routine) checklist of what "right quality" looks like.
- Competence analysis: the municipality's ``Competence``s (from its routines, from the teaching
  rubric's aspects, or its own), each staff member's ``SelfAssessment`` (level and need), and a
  school's competence plan of ``PlanAction``s, each a commitment (commitments.Commitment).
- "Visa & berätta": a ``ShowAndTell`` session where a teacher shows a practice of a routine and a
  colleague or leader checks it against the routine's checklist (``SessionCheck``: shown, partly,
  not yet, with a note).

Self-assessments and sessions are staff data (DOMAIN.md): who sees them individually and who only
aggregated above the anonymity threshold is decided in access.rights and competence.selectors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from access.scoping import TenantScopedManager
from core.validators import single_line_constraint, validate_single_line


class ChecklistItem(models.Model):
    """One point of a routine's checklist: what it looks like when the routine is done right."""

    routine = models.ForeignKey("quality.Routine", on_delete=models.CASCADE, related_name="checklist_items")
    text = models.CharField(_("punkt"), max_length=300, validators=[validate_single_line])
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = TenantScopedManager(municipality="routine__municipality")

    class Meta:
        verbose_name = _("punkt i checklista")
        verbose_name_plural = _("punkter i checklistor")
        ordering = ["position", "pk"]
        constraints = [single_line_constraint("text", name="competence_checklist_item_single_line")]

    def __str__(self) -> str:
        return self.text


class CompetenceSource(models.TextChoices):
    ROUTINE = "rutin", _("Rutin")
    RUBRIC = "undervisning", _("Undervisningens kvalitet")
    OWN = "egen", _("Egen")


class Competence(models.Model):
    """A competence the organisation needs, asked of every member of staff at a school."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE,
                                     related_name="competences")
    title = models.CharField(_("kompetens"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    source = models.CharField(_("källa"), max_length=12, choices=CompetenceSource.choices,
                              default=CompetenceSource.OWN)
    routine = models.ForeignKey("quality.Routine", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("rutin"))
    # The rubric aspect's stable key (teaching app) for a competence from the rubric.
    source_key = models.CharField(max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("kompetens")
        verbose_name_plural = _("kompetenser")
        ordering = ["position", "title", "pk"]
        constraints = [
            single_line_constraint("title", name="competence_title_single_line"),
            models.UniqueConstraint(fields=["municipality", "routine"], condition=Q(routine__isnull=False),
                                    name="competence_once_per_routine"),
            models.UniqueConstraint(fields=["municipality", "source_key"], condition=~Q(source_key=""),
                                    name="competence_once_per_aspect"),
        ]

    def __str__(self) -> str:
        return self.title


class CompetenceLevel(models.IntegerChoices):
    NEW = 1, _("1 – Nytt för mig")
    BASIC = 2, _("2 – Grundläggande")
    CONFIDENT = 3, _("3 – Säker")
    TEACHES = 4, _("4 – Kan lära andra")


class CompetenceNeed(models.IntegerChoices):
    NONE = 0, _("Inget behov")
    SOME = 1, _("Visst behov")
    GREAT = 2, _("Stort behov")


class SelfAssessment(models.Model):
    """One person's own view of one competence: their level and their need of development.

    Personal: seen individually by the person and their school's principal, by förvaltning only as
    school aggregates above the anonymity threshold (competence.selectors).
    """

    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="assessments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The school the person worked at when they answered: the aggregate is per school.
    school = models.ForeignKey("municipalities.School", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("nivå"), choices=CompetenceLevel.choices)
    need = models.PositiveSmallIntegerField(_("behov av utveckling"), choices=CompetenceNeed.choices)
    updated = models.DateTimeField(auto_now=True)

    objects = TenantScopedManager(municipality="competence__municipality")

    class Meta:
        verbose_name = _("självskattning")
        verbose_name_plural = _("självskattningar")
        constraints = [models.UniqueConstraint(fields=["competence", "user"], name="competence_assess_once")]
        indexes = [models.Index(fields=["school", "competence"])]

    def __str__(self) -> str:
        return f"{self.competence_id}:{self.user_id}"


class PlanAction(models.Model):
    """An action of a school's competence plan: a commitment for one competence."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("municipalities.School", on_delete=models.CASCADE, related_name="+")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="plan_actions",
                                   verbose_name=_("kompetens"))
    commitment = models.OneToOneField("commitments.Commitment", on_delete=models.CASCADE, related_name="+")

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("åtgärd i kompetensplanen")
        verbose_name_plural = _("åtgärder i kompetensplaner")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.school_id}:{self.competence_id}:{self.commitment_id}"


class ShowAndTell(models.Model):
    """A "Visa & berätta" session: a teacher shows a routine's practice, a colleague or leader checks it."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("municipalities.School", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("skola"))
    routine = models.ForeignKey("quality.Routine", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("rutin"))
    presenter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("visar"))
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                verbose_name=_("kontrollerar"))
    held_on = models.DateField(_("datum"))
    practice = models.CharField(_("vad som visas"), max_length=200, validators=[validate_single_line])
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("Visa & berätta")
        verbose_name_plural = _("Visa & berätta")
        ordering = ["-held_on", "-pk"]
        constraints = [single_line_constraint("practice", name="competence_practice_single_line")]
        indexes = [models.Index(fields=["school", "routine", "presenter"])]

    def __str__(self) -> str:
        return f"{self.practice} ({self.held_on})"


class CheckResult(models.TextChoices):
    SHOWN = "visat", _("Visat")
    PARTLY = "delvis", _("Delvis")
    NOT_YET = "inte-an", _("Inte ännu")


class SessionCheck(models.Model):
    """One checklist point checked in a session."""

    session = models.ForeignKey(ShowAndTell, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="+")
    result = models.CharField(_("resultat"), max_length=8, choices=CheckResult.choices)
    note = models.CharField(_("kommentar"), max_length=500, blank=True)

    objects = TenantScopedManager(municipality="session__municipality")

    class Meta:
        verbose_name = _("kontrollerad punkt")
        verbose_name_plural = _("kontrollerade punkter")
        ordering = ["item__position", "item__pk"]
        constraints = [models.UniqueConstraint(fields=["session", "item"], name="competence_check_once")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.item_id}={self.result}"
