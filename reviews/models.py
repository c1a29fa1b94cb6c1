"""Mappings (kartläggningar): templates of statements, a municipality's mapping, answers.

A template (SKR's governance statements, Modellen 2.0's eight dimensions, or a network's copy)
is data: areas, statements and a scale. Shipped templates have no network; a project leader's
copy belongs to their network. Templates are not tenant secrets and shipped ones belong to no
tenant, so they use a plain manager; network-owned copies are filtered by
``reviews.selectors.templates_for_network``.

Answers are stored per person so that a person can come back and change them, but no page ever
shows one person's answers to anyone else: results are aggregates (``reviews.selectors``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.scoping import TenantScopedManager
from core.validators import single_line_constraint, validate_single_line
from municipalities.models import Level

from .aggregation import DEFAULT_THRESHOLD, MIN_THRESHOLD

COMMENT_MAX_LENGTH = 2000


class TemplateKind(models.TextChoices):
    # A scale is summarised as a mean per level; a choice as how many ticked each answer.
    SCALE = "scale", _("Skala (medelvärde)")
    CHOICE = "choice", _("Val (antal per svar)")


class Template(models.Model):
    """A set of statements with a scale. Versions share a ``lineage``; answered ones are frozen."""

    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ av svar"), max_length=10, choices=TemplateKind.choices, default=TemplateKind.SCALE)
    allows_dont_know = models.BooleanField(_("tillåt ”vet inte”"), default=True)
    # Null: shipped with the product, usable by every municipality. Set: a network's own copy.
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="review_templates"
    )
    # All versions of one template share a lineage, so "change since the previous mapping" can
    # compare a mapping with one made on an earlier version.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1, validators=[MinValueValidator(1)])
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("kopia av")
    )
    superseded_at = models.DateTimeField(_("ersatt av ny version"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mall för kartläggning")
        verbose_name_plural = _("mallar för kartläggning")
        ordering = ["network_id", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="review_template_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})" if self.version > 1 else self.name

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class ScaleStep(models.Model):
    """One step of a template's scale, every step labelled (1 = stämmer inte alls …)."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="scale_steps")
    value = models.PositiveSmallIntegerField(_("värde"))
    label = models.CharField(_("text"), max_length=100)

    class Meta:
        verbose_name = _("skalsteg")
        verbose_name_plural = _("skalsteg")
        ordering = ["template", "value"]
        constraints = [models.UniqueConstraint(fields=["template", "value"], name="review_scale_step_unique")]

    def __str__(self) -> str:
        return f"{self.value} = {self.label}"


