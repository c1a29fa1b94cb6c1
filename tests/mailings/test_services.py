"""Mail to many people: a row per recipient, sent after commit, idempotent, retried."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from mailings import services
from mailings.models import Delivery, DeliveryStatus, Mailing, MailingKind
from mailings.selectors import mailing_latest
from municipalities.models import Level
from municipalities.services import invitation_create
from networks.services import meeting_plan
from reviews import services as review_services

from ..factories import MembershipFactory, UserFactory
from ..networks.factories import RoundFactory
from ..reviews.factories import skr_template

FIVE = ("namnd", "forvaltning", "rektor", "larare", "coordinator")


def _open_mapping(world, captured):
    today = timezone.localdate()
    with captured(execute=True):
        return review_services.mapping_open(
            municipality=world.a, template=skr_template(), title="Hösten", opens_on=today,
            closes_on=today + datetime.timedelta(days=14), opened_by=world.user("coordinator"),
        )


def test_opening_a_mapping_logs_one_row_per_person_and_the_worker_sends_each(world, django_capture_on_commit_callbacks):
    mapping = _open_mapping(world, django_capture_on_commit_callbacks)
    mailing = Mailing.objects.get(kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk)
    assert mailing.municipality == world.a and mailing.requested_by == world.user("coordinator")
    assert mailing.finished_at is not None
    rows = list(mailing.deliveries.order_by("email"))
    assert [r.email for r in rows] == sorted(world.user(p).email for p in FIVE)
    assert {r.status for r in rows} == {DeliveryStatus.SENT} and {r.attempts for r in rows} == {1}
    assert sorted(r for m in mail.outbox for r in m.to) == [r.email for r in rows]
    status = mailing_latest(kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk, municipality=world.a)
    assert (status.sent, status.total, status.failed, status.finished) == (5, 5, [], True)


def test_nothing_is_sent_before_the_transaction_commits(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review_services.mapping_open(
            municipality=world.a, template=skr_template(), title="Hösten", opens_on=today,
            closes_on=today, opened_by=world.user("coordinator"),
        )
    assert mail.outbox == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 5


def test_a_refused_address_is_logged_with_its_reason_and_the_others_get_theirs(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingEmailBackend"
    bouncing = UserFactory(email="studsar@example.se", full_name="Stina Studsar")
    MembershipFactory(user=bouncing, municipality=world.a, level=Level.LARARE)
    mapping = _open_mapping(world, django_capture_on_commit_callbacks)
    status = mailing_latest(kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk, municipality=world.a)
    assert (status.sent, status.total, status.finished) == (5, 6, True)
    [failed] = status.failed
    assert failed.user == bouncing and "tog inte emot adressen" in failed.error
    # A refused address is refused again: not retried, so the send-out is finished at once.
    assert failed.attempts == services.MAX_ATTEMPTS
    assert len(mail.outbox) == 5


class _FlakyBackend(EmailBackend):
    """A mail server that drops the connection on the first message it is given."""

    failures = 1

    def send_messages(self, messages):
        if _FlakyBackend.failures:
            _FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_a_passing_failure_is_tried_again_and_a_retry_never_sends_twice(world, settings):
    settings.EMAIL_BACKEND = "tests.mailings.test_services._FlakyBackend"
    _FlakyBackend.failures = 1
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(services, "_enqueue", lambda mailing_id: None)  # the test plays the worker
        mailing = services.mailing_start(
            kind=MailingKind.MAPPING_OPENED, object_id=_mapping_for(world).pk, municipality=world.a,
            recipients=[services.Recipient(email=world.user(p).email) for p in FIVE],
        )
    assert services.mailing_send(mailing_id=mailing.pk) == 1
    first = Delivery.objects.get(mailing=mailing, status=DeliveryStatus.FAILED)
    assert "försöker igen" in first.error and first.attempts == 1
    assert len(mail.outbox) == 4
    assert services.mailing_send(mailing_id=mailing.pk) == 0  # the retry
    assert len(mail.outbox) == 5 and sorted(r for m in mail.outbox for r in m.to) == sorted(
        world.user(p).email for p in FIVE
    )
    first.refresh_from_db()
    assert (first.status, first.attempts) == (DeliveryStatus.SENT, 2)
    # Run again (a task redelivered after a lost acknowledgement): nobody gets a second message.
    Mailing.objects.filter(pk=mailing.pk).update(finished_at=None)
    assert services.mailing_send(mailing_id=mailing.pk) == 0
    assert len(mail.outbox) == 5


def _mapping_for(world):
    from ..reviews.factories import make_mapping

    return make_mapping(world.a)


def test_a_row_left_sending_by_a_dead_worker_is_not_sent_again(world):
    mapping = _mapping_for(world)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(services, "_enqueue", lambda mailing_id: None)  # as if the worker died mid-send
        mailing = services.mailing_start(
            kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk, municipality=world.a,
            recipients=[services.Recipient(email="a@example.se"), services.Recipient(email="b@example.se")],
        )
    Delivery.objects.filter(mailing=mailing, email="a@example.se").update(
        status=DeliveryStatus.SENDING, attempts=1, claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert services.mailing_send(mailing_id=mailing.pk) == 0
    assert [m.to for m in mail.outbox] == [["b@example.se"]]
    stale = Delivery.objects.get(mailing=mailing, email="a@example.se")
    assert stale.status == DeliveryStatus.FAILED and "två gånger" in stale.error


def test_an_address_given_twice_gets_one_message(world, django_capture_on_commit_callbacks):
    mapping = _mapping_for(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_start(
            kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk, municipality=world.a,
            recipients=[services.Recipient(email="Ann@example.se"), services.Recipient(email="ann@example.se")],
        )
    assert [m.to for m in mail.outbox] == [["Ann@example.se"]]


def test_meeting_invitations_go_through_the_worker_with_the_calendar_file(world, django_capture_on_commit_callbacks):
    round_ = RoundFactory(network=world.network, number=1, home_phase_starts=timezone.localdate())
    starts = timezone.now() + datetime.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_plan(
            round=round_, planned_by=world.user("leader"), starts=starts, ends=starts + datetime.timedelta(hours=3),
            place="Aulan", video_link="", agenda="", send_invitations=True,
        )
    status = mailing_latest(kind=MailingKind.MEETING_INVITATION, object_id=meeting.pk, network=world.network)
    assert status.finished and status.all_sent and status.total == len(mail.outbox) >= 6
    assert status.mailing.requested_by == world.user("leader")
    assert all(m.attachments[0][0] == "natverkstraff.ics" for m in mail.outbox)


def test_a_member_invitation_is_sent_by_the_worker_and_logged(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _created = invitation_create(
            municipality=world.a, invited_by=world.user("coordinator"), email="ny@alby.se", level=Level.LARARE
        )
    [row] = Delivery.objects.filter(mailing__kind=MailingKind.MEMBER_INVITATION, mailing__object_id=invitation.pk)
    assert row.status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox if "ny@alby.se" in m.to] == [["ny@alby.se"]]
    assert any(str(invitation.token) in m.body for m in mail.outbox)
