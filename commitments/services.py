"""Writes: feedback, commitments, status changes and progress updates."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import date_text
from core.locking import locked
from core.mail import SendTally, send_isolated, subject_line
from municipalities.models import Level, Membership, Municipality, School
from networks.models import Meeting, NetworkMembership

from .attachments import check_attachment
from .crosstenant import commitments_due, open_commitment_of
from .models import (
    Commitment,
    CommitmentShare,
    CommitmentStatus,
    DigestEntry,
    Feedback,
    ProgressUpdate,
    ReminderKind,
    ReminderPreference,
    ReminderSent,
    attachment_path,
    private_storage,
)

# --- Feedback --------------------------------------------------------------------------------------

def feedback_create(
    *, meeting: Meeting, municipality: Municipality, author, author_municipality: Municipality | None, kind: str, text: str
) -> Feedback:
    """Feedback to a presenting municipality at a meeting of a network it belongs to."""
    if not NetworkMembership.objects.filter(network_id=meeting.round.network_id, municipality=municipality).exists():
        raise ValidationError(_("Kommunen är inte med i nätverket."))
    if author_municipality is not None and author_municipality.pk == municipality.pk:
        raise ValidationError(_("Du kan inte ge återkoppling till din egen kommun."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv din återkoppling.")})
    return Feedback.objects.create(
        meeting=meeting, municipality=municipality, author=author, author_municipality=author_municipality,
        kind=kind, text=text,
    )


# --- Commitments -----------------------------------------------------------------------------------

def _check_people_and_things(
    *, municipality: Municipality, owner, schools: Iterable[School], goals: Iterable, statements: Iterable,
    meeting: Meeting | None, levels: list[str],
) -> None:
    """The form limits the choices already; the service refuses a forged id all the same."""
    errors: dict[str, str] = {}
    if not levels or any(level not in Level.values for level in levels):
        errors["levels"] = _("Välj minst en ansvarig nivå.")
    if owner is not None and not Membership.objects.filter(municipality=municipality, user=owner).exists():
        errors["owner"] = _("Den ansvariga personen måste vara medlem i %(name)s.") % {"name": municipality.name}
    if any(school.municipality_id != municipality.pk for school in schools):
        errors["schools"] = _("Skolorna måste höra till %(name)s.") % {"name": municipality.name}
    if any(goal.municipality_id != municipality.pk for goal in goals):
        errors["goals"] = _("Målen måste vara %(name)ss egna.") % {"name": municipality.name}
    if meeting is not None and not NetworkMembership.objects.filter(
        network_id=meeting.round.network_id, municipality=municipality
    ).exists():
        errors["meeting"] = _("Träffen hör till ett nätverk som kommunen inte är med i.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def commitment_create(
    *,
    municipality: Municipality,
    created_by,
    title: str,
    due_on: datetime.date,
    levels: list[str],
    owner=None,
    description: str = "",
    schools: Iterable[School] = (),
    goals: Iterable = (),
    statements: Iterable = (),
    meeting: Meeting | None = None,
    source_feedback: Feedback | None = None,
) -> Commitment:
    """A commitment made at a meeting (shared with the network at once) or at home (not yet)."""
    schools, goals, statements = list(schools), list(goals), list(statements)
    _check_people_and_things(
        municipality=municipality, owner=owner, schools=schools, goals=goals, statements=statements,
        meeting=meeting, levels=levels,
    )
    if source_feedback is not None and source_feedback.municipality_id != municipality.pk:
        raise ValidationError(_("Återkopplingen gavs till en annan kommun."))
    commitment = Commitment.objects.create(
        municipality=municipality,
        title=title.strip(),
        description=description.strip(),
        levels=sorted(set(levels), key=Level.values.index),
        owner=owner,
        meeting=meeting,
        source_feedback=source_feedback,
        due_on=due_on,
        created_by=created_by,
    )
    if meeting is not None:
        _share_with_meeting_network(commitment, meeting)
    commitment.schools.set(schools)
    commitment.goals.set(goals)
    commitment.statements.set(statements)
    _tell_new_owner(commitment, actor=created_by)
    return commitment


def _tell_new_owner(commitment: Commitment, *, actor) -> None:
    """Someone made another person owner: the worker tells them by e-mail once it is saved."""
    if commitment.owner_id is None or (actor is not None and commitment.owner_id == actor.pk):
        return
    from .tasks import tell_commitment_owner

    commitment_id, owner_id = commitment.pk, commitment.owner_id
    transaction.on_commit(lambda: tell_commitment_owner.delay(commitment_id, owner_id))


def _share_with_meeting_network(commitment: Commitment, meeting: Meeting) -> None:
    """A commitment made at a meeting is shared with that meeting's network, and no other."""
    CommitmentShare.objects.get_or_create(commitment=commitment, network_id=meeting.round.network_id)


