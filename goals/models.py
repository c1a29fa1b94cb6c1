from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.scoping import TenantScopedManager
from core.validators import single_line_constraint, validate_single_line
from municipalities.models import Level

# The cascade runs downwards: a goal's parent is on the same level or a level above it.
LEVEL_ORDER = {Level.NAMND: 0, Level.FORVALTNING: 1, Level.REKTOR: 2, Level.LARARE: 3}
SCHOOL_LEVELS = (Level.REKTOR, Level.LARARE)

# Suggested areas for the form; the area is free text, so any subject or area can be used.
AREA_SUGGESTIONS = (
    "Matematik", "Svenska", "Svenska som andraspråk", "Engelska", "Alla ämnen", "Styrning och ledning",
    "Trygghet och studiero", "Närvaro",
)


class GoalStatus(models.TextChoices):
    PROPOSED = "forslag", _("Förslag")
    ACTIVE = "aktivt", _("Aktivt")


class Goal(models.Model):
    """An operative goal (operativt mål) of a municipality, at one of the four levels.

    Goals cascade: a board goal has administration sub-goals, which have school goals, which can
    have teacher-team goals (``parent``). ``version`` is bumped on every edit so that an edit form
    that was opened before someone else saved can be refused instead of overwriting.
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="goals", verbose_name=_("kommun")
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    area = models.CharField(_("område eller ämne"), max_length=100)
    level = models.CharField(_("nivå som äger målet"), max_length=12, choices=Level.choices)
    school = models.ForeignKey(
        "municipalities.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("skola"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("övergripande mål"),
    )
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    starts_on = models.DateField(_("startdatum"))
    target_on = models.DateField(_("måldatum"))
    adopted_on = models.DateField(_("antaget av nämnden"), null=True, blank=True)
    adoption_paragraph = models.CharField(_("paragraf i protokollet"), max_length=40, blank=True)
    adoption_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The governance statements of the mapping templates that the goal serves.
    statements = models.ManyToManyField(
        "reviews.Statement", blank=True, related_name="goals", verbose_name=_("målsättningar som målet tjänar")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = TenantScopedManager(municipality="municipality")
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("operativt mål")
        verbose_name_plural = _("operativa mål")
        ordering = ["municipality", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(target_on__gte=models.F("starts_on")), name="goal_dates_in_order"),
            models.CheckConstraint(
                condition=~models.Q(adopted_on__isnull=False, adoption_paragraph=""),
                name="goal_adoption_has_paragraph",
            ),
            single_line_constraint("title", name="goal_title_single_line"),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    @property
    def is_proposal(self) -> bool:
        return self.status == GoalStatus.PROPOSED

    @property
    def is_shared(self) -> bool:
        """Shared with at least one network (for a list prefetch ``shares``, or annotate
        ``has_shares``: an Exists read with the row, as goals.selectors.goal_tree does)."""
        has_shares = self.__dict__.get("has_shares")
        return bool(self.shares.all()) if has_shares is None else bool(has_shares)



class GoalShare(models.Model):
    """A goal shared with one network: that network's leaders and members see it, no other
    network does (access.visibility). A municipality in two networks chooses per network."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="shares")
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+", verbose_name=_("nätverk"))
    shared_at = models.DateTimeField(_("delat"), default=timezone.now)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantScopedManager(municipality="goal__municipality", network="network")

    class Meta:
        verbose_name = _("mål delat med nätverk")
        verbose_name_plural = _("mål delade med nätverk")
        ordering = ["shared_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["goal", "network"], name="goal_share_unique")]

    def __str__(self) -> str:
        return f"{self.goal_id} → {self.network_id}"


class GoalIndicator(models.Model):
    """An indicator a goal is followed by, with its baseline and its target.

    Imported indicators carry the grade on each measurement, so the link names the grade that is
    followed (grade 9 for "passing grades in all subjects" at the end of compulsory school); the
    cohort view follows the same indicator across the other grades.
    """

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="goal_indicators", verbose_name=_("mål"))
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="goal_links", verbose_name=_("mått")
    )
    grade = models.PositiveSmallIntegerField(_("årskurs"), null=True, blank=True)
    baseline_value = models.DecimalField(_("utgångsvärde"), max_digits=12, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("utgångsläge, läsår (vårterminens år)"))
    target_value = models.DecimalField(_("målvärde"), max_digits=12, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("målår, läsår (vårterminens år)"))
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="goal__municipality")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mått för mål")
        verbose_name_plural = _("mått för mål")
        ordering = ["goal", "pk"]
        constraints = [
            models.UniqueConstraint(
                "goal", "indicator", models.functions.Coalesce("grade", models.Value(0)),
                name="goal_indicator_unique",
            ),
            models.CheckConstraint(condition=models.Q(target_year__gt=models.F("baseline_year")), name="goal_indicator_years_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.indicator}"
