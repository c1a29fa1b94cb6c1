"""Teaching quality (Modellen 2.0, dimension 4): the rubric, lesson visits and each school's plan.

- ``Rubric`` is one version of the organisation's rubric (a draft until förvaltning adopts it);
  its ``Aspect`` rows keep a ``key`` from version to version, so the school's picture follows an
  aspect over time even when its wording changes. A visit records the version it used.
- ``LessonVisit`` is staff data: the teacher visited and their school's principal see it, nobody
  else (``access.rights.can_see_lesson_visit``); förvaltning sees school aggregates only.
- ``TeachingPlan`` is a school's plan for a school year: focus aspects, actions (commitments)
  and how the next visits will show the effect.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.scoping import TenantScopedManager
from core.validators import single_line_constraint, validate_single_line

SCALE_MIN, SCALE_MAX = 2, 6  # steps a rubric's scale may have


class Rubric(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="teaching_rubrics"
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # The scale's steps from lowest to highest (a score is 1..len(scale)); the same for every aspect.
    scale = models.JSONField(_("skala"), default=list)
    adopted_on = models.DateField(_("antagen"), null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(default=timezone.now)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("bedömningsmatris för undervisning")
        verbose_name_plural = _("bedömningsmatriser för undervisning")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "version"], name="teaching_rubric_version"),
            single_line_constraint("title", name="teaching_rubric_title_single_line"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    @property
    def top(self) -> int:
        return len(self.scale)


class Aspect(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="aspects")
    # Stable from version to version: the picture over time groups by it.
    key = models.SlugField(_("nyckel"), max_length=60)
    title = models.CharField(_("aspekt"), max_length=120, validators=[validate_single_line])
    description = models.TextField(_("så ser det ut när det fungerar"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = TenantScopedManager(municipality="rubric__municipality")

    class Meta:
        verbose_name = _("aspekt")
        verbose_name_plural = _("aspekter")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "key"], name="teaching_aspect_key"),
            single_line_constraint("title", name="teaching_aspect_title_single_line"),
        ]

    def __str__(self) -> str:
        return self.title


class LessonVisit(models.Model):
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE,
                                     related_name="lesson_visits")
    school = models.ForeignKey("municipalities.School", on_delete=models.CASCADE, related_name="lesson_visits")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="visits")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_visits")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="lesson_visits_made")
    visited_on = models.DateField(_("datum"))
    # "2026-2" is the autumn term of 2026, "2027-1" the spring term of 2027: sorts in time order.
    term = models.CharField(max_length=6, editable=False)
    lesson = models.CharField(_("lektion"), max_length=120, blank=True, validators=[validate_single_line])
    strengths = models.TextField(_("styrkor"), blank=True)
    to_develop = models.TextField(_("en sak att utveckla"), blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    teacher_comment = models.TextField(_("lärarens kommentar"), blank=True)
    teacher_commented_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("lektionsbesök")
        verbose_name_plural = _("lektionsbesök")
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "school", "term"]),
            models.Index(fields=["teacher", "visited_on"]),
        ]
        constraints = [single_line_constraint("lesson", name="teaching_visit_lesson_single_line")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.lesson}"


class AspectScore(models.Model):
    """One aspect's score in one visit; an aspect not seen in the lesson has no row."""

    visit = models.ForeignKey(LessonVisit, on_delete=models.CASCADE, related_name="scores")
    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_MAX)])

    objects = TenantScopedManager(municipality="visit__municipality")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "aspect"], name="teaching_score_once"),
            models.CheckConstraint(condition=models.Q(score__gte=1), name="teaching_score_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.aspect_id}: {self.score}"


class TeachingPlan(models.Model):
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE,
                                     related_name="teaching_plans")
    school = models.ForeignKey("municipalities.School", on_delete=models.CASCADE, related_name="teaching_plans")
    school_year = models.PositiveSmallIntegerField(_("läsår"))  # by its autumn: 2026 is 2026/27
    # Aspect keys (stable across rubric versions), in the rubric's order.
    focus_keys = models.JSONField(_("fokusaspekter"), default=list)
    why = models.TextField(_("varför just de här"), blank=True)
    effect = models.TextField(_("så ska nästa besök visa effekten"), blank=True)
    commitments = models.ManyToManyField("commitments.Commitment", blank=True, related_name="+",
                                         verbose_name=_("åtgärder"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("plan för bättre undervisning")
        verbose_name_plural = _("planer för bättre undervisning")
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="teaching_plan_per_year")]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"
