"""Demo step for send-outs: the e-mail the story has already sent, so "Skickat till N av M" shows.

Runs after the reviews and networks steps. The rows are written as a finished send-out would have
left them (nothing is sent again): the opened mapping of each municipality, the invitations to
each network meeting, and two pending member invitations in Fagersta. In Fagersta one address
bounced, so its coordinator sees "Skickat till N-1 av N" and who did not get the e-mail.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from municipalities.demo import NETWORK_SLUG
from municipalities.models import Invitation, Level, Membership, Municipality, School
from networks.models import Meeting, Network
from reviews.models import Mapping, RosterEntry

from .models import Delivery, DeliveryStatus, Mailing, MailingKind

BOUNCED = "Mottagarens e-postserver tog inte emot adressen."
# Who in Fagersta did not get the mapping's e-mail (a full mailbox), by e-mail address.
FAGERSTA_BOUNCE = "larare4.fagersta@demo.skolnatverk.se"
INVITATIONS = [
    # (address, name, level, bounced)
    ("anna.lindqvist@fagersta.se", "Anna Lindqvist", Level.LARARE, False),
    ("per.holm@fagesta.se", "Per Holm", Level.REKTOR, True),  # a typo in the domain: it bounced
]


def _record(*, kind, object_id, when, requested_by, recipients, bounced=(), municipality=None, network=None) -> Mailing:
    """One finished send-out, as the worker would have left it (idempotent: made once)."""
    tenant = {"municipality": municipality} if municipality is not None else {"network": network}
    mailing = Mailing.objects.filter(kind=kind, object_id=object_id, **tenant).first()
    if mailing is not None:
        return mailing
    mailing = Mailing.objects.create(kind=kind, object_id=object_id, requested_by=requested_by, **tenant)
    seen = set()
    rows = []
    for email, user_id in recipients:
        if email.lower() in seen:
            continue
        seen.add(email.lower())
        failed = email in bounced
        rows.append(Delivery(
            mailing=mailing, user_id=user_id, email=email, attempts=1, claimed_at=when,
            status=DeliveryStatus.FAILED if failed else DeliveryStatus.SENT,
            sent_at=None if failed else when, error=BOUNCED if failed else "",
        ))
    Delivery.objects.bulk_create(rows)
    Mailing.objects.filter(pk=mailing.pk).update(created=when, finished_at=when + datetime.timedelta(minutes=2))
    return mailing


def _at_eight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))


def build(*, stdout) -> None:
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    if network is None:
        stdout.write("  (hoppar över: demonätverket saknas)")
        return
    count = 0
    # Opening a mapping e-mails everyone on its roster.
    for mapping in Mapping.objects.filter(municipality__network_memberships__network=network).select_related("municipality"):
        roster = RosterEntry.objects.filter(mapping=mapping, user__isnull=False).values_list("user__email", "user_id")
        _record(
            kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk, municipality=mapping.municipality,
            when=_at_eight(mapping.opens_on), requested_by=mapping.opened_by, recipients=list(roster),
            bounced={FAGERSTA_BOUNCE} if mapping.municipality.slug == "fagersta" and mapping.closes_on >= timezone.localdate() else (),
        )
        count += 1
    # The project leader invites every member of the member municipalities to each meeting.
    leader = next((pl.user for pl in network.project_leaders.select_related("user").order_by("pk")), None)
    for meeting in Meeting.objects.filter(round__network=network).select_related("round"):
        members = Membership.objects.filter(
            municipality__network_memberships__network=network, user__is_active=True
        ).order_by("user__email").values_list("user__email", "user_id")
        sent = meeting.invitations_sent_at or meeting.starts - datetime.timedelta(days=40)
        _record(
            kind=MailingKind.MEETING_INVITATION, object_id=meeting.pk, network=network,
            when=min(sent, meeting.starts - datetime.timedelta(days=40)), requested_by=leader, recipients=list(members),
        )
        count += 1
    # Two people invited to Fagersta who have not accepted yet; one address has a typo.
    fagersta = Municipality.objects.filter(slug="fagersta").first()
    if fagersta is not None:
        coordinator = Membership.objects.filter(municipality=fagersta, is_coordinator=True).order_by("pk").first()
        school = School.objects.filter(municipality=fagersta).order_by("name").first()
        for days_ago, (email, name, level, bounced) in enumerate(INVITATIONS, start=2):
            invitation, created = Invitation.objects.get_or_create(
                municipality=fagersta, email=email, accepted_at__isnull=True,
                defaults={
                    "full_name": name, "level": level, "school": school if level != Level.NAMND else None,
                    "invited_by": coordinator.user if coordinator else None, "network": network,
                    "expires_at": timezone.now() + datetime.timedelta(days=14 - days_ago),
                },
            )
            _record(
                kind=MailingKind.MEMBER_INVITATION, object_id=invitation.pk, municipality=fagersta,
                when=timezone.now() - datetime.timedelta(days=days_ago), requested_by=invitation.invited_by,
                recipients=[(email, None)], bounced={email} if bounced else (),
            )
            count += 1
    stdout.write(f"  mailings: {count} utskick, {Delivery.objects.filter(~Q(status=DeliveryStatus.SENT)).count()} kom inte fram")
