"""Writes for mailings: record a send-out, and send it (the worker calls ``mailing_send``)."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from access.crosstenant import tenant_scope

from .models import Delivery, DeliveryStatus, Mailing, MailingKind

logger = logging.getLogger("skolnatverk.mail")

# A message that failed is tried again on the task's retries, up to this many attempts in all.
MAX_ATTEMPTS = 3
# A row "sending" for longer than the task may run was left by a worker that died mid-send.
STALE_AFTER = timedelta(minutes=15)

# What each kind of mailing says, in the app it is about: ``compose(mailing=...)`` loads the
# object once and returns a function that makes one recipient's message. Named here, imported
# when sent, so that those apps can start mailings without an import circle.
COMPOSERS: dict[str, str] = {
    MailingKind.MAPPING_OPENED: "reviews.mail.mapping_opened",
    MailingKind.MEETING_INVITATION: "networks.mail.meeting_invitation",
    MailingKind.MEMBER_INVITATION: "municipalities.mail.member_invitation",
    MailingKind.OUTSIDE_DOMAINS: "municipalities.mail.outside_domains",
}

Composer = Callable[[Delivery], EmailMessage]


@dataclass(frozen=True)
class Recipient:
    email: str
    user_id: int | None = None


def mailing_start(
    *,
    kind: MailingKind,
    object_id: int,
    recipients: Iterable[Recipient],
    municipality=None,
    network=None,
    requested_by=None,
) -> Mailing:
    """Record a send-out with one row per recipient; the worker sends it once this commits.

    An address given twice (in any case) gets one message.
    """
    with transaction.atomic():
        mailing = Mailing.objects.create(
            kind=kind, object_id=object_id, municipality=municipality, network=network, requested_by=requested_by
        )
        rows: dict[str, Delivery] = {}
        for recipient in recipients:
            email = recipient.email.strip()
            if email and email.lower() not in rows:
                rows[email.lower()] = Delivery(mailing=mailing, email=email, user_id=recipient.user_id)
        Delivery.objects.bulk_create(rows.values())
        if not rows:
            mailing.finished_at = timezone.now()
            mailing.save(update_fields=["finished_at"])
        else:
            transaction.on_commit(lambda: _enqueue(mailing.pk))
    return mailing


def _enqueue(mailing_id: int) -> None:
    from .tasks import send_mailing

    send_mailing.delay(mailing_id)


def _retryable() -> Q:
    return Q(status=DeliveryStatus.PENDING) | Q(status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS)


def _error_text(exc: Exception) -> tuple[str, bool]:
    """What the sender reads about a failure, and whether trying again can help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return _("Mottagarens e-postserver tog inte emot adressen."), False
    if isinstance(exc, (smtplib.SMTPException, OSError)):
        return _("E-postservern svarade inte. Vi försöker igen."), True
    return _("Mejlet kunde inte skapas."), False


def mailing_send(*, mailing_id: int, now: datetime | None = None) -> int:
    """Send the mailing's messages that have not gone out; returns how many are left to retry.

    Each recipient's row is claimed (pending or failed -> sending) before their message is sent,
    so two runs never both send to one person and a retry never sends twice to someone who had
    it. A row left "sending" by a worker that died may have gone out: it is not sent again, and
    the sender reads why.
    """
    now = now or timezone.now()
    # Mailing and Delivery have no scoped manager; the object a mailing is about is read inside
    # the mailing's tenant, as a view of that tenant would read it.
    mailing = Mailing.objects.filter(pk=mailing_id, finished_at__isnull=True).first()
    if mailing is None:
        return 0
    with tenant_scope(municipality_id=mailing.municipality_id, network_id=mailing.network_id):
        deliveries = Delivery.objects.filter(mailing=mailing)
        deliveries.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_AFTER).update(
            status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS,
            error=_("Avbröts medan det skickades. Skickas inte igen, så att ingen får det två gånger."),
        )
        try:
            compose: Composer = import_string(COMPOSERS[mailing.kind])(mailing=mailing)
        except ObjectDoesNotExist:
            deliveries.filter(_retryable()).update(
                status=DeliveryStatus.FAILED, attempts=MAX_ATTEMPTS, error=_("Det som utskicket gällde finns inte längre.")
            )
        else:
            _send_due(deliveries, compose)
        left = deliveries.filter(_retryable() | Q(status=DeliveryStatus.SENDING)).count()
        if not left:
            Mailing.objects.filter(pk=mailing.pk).update(finished_at=timezone.now())
    return left


def _send_due(deliveries, compose: Composer) -> None:
    due = list(deliveries.filter(_retryable()).order_by("pk"))
    with get_connection() as connection:
        for delivery in due:
            claimed = deliveries.filter(pk=delivery.pk, status=delivery.status, attempts=delivery.attempts).update(
                status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
            )
            if not claimed:
                continue  # another run has it
            row = deliveries.filter(pk=delivery.pk)
            try:
                message = compose(delivery)
                message.connection = connection
                message.send()
            except Exception as exc:
                text, transient = _error_text(exc)
                logger.exception("E-post kunde inte skickas: utskick %s till %s", delivery.mailing_id, delivery.email)
                row.update(status=DeliveryStatus.FAILED, error=text, **({} if transient else {"attempts": MAX_ATTEMPTS}))
            else:
                row.update(status=DeliveryStatus.SENT, sent_at=timezone.now(), error="")
