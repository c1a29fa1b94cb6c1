"""Writes about networks."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import partial

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import date_text
from core.mail import SendTally, send_isolated, subject_line
from mailings.models import MailingKind
from mailings.services import Recipient, mailing_start
from municipalities.models import Invitation, Level, Membership, Municipality
from municipalities.services import invitation_create
from reviews.aggregation import MIN_THRESHOLD

from .crosstenant import (  # noqa: F401 (meeting_reminders_due re-exported)
    REMINDER_DAYS_BEFORE,
    meeting_invitation_recipients,
    meeting_reminder_claim,
    meeting_reminder_unclaim,
    meeting_reminders_due,
    membership_of,
)
from .grouping import GroupingError, GroupingResult, Person, make_groups
from .models import CalendarFeed, Group, Meeting, Network, NetworkMembership, Registration, Round


@transaction.atomic
def coordinator_invite(
    *, network: Network, invited_by, municipality: Municipality, email: str, level: str, full_name: str = ""
) -> tuple[Invitation, bool]:
    """A project leader invites the first coordinator of a member municipality that has none.

    A leader gives no one a role inside a municipality otherwise (issue 12): coordinators are
    appointed by the municipality's own coordinators or by platform staff. So this is refused
    when the municipality has a coordinator, or already has a pending invitation for its first
    one (to another address), and the invitation stops working if a coordinator comes first.
    """
    if not NetworkMembership.objects.filter(network=network, municipality=municipality).exists():
        raise ValidationError({"municipality": _("Kommunen är inte med i nätverket.")})
    # The municipality's row is the lock: two leaders (or a double click) send one first invitation.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).exists()
    if Membership.objects.filter(municipality=municipality, is_coordinator=True).exists():
        raise ValidationError(
            {"municipality": _("%(name)s har redan en kommunsamordnare. Nya samordnare utses av kommunens egna samordnare.")
             % {"name": municipality.name}}
        )
    waiting = (
        Invitation.objects.filter(
            municipality=municipality, is_coordinator=True, accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .exclude(email__iexact=email.strip())
        .order_by("expires_at")
        .last()
    )
    if waiting is not None:
        raise ValidationError(
            {"municipality": _("En inbjudan till %(name)s första samordnare väntar redan (giltig till %(date)s).")
             % {"name": municipality.name, "date": date_text(waiting.expires_at)}}
        )
    return invitation_create(
        municipality=municipality,
        invited_by=invited_by,
        email=email,
        level=level,
        full_name=full_name,
        is_coordinator=True,
        network=network,
    )


def network_settings_update(
    *, network: Network, require_mfa_for_leaders: bool, anonymity_threshold: int, agreed_rounds: int
) -> Network:
    if anonymity_threshold < MIN_THRESHOLD:
        raise ValidationError(
            {"anonymity_threshold": _("Gränsen kan aldrig vara lägre än %(n)s.") % {"n": MIN_THRESHOLD}}
        )
    existing = Round.objects.filter(network=network).count()
    if agreed_rounds < existing:
        raise ValidationError(
            {"agreed_rounds": _("Nätverket har redan %(n)s omgångar; ta bort omgångar först eller välj minst %(n)s.") % {"n": existing}}
        )
    network.require_mfa_for_leaders = require_mfa_for_leaders
    network.anonymity_threshold = anonymity_threshold
    network.agreed_rounds = agreed_rounds
    network.save(update_fields=["require_mfa_for_leaders", "anonymity_threshold", "agreed_rounds"])
    return network


# --- Sharing with networks ------------------------------------------------------------------------

@transaction.atomic
def shares_set(*, shares, municipality: Municipality, networks: Iterable[Network], by=None) -> tuple[set[int], set[int]]:
    """Make a goal's or a mapping's ``shares`` (its related manager) exactly ``networks``.

    Sharing is recorded per network (access.visibility). Only networks the municipality is in
    can be chosen; anything else is refused whole, so nothing is saved half-way. Returns the
    ids of the networks added and removed.
    """
    wanted = {n.pk for n in networks}
    allowed = set(NetworkMembership.objects.filter(municipality=municipality).values_list("network_id", flat=True))
    if wanted - allowed:
        raise ValidationError({"networks": _("Kommunen är inte med i det nätverket.")})
    current = set(shares.values_list("network_id", flat=True))
    removed, added = current - wanted, wanted - current
    # One row at a time (not a queryset delete or bulk_create): each sends the signal that
    # renews the tenant cache of the network it leaves or reaches.
    for share in shares.filter(network_id__in=removed):
        share.delete()
    for network_id in sorted(added):
        shares.create(network_id=network_id, shared_by=by)
    return added, removed


# --- Rounds and meetings -------------------------------------------------------------------------

@transaction.atomic
def round_create(*, network: Network, home_phase_starts: date, title: str = "") -> Round:
    """Add the network's next round. Its home phase starts after the previous round's meeting."""
    # Lock the network row: two leaders adding a round at once get consecutive numbers. (Locking
    # the rounds themselves would lock nothing while there are none, and PostgreSQL refuses FOR
    # UPDATE across the nullable join to the meeting.)
    Network.objects.select_for_update().filter(pk=network.pk).first()
    last = Round.objects.filter(network=network).order_by("-number").first()
    number = (last.number + 1) if last else 1
    if number > network.agreed_rounds:
        raise ValidationError(
            _("Nätverket har kommit överens om %(n)d omgångar. Ändra antalet i inställningarna för att lägga till fler.")
            % {"n": network.agreed_rounds}
        )
    if last is not None:
        earliest = last.home_phase_starts
        meeting = Meeting.objects.filter(round=last).first()
        if meeting is not None:
            earliest = timezone.localdate(meeting.ends)
        if home_phase_starts < earliest:
            raise ValidationError(
                {
                    "home_phase_starts": _("Hemmafasen kan börja tidigast %(date)s, när omgång %(n)d är slut.")
                    % {"date": date_text(earliest), "n": last.number}
                }
            )
    return Round.objects.create(network=network, number=number, home_phase_starts=home_phase_starts, title=title)


@transaction.atomic
def meeting_plan(
    *,
    round: Round,
    planned_by,
    starts: datetime,
    ends: datetime,
    place: str = "",
    video_link: str = "",
    agenda: str = "",
    send_invitations: bool = False,
    now: datetime | None = None,
) -> Meeting:
    """Plan (or re-plan) the meeting that ends ``round``; optionally e-mail the invitations."""
    now = now or timezone.now()
    existing = Meeting.objects.filter(round=round).first()
    errors: dict[str, str] = {}
    moved = existing is None or existing.starts != starts
    if moved and starts < now:
        errors["date"] = _("Träffen kan inte ligga i det förflutna. Välj ett datum från och med i dag.")
    elif timezone.localdate(starts) < round.home_phase_starts:
        errors["date"] = _("Träffen måste ligga efter att omgångens hemmafas börjat (%(date)s).") % {
            "date": date_text(round.home_phase_starts)
        }
    if ends <= starts:
        errors["ends_at"] = _("Träffen måste sluta efter att den börjar.")
    if not place.strip() and not video_link.strip():
        errors["place"] = _("Ange en plats eller en videolänk.")
    if errors:
        raise ValidationError(errors)
    fields = {
        "starts": starts,
        "ends": ends,
        "place": place.strip(),
        "video_link": video_link.strip(),
        "agenda": agenda.strip(),
    }
    if existing is None:
        meeting = Meeting.objects.create(round=round, created_by=planned_by, **fields)
    else:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        meeting = existing
    if send_invitations:
        meeting_invitations_send(meeting=meeting, sent_by=planned_by)
    return meeting


def meeting_invitations_send(*, meeting: Meeting, sent_by=None) -> int:
    """E-mail every member of the member municipalities an invitation: the worker sends it after
    commit, one row per person, and the meeting page shows how far it has come."""
    network_id = meeting.round.network_id
    recipients = meeting_invitation_recipients(network_id=network_id)
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    mailing_start(
        kind=MailingKind.MEETING_INVITATION, object_id=meeting.pk, network=meeting.round.network, requested_by=sent_by,
        recipients=[Recipient(email=email, user_id=user_id) for email, user_id in recipients],
    )
    return len(recipients)


def _meeting_is_over(meeting: Meeting, now: datetime) -> bool:
    return meeting.ends < now


@transaction.atomic
def registration_create(
    *, meeting: Meeting, user, municipality: Municipality, registered_by, now: datetime | None = None
) -> Registration:
    """Register a member of a member municipality, at their level there."""
    now = now or timezone.now()
    if _meeting_is_over(meeting, now):
        raise ValidationError(_("Träffen har redan varit. Det går inte längre att anmäla sig."))
    if not NetworkMembership.objects.filter(network_id=meeting.round.network_id, municipality=municipality).exists():
        raise ValidationError(_("%(name)s är inte med i nätverket.") % {"name": municipality.name})
    membership = membership_of(user=user, municipality=municipality)
    if membership is None:
        raise ValidationError(
            _("%(person)s är inte medlem i %(name)s.") % {"person": user, "name": municipality.name}
        )
    if Registration.objects.filter(meeting=meeting, user=user).exists():
        raise ValidationError(_("%(person)s är redan anmäld till träffen.") % {"person": user})
    return Registration.objects.create(
        meeting=meeting,
        user=user,
        name=user.full_name or user.email,
        municipality=municipality,
        level=membership.level,
        registered_by=registered_by,
    )


@transaction.atomic
def registration_cancel(*, registration: Registration, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if _meeting_is_over(registration.meeting, now):
        raise ValidationError(_("Träffen har redan varit. Anmälan kan inte tas bort i efterhand."))
    registration.delete()


@transaction.atomic
def attendance_save(*, meeting: Meeting, attended_ids: set[int]) -> int:
    """Mark exactly ``attended_ids`` of the meeting's registrations as present (two updates)."""
    registrations = Registration.objects.filter(meeting=meeting)
    known = set(registrations.filter(pk__in=attended_ids).values_list("pk", flat=True))
    if known != set(attended_ids):
        raise ValidationError(_("Någon av de markerade personerna är inte anmäld till den här träffen."))
    registrations.filter(pk__in=known).update(attended=True)
    registrations.exclude(pk__in=known).update(attended=False)
    return len(known)


