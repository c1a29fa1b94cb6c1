"""The networks app's reads and writes across tenants, in one place (see access/crosstenant.py).

A person's own meetings and roles span networks and municipalities (the start page, the calendar
feed), a meeting's invitations go to every member municipality, and the reminder run goes over
every network at once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from access.crosstenant import user_networks_q
from municipalities.models import Membership, Municipality

from .models import Meeting, Network, NetworkMembership, ProjectLeader, Registration

REMINDER_DAYS_BEFORE = 3


def user_project_leaderships(*, user) -> list[ProjectLeader]:
    """The user's own project-leader roles, across networks (start page)."""
    with scopes_disabled():
        return list(ProjectLeader.objects.filter(user=user).select_related("network").order_by("network__name"))


def networks_for_user(*, user) -> list[Network]:
    """Every network the user can open: as project leader or through a member municipality."""
    with scopes_disabled():
        return list(Network.objects.filter(user_networks_q(user)).order_by("name"))


def meetings_for_user(*, user) -> list[Meeting]:
    """Every meeting of every network the user takes part in (as member or project leader)."""
    with scopes_disabled():
        network_ids = [n.pk for n in networks_for_user(user=user)]
        return list(
            Meeting.objects.filter(round__network_id__in=network_ids)
            .select_related("round", "round__network")
            .order_by("starts")
        )


def meetings_to_register_for(
    *, user, now: datetime | None = None, memberships: list[Membership] | None = None
) -> list[tuple[Meeting, Municipality]]:
    """Upcoming meetings of the user's networks (through their municipalities) they have not registered for.

    ``memberships``: the user's own, with their municipality (e.g. ``user_memberships``), when
    the caller has read them.
    """
    now = now or timezone.now()
    with scopes_disabled():
        if memberships is None:
            memberships = list(Membership.objects.filter(user=user).select_related("municipality"))
        if not memberships:
            return []
        by_municipality = {m.municipality_id: m.municipality for m in memberships}
        network_to_municipality: dict[int, Municipality] = {}
        for nm in NetworkMembership.objects.filter(municipality_id__in=by_municipality).order_by("municipality__name"):
            network_to_municipality.setdefault(nm.network_id, by_municipality[nm.municipality_id])
        upcoming = (
            Meeting.objects.filter(round__network_id__in=network_to_municipality, ends__gte=now)
            .exclude(registrations__user=user)
            .select_related("round", "round__network")
            .order_by("starts")
        )
        seen: set[int] = set()
        result = []
        for meeting in upcoming:
            if meeting.round.network_id in seen:
                continue  # only each network's next meeting
            seen.add(meeting.round.network_id)
            result.append((meeting, network_to_municipality[meeting.round.network_id]))
        return result


def meeting_reminders_due(*, today: date, days_ahead: int = REMINDER_DAYS_BEFORE) -> list[Registration]:
    """Registrations to remind: the meeting is at most ``days_ahead`` days ahead and nobody reminded them yet.

    A window rather than an exact day, so that a run the beat missed is caught up the day after.
    """
    tz = timezone.get_current_timezone()
    window_start = timezone.make_aware(datetime.combine(today, time.min), tz)
    window_end = timezone.make_aware(datetime.combine(today + timedelta(days=days_ahead + 1), time.min), tz)
    with scopes_disabled():
        return list(
            Registration.objects.filter(
                meeting__starts__gte=window_start,
                meeting__starts__lt=window_end,
                reminder_sent_at__isnull=True,
                user__isnull=False,
                user__is_active=True,
            )
            .select_related("user", "meeting", "meeting__round", "meeting__round__network", "municipality")
            .order_by("meeting__starts", "pk")
        )


def meeting_invitation_recipients(*, network_id: int) -> list[tuple[str, int]]:
    """(e-mail, user id) of every active member of the network's member municipalities."""
    with scopes_disabled():
        return sorted(set(
            Membership.objects.filter(
                municipality__network_memberships__network_id=network_id, user__is_active=True
            ).values_list("user__email", "user_id")
        ))


def membership_of(*, user, municipality: Municipality) -> Membership | None:
    """The user's membership in a municipality (a member of the meeting's network) or None."""
    with scopes_disabled():
        return Membership.objects.filter(user=user, municipality=municipality).first()


def meeting_reminder_claim(*, registration: Registration) -> bool:
    """Mark the reminder as sent before sending it; False if another run already did."""
    with scopes_disabled():
        return bool(
            Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
        )


def meeting_reminder_unclaim(*, registration: Registration) -> None:
    """Give the claim back (sending failed) so that the next run tries again."""
    with scopes_disabled():
        Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=None)
