"""Reads for mailings: how a send-out went, for the person who started it."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Delivery, DeliveryStatus, Mailing, MailingKind


@dataclass(frozen=True)
class MailingStatus:
    mailing: Mailing
    total: int
    sent: int
    failed: list[Delivery]  # each with its user (for the name) and the reason
    finished: bool

    @property
    def waiting(self) -> int:
        return self.total - self.sent - len(self.failed)

    @property
    def all_sent(self) -> bool:
        return self.sent == self.total


def mailing_latest(*, kind: MailingKind, object_id: int, municipality=None, network=None) -> MailingStatus | None:
    """The latest send-out about an object of this tenant (a municipality's or a network's)."""
    if (municipality is None) == (network is None):
        raise ValueError("A mailing belongs to a municipality or to a network.")
    tenant = {"municipality": municipality} if municipality is not None else {"network": network}
    # Mailing has no scoped manager (see its docstring); the tenant is in the filter.
    mailing = Mailing.objects.filter(kind=kind, object_id=object_id, **tenant).order_by("-created", "-pk").first()
    if mailing is None:
        return None
    rows = list(
        Delivery.objects.filter(mailing=mailing).exclude(status=DeliveryStatus.SENT)
        .select_related("user").order_by("email")
    )
    total = Delivery.objects.filter(mailing=mailing).count()
    sent = total - len(rows)
    failed = [row for row in rows if row.status == DeliveryStatus.FAILED]
    return MailingStatus(mailing=mailing, total=total, sent=sent, failed=failed, finished=mailing.finished_at is not None)


def deliveries_latest(*, kind: MailingKind, object_ids: list[int], municipality) -> dict[int, Delivery]:
    """For one-recipient send-outs (a member invitation): object id -> its latest delivery."""
    rows = (
        Delivery.objects.filter(mailing__kind=kind, mailing__object_id__in=object_ids, mailing__municipality=municipality)
        .select_related("mailing").order_by("mailing__created", "mailing_id")
    )
    return {row.mailing.object_id: row for row in rows}