@transaction.atomic
def attendance_set(*, meeting: Meeting, registration_id: int, attended: bool) -> Registration:
    registration = Registration.objects.filter(meeting=meeting, pk=registration_id).first()
    if registration is None:
        raise ValidationError(_("Personen är inte anmäld till den här träffen."))
    registration.attended = attended
    registration.save(update_fields=["attended"])
    return registration


@transaction.atomic
def walk_in_add(*, meeting: Meeting, municipality: Municipality, level: str, name: str, added_by) -> Registration:
    """Someone who came without registering: present, with the level they came as."""
    if not NetworkMembership.objects.filter(network_id=meeting.round.network_id, municipality=municipality).exists():
        raise ValidationError({"municipality": _("%(name)s är inte med i nätverket.") % {"name": municipality.name}})
    if level not in Level.values:
        raise ValidationError({"level": _("Välj en av de fyra nivåerna.")})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Skriv personens namn.")})
    return Registration.objects.create(
        meeting=meeting,
        name=name,
        municipality=municipality,
        level=level,
        registered_by=added_by,
        attended=True,
        walk_in=True,
    )


class GroupSource(StrEnum):
    ATTENDED = "attended"
    REGISTERED = "registered"


@transaction.atomic
def groups_generate(*, meeting: Meeting, size: int, source: str = GroupSource.ATTENDED, rooms: str = "") -> GroupingResult:
    """Replace the meeting's groups with freshly generated mixed groups (networks.grouping)."""
    registrations = Registration.objects.filter(meeting=meeting).select_related("municipality")
    if source == GroupSource.ATTENDED:
        registrations = registrations.filter(attended=True)
        if not registrations.exists():
            raise ValidationError(
                {"source": _("Ingen närvaro är registrerad ännu. Ta närvaro först, eller dela in bland de anmälda.")}
            )
    people = [Person(key=r.pk, municipality=r.municipality.name, level=r.level) for r in registrations]
    try:
        result = make_groups(people=people, size=size, seed=meeting.pk)
    except GroupingError as exc:
        raise ValidationError({"size": str(exc)}) from exc
    room_names = [line.strip() for line in rooms.splitlines() if line.strip()]
    Registration.objects.filter(meeting=meeting).update(group=None)
    Group.objects.filter(meeting=meeting).delete()
    for number, members in enumerate(result.groups, start=1):
        room = room_names[(number - 1) % len(room_names)] if room_names else ""
        group = Group.objects.create(meeting=meeting, number=number, room=room)
        Registration.objects.filter(meeting=meeting, pk__in=[p.key for p in members]).update(group=group)
    return result