@transaction.atomic
def commitment_update(
    *,
    commitment: Commitment,
    version: int,
    title: str,
    due_on: datetime.date,
    levels: list[str],
    owner=None,
    description: str = "",
    schools: Iterable[School] = (),
    goals: Iterable = (),
    statements: Iterable = (),
    meeting: Meeting | None = None,
    actor=None,
) -> Commitment:
    """Edit a commitment; refused with core.locking.StaleEdit when ``version`` is not the current one.

    A new owner other than ``actor`` (the person editing) is told by e-mail.
    """
    schools, goals, statements = list(schools), list(goals), list(statements)
    _check_people_and_things(
        municipality=commitment.municipality, owner=owner, schools=schools, goals=goals, statements=statements,
        meeting=meeting, levels=levels,
    )
    fresh = locked(commitment, version=version)
    owner_before = fresh.owner_id
    fresh.title = title.strip()
    fresh.description = description.strip()
    fresh.levels = sorted(set(levels), key=Level.values.index)
    fresh.owner = owner
    fresh.due_on = due_on
    fresh.meeting = meeting
    fresh.version += 1
    fresh.save()
    if meeting is not None:
        # Once shared with a network it stays shared there: that network has seen it.
        _share_with_meeting_network(fresh, meeting)
    fresh.schools.set(schools)
    fresh.goals.set(goals)
    fresh.statements.set(statements)
    if fresh.owner_id != owner_before:
        _tell_new_owner(fresh, actor=actor)
    return fresh


@transaction.atomic
def commitment_set_status(*, commitment: Commitment, version: int, status: str, reason: str = "") -> Commitment:
    """Change the status; "ej genomförd" needs a reason, which the other statuses drop."""
    if status not in CommitmentStatus.values:
        raise ValidationError({"status": _("Välj en status.")})
    reason = reason.strip()
    if status == CommitmentStatus.NOT_DONE and not reason:
        raise ValidationError({"reason": _("Skriv varför åtagandet inte blev genomfört.")})
    fresh = locked(commitment, version=version)
    fresh.status = status
    fresh.not_done_reason = reason if status == CommitmentStatus.NOT_DONE else ""
    fresh.version += 1
    fresh.save()
    return fresh


# --- Progress updates ------------------------------------------------------------------------------

@transaction.atomic
def progress_update_create(
    *,
    commitment: Commitment,
    author,
    text: str,
    done_on: datetime.date,
    confidence: int | None = None,
    attachment=None,
) -> ProgressUpdate:
    """Record what was done. The attachment is checked by content and stored under a new name."""
    errors: dict[str, str] = {}
    text = text.strip()
    if not text:
        errors["text"] = _("Skriv vad som gjordes.")
    if done_on > timezone.localdate():
        errors["done_on"] = _("Datumet kan inte ligga i framtiden.")
    if confidence is not None and not 0 <= confidence <= 10:
        errors["confidence"] = _("Tilltron anges från 0 till 10.")
    checked = None
    if attachment:
        try:
            checked = check_attachment(attachment)
        except ValidationError as exc:
            errors["attachment"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate(commitment=commitment, author=author, text=text, done_on=done_on, confidence=confidence)
    if checked is None:
        update.save()
        return update
    update.attachment_name = checked.name
    update.attachment_type = checked.content_type
    update.attachment_size = checked.size
    storage = private_storage()
    attachment.seek(0)
    update.attachment = storage.save(attachment_path(checked.name), attachment)
    try:
        update.save()
    except Exception:
        # The file reached the disk before the row: do not leave an orphan behind.
        storage.delete(update.attachment)
        raise
    return update


# --- Reminders preference --------------------------------------------------------------------------

def reminder_preference_set(*, user, email_reminders: bool, weekly_digest: bool = False) -> ReminderPreference:
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, defaults={"email_reminders": email_reminders, "weekly_digest": weekly_digest}
    )
    return preference


