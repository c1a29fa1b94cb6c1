import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from commitments import services
from commitments.models import ReminderPreference, ReminderSent
from commitments.tasks import send_reminders

from .factories import CommitmentFactory

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_owner_of_a_commitment_due_within_a_week_gets_one_reminder_with_a_link(world, settings):
    settings.SITE_URL = "https://skolnatverk.example"
    commitment = CommitmentFactory(
        municipality=world.a, owner=world.user("rektor"), due_on=_today() + datetime.timedelta(days=6), title="Läsfixa"
    )
    CommitmentFactory(municipality=world.a, owner=world.user("larare"), due_on=_today() + datetime.timedelta(days=8))
    CommitmentFactory(
        municipality=world.a, owner=world.user("namnd"), due_on=_today() - datetime.timedelta(days=1), status="genomford"
    )
    report = services.reminders_send(today=_today())
    assert report.commitments == 1
    [message] = [m for m in mail.outbox if "Läsfixa" in m.subject]
    assert message.to == ["rektor@example.se"]
    assert f"https://skolnatverk.example/k/alby/ataganden/{commitment.pk}/" in message.body
    assert "https://skolnatverk.example/paminnelser/" in message.body


def test_running_twice_sends_each_reminder_once(world):
    CommitmentFactory(municipality=world.a, owner=world.user("rektor"), due_on=_today() - datetime.timedelta(days=3))
    services.reminders_send(today=_today())
    sent = len(mail.outbox)
    assert sent >= 1
    services.reminders_send(today=_today())
    call_command("send_reminders")
    send_reminders.delay()
    assert len(mail.outbox) == sent
    assert ReminderSent.objects.filter(kind="commitment_overdue").count() == 1


def test_overdue_reminder_comes_again_the_next_week(world):
    CommitmentFactory(municipality=world.a, owner=world.user("rektor"), due_on=_today() - datetime.timedelta(days=3))
    assert services.commitment_reminders_send(today=_today(), skip_user_ids=set()).sent == 1
    assert services.commitment_reminders_send(today=_today() + datetime.timedelta(days=7), skip_user_ids=set()).sent == 1
    assert "Försenat åtagande" in mail.outbox[-1].subject


def test_opted_out_owner_gets_nothing(world):
    ReminderPreference.objects.create(user=world.user("rektor"), email_reminders=False)
    CommitmentFactory(municipality=world.a, owner=world.user("rektor"), due_on=_today())
    assert services.reminders_send(today=_today()).commitments == 0
    assert not [m for m in mail.outbox if m.to == ["rektor@example.se"]]


def test_a_failed_send_is_logged_and_tried_again_next_run(world, settings, caplog):
    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingEmailBackend"
    owner = world.user("rektor")
    owner.email = "rektor-studsar@example.se"
    owner.save()
    CommitmentFactory(municipality=world.a, owner=owner, due_on=_today())
    tally = services.commitment_reminders_send(today=_today(), skip_user_ids=set())
    assert (tally.sent, tally.failed) == (0, 1)
    assert not ReminderSent.objects.exists()
    assert "påminnelse om åtagande" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.commitment_reminders_send(today=_today(), skip_user_ids=set()).sent == 1


def test_a_title_with_a_mail_header_in_it_stops_no_reminder_for_anyone(world):
    """Issue 12 §3: a row created past the forms, titled "Kort\r\nBcc: …", made every run raise.

    The tables now refuse such a title (core.validators; tests/core/test_single_line_titles.py),
    so the row cannot exist; a one-line title that names a header still stops nobody's reminder.
    """
    from django.db import IntegrityError, transaction

    from reviews.models import Mapping, Template

    bad = CommitmentFactory(municipality=world.a, owner=world.user("rektor"), due_on=_today())
    with pytest.raises(IntegrityError), transaction.atomic():
        type(bad).objects.filter(pk=bad.pk).update(title="Kort\r\nBcc: x@y.example")
    type(bad).objects.filter(pk=bad.pk).update(title="Kort Bcc: x@y.example")
    CommitmentFactory(municipality=world.b, owner=world.user("peer"), due_on=_today(), title="Läsfixa")
    Mapping.objects.create(
        municipality=world.a, template=Template.objects.create(name="SKR"), title="Vår Bcc: x@y.example",
        opens_on=_today() - datetime.timedelta(days=2), closes_on=_today() + datetime.timedelta(days=5),
    )
    report = services.reminders_send(today=_today())
    assert report.failed == 0
    assert report.commitments == 2
    assert report.mappings >= 1
    assert any("Läsfixa" in m.subject for m in mail.outbox)
    assert all("\n" not in m.subject and "\r" not in m.subject for m in mail.outbox)
    assert not any("x@y.example" in m.recipients() for m in mail.outbox)


def test_one_refused_address_does_not_stop_the_other_reminders(world, settings):
    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingEmailBackend"
    owner = world.user("rektor")
    owner.email = "rektor-studsar@example.se"
    owner.save()
    CommitmentFactory(municipality=world.a, owner=owner, due_on=_today())
    CommitmentFactory(municipality=world.b, owner=world.user("peer"), due_on=_today(), title="Läsfixa")
    report = services.reminders_send(today=_today())
    assert (report.commitments, report.failed) == (1, 1)
    assert [m.to for m in mail.outbox if "Läsfixa" in m.subject] == [[world.user("peer").email]]


def test_a_refused_meeting_reminder_is_tried_again_next_run(world, settings):
    from networks.models import Registration

    from .factories import make_meeting

    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingEmailBackend"
    larare = world.user("larare")
    larare.email = "larare-studsar@example.se"
    larare.save()
    meeting = make_meeting(network=world.network, number=1, starts=timezone.now() + datetime.timedelta(days=2))
    Registration.objects.create(meeting=meeting, user=larare, name="Larare", municipality=world.a, level="larare")
    Registration.objects.create(meeting=meeting, user=world.user("rektor"), name="Rektor", municipality=world.a, level="rektor")
    report = services.reminders_send(today=_today())
    assert (report.meetings, report.failed) == (1, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.reminders_send(today=_today()).meetings == 1




def test_registered_participants_are_reminded_three_days_before_a_meeting(world):
    from networks.models import Registration

    from .factories import make_meeting

    meeting = make_meeting(network=world.network, number=1, starts=timezone.now() + datetime.timedelta(days=2))
    Registration.objects.create(meeting=meeting, user=world.user("larare"), name="Larare", municipality=world.a, level="larare")
    Registration.objects.create(meeting=meeting, user=world.user("rektor"), name="Rektor", municipality=world.a, level="rektor")
    ReminderPreference.objects.create(user=world.user("rektor"), email_reminders=False)
    assert services.reminders_send(today=_today()).meetings == 1
    assert services.reminders_send(today=_today()).meetings == 0
    assert [m.to for m in mail.outbox] == [["larare@example.se"]]


def test_beat_schedule_runs_the_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["commitments-send-reminders"]
    assert entry["task"] == send_reminders.name