@transaction.atomic
def group_move_person(*, meeting: Meeting, registration_id: int, group_id: int) -> Registration:
    """Move a person to another group of the same meeting; anything else is refused."""
    registration = Registration.objects.select_for_update().filter(meeting=meeting, pk=registration_id).first()
    if registration is None:
        raise ValidationError({"registration": _("Personen är inte anmäld till den här träffen.")})
    group = Group.objects.filter(pk=group_id).select_related("meeting").first()
    if group is None or group.meeting_id != meeting.pk:
        raise ValidationError({"group": _("Gruppen hör till en annan träff. Välj en av den här träffens grupper.")})
    registration.group = group
    registration.save(update_fields=["group"])
    return registration


def group_set_room(*, meeting: Meeting, group_id: int, room: str) -> Group:
    group = Group.objects.filter(meeting=meeting, pk=group_id).first()
    if group is None:
        raise ValidationError({"group": _("Gruppen hör till en annan träff.")})
    group.room = room.strip()[:120]
    group.save(update_fields=["room"])
    return group


# --- Calendar feed -------------------------------------------------------------------------------


def calendar_feed_for(*, user) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed or CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


def calendar_feed_reset(*, user) -> CalendarFeed:
    """A new secret address: the old one stops working at once (e.g. after it leaked)."""
    feed = calendar_feed_for(user=user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created"])
    return feed


# --- Reminders (called by the periodic reminders task) ------------------------------------------

# Someone who chose the weekly digest reads of a meeting in the digest before it: a meeting of the
# coming week is kept for it from eight days ahead (commitments.services.digests_send, Mondays).
DIGEST_DAYS_AHEAD = 8


def next_digest_day(today: date) -> date:
    """The Monday of the next weekly digest after ``today`` (today's may have gone already)."""
    return today + timedelta(days=7 - today.weekday())


def meeting_reminder_send(*, registration: Registration, digest: bool = False) -> bool:
    """E-mail one reminder, or keep it for the person's weekly digest (``digest``); False if it was
    already sent (run twice, each reminder goes once)."""
    from commitments.models import DigestEntry

    from .calendar import meeting_url

    meeting = registration.meeting
    network = meeting.round.network
    with transaction.atomic():
        if not meeting_reminder_claim(registration=registration):
            return False
        if digest:
            where = f", {meeting.place}" if meeting.place else ""
            DigestEntry.objects.create(
                user=registration.user,
                subject=_("Nätverksträff i %(network)s %(date)s") % {
                    "network": network.name, "date": date_text(meeting.starts, "dag")},
                text=_("Du är anmäld till nätverksträffen %(day)s kl. %(start)s–%(end)s%(where)s. "
                       "Kan du inte komma? Ta bort din anmälan på träffens sida.") % {
                    "day": date_text(meeting.starts, "veckodag"), "start": date_text(meeting.starts, "klocka"),
                    "end": date_text(meeting.ends, "klocka"), "where": where},
                path=reverse("networks:meeting", kwargs={"network": network.slug, "meeting_id": meeting.pk}),
            )
            return True
    context = {
        "registration": registration,
        "meeting": meeting,
        "network": network,
        "url": meeting_url(meeting),
    }
    try:
        send_mail(
            subject=subject_line(render_to_string("networks/email/meeting_reminder_subject.txt", context)),
            message=render_to_string("networks/email/meeting_reminder_body.txt", context),
            from_email=None,
            recipient_list=[registration.user.email],
        )
    except Exception:
        meeting_reminder_unclaim(registration=registration)
        raise
    return True


def meeting_reminders_send(
    *, today: date, skip_user_ids: Iterable[int] = (), digest_user_ids: Iterable[int] = ()
) -> SendTally:
    """Send every due meeting reminder, except to people who opted out (``skip_user_ids``).

    For people who chose the weekly digest (``digest_user_ids``) a meeting is kept for the digest
    when the next digest goes out before the meeting day; one registered for too late for that is
    reminded by e-mail three days before, as everyone else is.
    Each reminder on its own: one that fails is logged and counted and the others still go.
    """
    skip, digest = set(skip_user_ids), set(digest_user_ids)
    tally = SendTally()
    e_mail_by = today + timedelta(days=REMINDER_DAYS_BEFORE)
    days_ahead = DIGEST_DAYS_AHEAD if digest else REMINDER_DAYS_BEFORE
    for registration in meeting_reminders_due(today=today, days_ahead=days_ahead):
        if registration.user_id in skip:
            continue
        day = timezone.localdate(registration.meeting.starts)
        keep = registration.user_id in digest and day > next_digest_day(today)
        if keep or day <= e_mail_by:
            send_isolated(
                tally, partial(meeting_reminder_send, registration=registration, digest=keep),
                what=f"påminnelse om träff {registration.meeting_id} till användare {registration.user_id}",
            )
    return tally