class Area(models.Model):
    """A group of statements (Gemensam ledning, Gemensam syn, Gemensamma rutiner)."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="areas")
    title = models.CharField(_("rubrik"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        ordering = ["template", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    """A statement (påstående) or a Modellen 2.0 dimension. Goals and commitments link here."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="statements")
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements", verbose_name=_("område")
    )
    # Stable across versions and copies: results of two versions are compared statement by key.
    key = models.SlugField(_("nyckel"), max_length=80)
    text = models.CharField(_("påstående"), max_length=300)
    short_label = models.CharField(_("kort namn"), max_length=80, blank=True)
    description = models.TextField(_("förklaring"), blank=True)
    discussion_prompt = models.TextField(_("att diskutera"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("påstående")
        verbose_name_plural = _("påståenden")
        ordering = ["template", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="review_statement_key_unique")]

    def __str__(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        return self.short_label or self.text


class Mapping(models.Model):
    """One municipality's self-assessment on one template, maybe in a network round."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="mappings"
    )
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="mappings", verbose_name=_("mall"))
    # Made in a round's home phase, presented at that round's network meeting.
    round = models.ForeignKey(
        "networks.Round", on_delete=models.SET_NULL, null=True, blank=True, related_name="mappings",
        verbose_name=_("omgång"),
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("stänger"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("öppnad av")
    )
    # Set when the coordinator closes it before the closing date.
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    # Fixed when the mapping opens (with the roster, RosterEntry): a later change of the network's
    # setting changes nothing for this mapping, so nobody can lower it after the answers are in.
    threshold = models.PositiveSmallIntegerField(
        _("anonymitetsgräns"), default=DEFAULT_THRESHOLD, validators=[MinValueValidator(MIN_THRESHOLD)]
    )
    # Per level, how many answers are left out of the figures and why; written when the mapping
    # opens and when it closes, so that the audit trail shows it (e.g. a burst of invitations).
    left_out_summary = models.TextField(_("svar som inte räknas"), blank=True)
    # The figures of a closed mapping (cells per statement and level, anonymity applied), written
    # by reviews.selectors on the first read after closing: a closed mapping's answers cannot
    # change, so its aggregate is counted once instead of on every page (issue 18). Stamped with
    # what it was computed under (dates, threshold, template, statements); a stamp that no longer
    # matches (a reopened mapping, say) is ignored and counted again. Not in the history: derived.
    figures = models.JSONField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")
    history = HistoricalRecords(excluded_fields=["figures"])

    class Meta:
        verbose_name = _("kartläggning")
        verbose_name_plural = _("kartläggningar")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="mapping_dates_order"),
            models.CheckConstraint(
                condition=models.Q(threshold__gte=MIN_THRESHOLD), name="mapping_threshold_min"
            ),
            single_line_constraint("title", name="mapping_title_single_line"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def is_closed(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is not None or today > self.closes_on

    @property
    def is_published(self) -> bool:
        """Shared with at least one network (for a list prefetch ``shares``, or set ``has_shares``:
        an Exists read with the row, as reviews.selectors.current_mapping annotates, or a lazy
        answer from shares the page reads anyway, as the results page does)."""
        has_shares = self.__dict__.get("has_shares")
        return bool(self.shares.all()) if has_shares is None else bool(has_shares)


class MappingShare(models.Model):
    """A mapping's aggregate result published to one network (access.visibility): only that
    network's leaders and members see it. Individual answers never leave, published or not."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="shares")
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+", verbose_name=_("nätverk"))
    shared_at = models.DateTimeField(_("delad"), default=timezone.now)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantScopedManager(municipality="mapping__municipality", network="network")

    class Meta:
        verbose_name = _("kartläggning delad med nätverk")
        verbose_name_plural = _("kartläggningar delade med nätverk")
        ordering = ["shared_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["mapping", "network"], name="mapping_share_unique")]

    def __str__(self) -> str:
        return f"{self.mapping_id} → {self.network_id}"


class LeftOut(models.TextChoices):
    """Why an answer is not counted in the figures (it still counts in participation)."""

    NEW_MEMBER = "new_member", _("ny på nivån (mindre än 14 dagar före start)")
    NOT_ASKED = "not_asked", _("inte tillfrågad (kom med efter att kartläggningen öppnade)")


# An answer counts in the figures only if its author was a member of that level this long before
# the mapping opened: accounts invited just before a mapping cannot be used to isolate real answers.
MEMBER_DAYS_BEFORE_OPEN = 14


class RosterEntry(models.Model):
    """Who was asked: a member of the municipality, at their level, when the mapping opened.

    Fixed at opening, so that later memberships change neither the response rate nor who counts.
    """

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="roster")
    # Kept when the account is deleted: the mapping still asked them.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    level_since = models.DateField(_("på nivån sedan"))
    counts = models.BooleanField(_("räknas i siffrorna"))

    objects = TenantScopedManager(municipality="mapping__municipality")

    class Meta:
        verbose_name = _("tillfrågad")
        verbose_name_plural = _("tillfrågade")
        constraints = [models.UniqueConstraint(fields=["mapping", "user"], name="review_roster_one_per_person")]
        indexes = [models.Index(fields=["mapping", "level"])]

    def __str__(self) -> str:
        return f"{self.mapping} – {self.pk}"


class Response(models.Model):
    """One person's answers to one mapping. Never shown to anyone but that person."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="responses")
    # SET_NULL, not CASCADE: deleting an account after a mapping closed must not change its figures
    # (the difference would be that person's answers). Without the user the answers are anonymous.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="mapping_responses"
    )
    # The level asked in (the roster's), else the level when answering: results are grouped by it
    # even if the person changes level later.
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    # Set by the service from the roster: only answers of members of the level well before the
    # mapping opened count in the figures; the others count in participation only.
    counted = models.BooleanField(_("räknas i siffrorna"), default=False)
    left_out = models.CharField(_("räknas inte"), max_length=12, choices=LeftOut.choices, blank=True)
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="mapping__municipality")

    class Meta:
        verbose_name = _("svar på kartläggning")
        verbose_name_plural = _("svar på kartläggningar")
        constraints = [models.UniqueConstraint(fields=["mapping", "user"], name="review_response_one_per_person")]
        indexes = [models.Index(fields=["mapping", "level"])]

    def __str__(self) -> str:
        return f"{self.mapping} – {self.pk}"


class Answer(models.Model):
    """One person's answer to one statement: a scale value, or "vet inte", and maybe a comment."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("svar"), null=True, blank=True)
    dont_know = models.BooleanField(_("vet inte"), default=False)
    comment = models.TextField(_("kommentar"), max_length=COMMENT_MAX_LENGTH, blank=True)

    objects = TenantScopedManager(municipality="response__mapping__municipality")

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="review_answer_one_per_statement"),
            models.CheckConstraint(
                condition=models.Q(dont_know=False) | models.Q(value__isnull=True), name="review_answer_dont_know_no_value"
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)