# --- Reminders (the periodic task and the send_reminders command call reminders_send) --------------

REMINDER_DUE_WITHIN_DAYS = 7


@dataclass
class ReminderReport:
    commitments: int = 0
    mappings: int = 0
    meetings: int = 0
    routines: int = 0  # overdue routine tasks (quality)
    # Reminders that could not be sent this run (each logged); they are tried again next run.
    failed: int = 0

    @property
    def total(self) -> int:
        return self.commitments + self.mappings + self.meetings + self.routines


def _opted_out_user_ids() -> set[int]:
    return set(ReminderPreference.objects.filter(email_reminders=False).values_list("user_id", flat=True))


def _digest_user_ids() -> set[int]:
    return set(
        ReminderPreference.objects.filter(email_reminders=True, weekly_digest=True).values_list("user_id", flat=True)
    )


def _send_once(
    *, user, kind: str, object_id: int, window: str, subject: str, text: str, path: str, digest: bool = False
) -> bool:
    """E-mail one reminder unless its (person, kind, object, window) row exists: idempotent.

    The row and the e-mail share a transaction: if sending fails, the row is rolled back and the
    next run tries again. For a person who chose the weekly digest (``digest``) the reminder is
    kept for it instead of sent.
    """
    with transaction.atomic():
        _row, created = ReminderSent.objects.get_or_create(user=user, kind=kind, object_id=object_id, window=window)
        if not created:
            return False
        if digest:
            DigestEntry.objects.create(user=user, subject=subject, text=text, path=path)
            return True
        site = settings.SITE_URL
        context = {
            "name": user.full_name or user.email,
            "subject": subject,
            "text": text,
            "url": site + path,
            "settings_url": site + reverse("commitments:reminders"),
        }
        send_mail(
            subject=subject_line(render_to_string("commitments/email/reminder_subject.txt", context)),
            message=render_to_string("commitments/email/reminder_body.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    return True


def commitment_owner_tell(*, commitment_id: int, owner_id: int) -> bool:
    """E-mail the owner of a commitment that they own it: once per (commitment, owner).

    Nothing when the commitment has another owner by now, is no longer open, or the owner turned
    reminders off (their preference covers these messages too).
    """
    commitment = open_commitment_of(commitment_id=commitment_id, owner_id=owner_id)
    if commitment is None or owner_id in _opted_out_user_ids():
        return False
    digest = owner_id in _digest_user_ids()
    text = _(
        "Du är ansvarig för åtagandet ”%(title)s” i %(municipality)s. Det ska vara klart %(date)s. "
        "Du får en påminnelse när det närmar sig."
    ) % {"title": commitment.title, "municipality": commitment.municipality.name, "date": date_text(commitment.due_on)}
    return _send_once(
        user=commitment.owner, kind=ReminderKind.COMMITMENT_OWNER, object_id=commitment.pk, window=str(owner_id),
        subject=_("Du är ansvarig för ett åtagande: %(title)s") % {"title": commitment.title}, text=text,
        path=reverse("commitments:detail", kwargs={"municipality": commitment.municipality.slug, "pk": commitment.pk}),
        digest=digest,
    )


def commitment_reminders_send(*, today: datetime.date, skip_user_ids: set[int]) -> SendTally:
    """Owners of open commitments due within seven days (once per due date) or overdue (once a week)."""
    horizon = today + datetime.timedelta(days=REMINDER_DUE_WITHIN_DAYS)
    tally = SendTally()
    digest = _digest_user_ids()
    for commitment in commitments_due(horizon=horizon, skip_user_ids=skip_user_ids):
        path = reverse("commitments:detail", kwargs={"municipality": commitment.municipality.slug, "pk": commitment.pk})
        if commitment.due_on < today:
            year, week, _day = today.isocalendar()
            kind, window = ReminderKind.COMMITMENT_OVERDUE, f"{year}-W{week:02d}"
            subject = _("Försenat åtagande: %(title)s") % {"title": commitment.title}
            text = _(
                "Åtagandet ”%(title)s” i %(municipality)s skulle vara klart %(date)s. Berätta vad som har gjorts, "
                "eller ändra status om det är klart eller inte blir av."
            )
        else:
            kind, window = ReminderKind.COMMITMENT_DUE, commitment.due_on.isoformat()
            subject = _("Åtagande att bli klart med: %(title)s") % {"title": commitment.title}
            text = _(
                "Åtagandet ”%(title)s” i %(municipality)s ska vara klart %(date)s. Berätta gärna vad ni har gjort."
            )
        text = text % {
            "title": commitment.title, "municipality": commitment.municipality.name,
            "date": date_text(commitment.due_on),
        }
        send_isolated(
            tally,
            partial(
                _send_once, user=commitment.owner, kind=kind, object_id=commitment.pk, window=window,
                subject=subject, text=text, path=path, digest=commitment.owner_id in digest,
            ),
            what=f"påminnelse om åtagande {commitment.pk} till användare {commitment.owner_id}",
        )
    return tally


def reminders_send(*, today: datetime.date | None = None) -> ReminderReport:
    """Every reminder that is due today, each sent once, never to someone who opted out.

    The periodic task (commitments.tasks.send_reminders) runs this; the commitments' reminders are
    here, a mapping's in reviews.services, a meeting's in networks.services and a routine's in
    quality.services.
    """
    today = today or timezone.localdate()
    # Each app sends its own reminders through _send_once (imported here: they import this module).
    from networks.services import meeting_reminders_send
    from quality.services import routine_task_reminders_send
    from reviews.services import mapping_reminders_send

    skip, digest = _opted_out_user_ids(), _digest_user_ids()
    # Each kind runs even if another failed: a failure inside one is logged per reminder.
    commitments = commitment_reminders_send(today=today, skip_user_ids=skip)
    mappings = mapping_reminders_send(today=today, skip_user_ids=skip, digest_user_ids=digest)
    meetings = meeting_reminders_send(today=today, skip_user_ids=skip, digest_user_ids=digest)
    routines = routine_task_reminders_send(today=today, skip_user_ids=skip)
    return ReminderReport(
        commitments=commitments.sent, mappings=mappings.sent, meetings=meetings.sent, routines=routines.sent,
        failed=commitments.failed + mappings.failed + meetings.failed + routines.failed,
    )


# --- The weekly digest (beat runs commitments.tasks.send_weekly_digests on Monday mornings) -------

def digest_send(*, user_id: int) -> bool:
    """E-mail one person everything kept for their digest; False when nothing was waiting.

    The entries are locked and marked in the transaction that sends: if sending fails, they stay
    for the next run, and two runs never send the same entries.
    """
    with transaction.atomic():
        entries = list(
            DigestEntry.objects.select_for_update().filter(user_id=user_id, sent_at__isnull=True)
            .select_related("user").order_by("created", "pk")
        )
        if not entries:
            return False
        user = entries[0].user
        site = settings.SITE_URL
        context = {
            "name": user.full_name or user.email,
            "entries": [{"subject": e.subject, "text": e.text, "url": site + e.path} for e in entries],
            "settings_url": site + reverse("commitments:reminders"),
        }
        send_mail(
            subject=subject_line(render_to_string("commitments/email/digest_subject.txt", context)),
            message=render_to_string("commitments/email/digest_body.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
        DigestEntry.objects.filter(pk__in=[e.pk for e in entries]).update(sent_at=timezone.now())
    return True


def digests_send() -> SendTally:
    """Every waiting digest, one person at a time: one failure never stops the others.

    Entries wait even for a person who has since gone back to one e-mail per event: they are
    sent with the next digest rather than lost.
    """
    tally = SendTally()
    user_ids = list(
        DigestEntry.objects.filter(sent_at__isnull=True, user__is_active=True)
        .values_list("user_id", flat=True).distinct().order_by("user_id")
    )
    for user_id in user_ids:
        send_isolated(tally, partial(digest_send, user_id=user_id), what=f"veckosammanfattning till användare {user_id}")
    return tally
