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
    assert services.commitment_reminders_send(today=_today(), skip_user_ids=set()) == 1
    assert services.commitment_reminders_send(today=_today() + datetime.timedelta(days=7), skip_user_ids=set()) == 1
    assert "Försenat åtagande" in mail.outbox[-1].subject


def test_opted_out_owner_gets_nothing(world):
    ReminderPreference.objects.create(user=world.user("rektor"), email_reminders=False)
    CommitmentFactory(municipality=world.a, owner=world.user("rektor"), due_on=_today())
    assert services.reminders_send(today=_today()).commitments == 0
    assert not [m for m in mail.outbox if m.to == ["rektor@example.se"]]


def test_a_failed_send_is_tried_again_next_run(world, monkeypatch):
    CommitmentFactory(municipality=world.a, owner=world.user("rektor"), due_on=_today())

    def broken(**kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(OSError):
        services.commitment_reminders_send(today=_today(), skip_user_ids=set())
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert services.commitment_reminders_send(today=_today(), skip_user_ids=set()) == 1


def test_members_who_have_not_answered_an_open_mapping_are_reminded_once(world):
    from reviews.models import Mapping, Response, Template

    template = Template.objects.create(name="SKR")
    mapping = Mapping.objects.create(
        municipality=world.a, template=template, title="Vårens kartläggning",
        opens_on=_today() - datetime.timedelta(days=2), closes_on=_today() + datetime.timedelta(days=5),
    )
    Response.objects.create(mapping=mapping, user=world.user("rektor"), level="rektor", submitted_at=timezone.now())
    ReminderPreference.objects.create(user=world.user("namnd"), email_reminders=False)
    sent = services.mapping_reminders_send(today=_today(), skip_user_ids={world.user("namnd").pk})
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert sent == 3
    assert recipients == ["coordinator@example.se", "forvaltning@example.se", "larare@example.se"]
    assert f"/k/alby/kartlaggning/{mapping.pk}/svara/" in mail.outbox[0].body
    assert services.mapping_reminders_send(today=_today(), skip_user_ids=set()) == 1  # namnd, now not skipped
    assert services.mapping_reminders_send(today=_today(), skip_user_ids=set()) == 0


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
