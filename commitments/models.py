"""Feedback at network meetings, commitments, progress updates and reminders."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from access.scoping import TenantScopedManager
from core.validators import single_line_constraint, validate_single_line


def private_storage():
    # Looked up at each use (not bound to a field at import) so that settings can swap it.
    return storages["private"]


def attachment_path(filename: str) -> str:
    """A generated name: the uploader's file name never reaches the disk (only the database)."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"commitments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class FeedbackKind(models.TextChoices):
    WORKS = "fungerar", _("Det här fungerar")
    QUESTION = "fraga", _("Fråga")
    SUGGESTION = "forslag", pgettext_lazy("återkoppling", "Förslag")


class Feedback(models.Model):
    """Feedback (återkoppling) to a presenting municipality at a network meeting.

    Seen by the receiving municipality, the network's project leaders and the author; never by
    the other municipalities of the network.
    """

    meeting = models.ForeignKey("networks.Meeting", on_delete=models.CASCADE, related_name="feedback")
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="feedback_received",
        verbose_name=_("till kommun"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The municipality the author spoke for; empty for a project leader.
    author_municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback_given"
    )
    kind = models.CharField(_("typ"), max_length=10, choices=FeedbackKind.choices)
    text = models.TextField(_("återkoppling"), max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("återkoppling")
        verbose_name_plural = _("återkopplingar")
        ordering = ["created"]
        indexes = [models.Index(fields=["municipality", "meeting"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class CommitmentStatus(models.TextChoices):
    PLANNED = "planerad", _("Planerad")
    IN_PROGRESS = "pagar", _("Pågår")
    DONE = "genomford", _("Genomförd")
    NOT_DONE = "ej_genomford", _("Ej genomförd")


OPEN_STATUSES = (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS)


class Commitment(models.Model):
    """A commitment (åtagande) a municipality makes at a network meeting or at home.

    ``version`` is bumped on every save through the services, so that a form opened before
    someone else saved is refused instead of overwriting (optimistic concurrency).
    """

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="commitments", verbose_name=_("kommun")
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    # A subset of the four levels (municipalities.Level values); a list, never queried per level.
    levels = models.JSONField(_("ansvariga nivåer"), default=list)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="commitments_owned",
        verbose_name=_("ansvarig person"),
    )
    schools = models.ManyToManyField("municipalities.School", blank=True, related_name="commitments", verbose_name=_("skolor"))
    goals = models.ManyToManyField("goals.Goal", blank=True, related_name="commitments", verbose_name=_("operativa mål"))
    statements = models.ManyToManyField(
        "reviews.Statement", blank=True, related_name="commitments", verbose_name=_("påståenden i kartläggningen")
    )
    meeting = models.ForeignKey(
        "networks.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments",
        verbose_name=_("gjort vid nätverksträff"),
    )
    source_feedback = models.ForeignKey(
        Feedback, on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments"
    )
    due_on = models.DateField(_("klart senast"))
    status = models.CharField(_("status"), max_length=14, choices=CommitmentStatus.choices, default=CommitmentStatus.PLANNED)
    not_done_reason = models.TextField(_("skäl till att det inte blev genomfört"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = TenantScopedManager(municipality="municipality")
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")
        ordering = ["due_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ej_genomford", not_done_reason=""), name="commitment_not_done_has_reason"
            ),
            single_line_constraint("title", name="commitment_title_single_line"),
        ]
        indexes = [models.Index(fields=["municipality", "status"]), models.Index(fields=["municipality", "due_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def level_labels(self) -> list[str]:
        from municipalities.models import Level

        labels = dict(Level.choices)
        return [str(labels[v]) for v in self.levels if v in labels]


class CommitmentShare(models.Model):
    """A commitment shared with one network: made at that network's meeting (access.visibility).

    A commitment made at home has no share: each network of the municipality sees it from the
    start of that network's next meeting, where it is presented (the report-back).
    """

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="shares")
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+", verbose_name=_("nätverk"))
    shared_at = models.DateTimeField(_("delat"), default=timezone.now)

    objects = TenantScopedManager(municipality="commitment__municipality", network="network")

    class Meta:
        verbose_name = _("åtagande delat med nätverk")
        verbose_name_plural = _("åtaganden delade med nätverk")
        ordering = ["shared_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["commitment", "network"], name="commitment_share_unique")]

    def __str__(self) -> str:
        return f"{self.commitment_id} → {self.network_id}"


class ProgressUpdate(models.Model):
    """What someone did on a commitment: the history of a commitment is its list of updates."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("vad gjordes"), max_length=5000)
    done_on = models.DateField(_("datum"))
    confidence = models.PositiveSmallIntegerField(
        _("tilltro (0–10)"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    # The name of the file in storages["private"]; served only by commitments.views.attachment.
    attachment = models.CharField(_("bilaga"), max_length=200, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_size = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = TenantScopedManager(municipality="commitment__municipality")

    class Meta:
        verbose_name = _("lägesuppdatering")
        verbose_name_plural = _("lägesuppdateringar")
        ordering = ["-done_on", "-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__isnull=True) | models.Q(confidence__lte=10), name="update_confidence_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.done_on}"


class ReminderPreference(models.Model):
    """A person's choice about reminder e-mails (an opt-out: no row means reminders are on)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    email_reminders = models.BooleanField(_("skicka påminnelser via e-post"), default=True)
    # One e-mail a week with what happened, instead of one per event (commitments.services.digests_send).
    weekly_digest = models.BooleanField(_("en sammanfattning i veckan"), default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inställning för påminnelser")
        verbose_name_plural = _("inställningar för påminnelser")

    def __str__(self) -> str:
        return f"{self.user}: {'på' if self.email_reminders else 'av'}"


class ReminderKind(models.TextChoices):
    COMMITMENT_DUE = "commitment_due", _("Åtagande snart klart")
    COMMITMENT_OVERDUE = "commitment_overdue", _("Åtagande försenat")
    MAPPING = "mapping", _("Kartläggning att besvara")
    MEETING = "meeting", _("Nätverksträff")
    COMMITMENT_OWNER = "commitment_owner", _("Ansvarig för åtagande")


class DigestEntry(models.Model):
    """A reminder kept for a person's weekly digest instead of being e-mailed at once.

    Written in the same transaction as its ``ReminderSent`` row; ``sent_at`` is set when the
    digest that carries it goes out, so nothing of the week is lost or told twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("text"))
    path = models.CharField(max_length=300)
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("händelse i veckosammanfattning")
        verbose_name_plural = _("händelser i veckosammanfattning")
        indexes = [models.Index(fields=["user", "sent_at"], name="digest_entry_pending")]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"


class ReminderSent(models.Model):
    """One reminder that went out: the unique key makes sending idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField()
    # The period the reminder is for, e.g. the due date, or the ISO week of an overdue reminder.
    window = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "object_id", "window"], name="reminder_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.user} ({self.window})"
