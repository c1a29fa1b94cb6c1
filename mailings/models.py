"""E-mail to many people: one row per send-out, one row per recipient.

A mailing is sent by the worker (``mailings.tasks.send_mailing``), never inside a web request.
Each recipient's row records whether their message went out, so a retry sends only to those who
have not had it, and the person who started the send-out sees "skickat till 57 av 58".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailingKind(models.TextChoices):
    MAPPING_OPENED = "mapping_opened", _("Kartläggning öppnad")
    MEETING_INVITATION = "meeting_invitation", _("Inbjudan till nätverksträff")
    MEMBER_INVITATION = "member_invitation", _("Inbjudan att bli medlem")
    OUTSIDE_DOMAINS = "outside_domains", _("Inbjudan utanför kommunens domäner, till samordnarna")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Väntar")
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickat")
    FAILED = "failed", _("Kunde inte skickas")


class Mailing(models.Model):
    """One send-out to many people about one object (a mapping, a meeting, an invitation).

    It belongs to a municipality or to a network, never both. It has no scoped manager: a
    mailing is always read through the object it is about, which the view has already fetched
    through its tenant, and ``mailings.selectors`` filter by that tenant as well.
    """

    kind = models.CharField(_("slag"), max_length=30, choices=MailingKind.choices)
    object_id = models.PositiveBigIntegerField(_("gäller"))
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("skickat av"),
    )
    created = models.DateTimeField(_("skapat"), auto_now_add=True)
    # Set when no recipient is left to try (every message went out, or failed for the last time).
    finished_at = models.DateTimeField(_("klart"), null=True, blank=True)

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        indexes = [models.Index(fields=["kind", "object_id", "-created"], name="mailing_object")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=True) ^ models.Q(network__isnull=True),
                name="mailing_one_tenant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} ({self.created:%Y-%m-%d %H:%M})"


class Delivery(models.Model):
    """One recipient of a mailing. Its status is written with ``update()`` (no page part is kept
    in the tenant cache with it, and a send-out to 500 people should not renew the tenant 500
    times)."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-postadress"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    # When the current attempt claimed the row: a row left "sending" by a worker that died is
    # told apart from one being sent right now.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    error = models.CharField(_("fel"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mottagare")
        verbose_name_plural = _("mottagare")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "email"], name="delivery_once_per_address"),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.status}"
