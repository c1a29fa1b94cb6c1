"""The weekly digest: a person who chose it gets one e-mail a week; the week's events are kept."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commitments import services
from commitments.models import DigestEntry, ReminderPreference
from commitments.tasks import send_weekly_digests

from .factories import CommitmentFactory

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_a_member_who_chose_the_digest_gets_the_weeks_events_in_one_email(world, settings):
    settings.SITE_URL = "https://skolnatverk.example"
    services.reminder_preference_set(user=world.user("rektor"), email_reminders=True, weekly_digest=True)
    first = CommitmentFactory(municipality=world.a, owner=world.user("rektor"), title="Läsfixa",
                              due_on=_today() + datetime.timedelta(days=5))
    CommitmentFactory(municipality=world.a, owner=world.user("rektor"), title="Matteverkstad",
                      due_on=_today() - datetime.timedelta(days=2))
    CommitmentFactory(municipality=world.a, owner=world.user("larare"), title="Lärarens eget",
                      due_on=_today() + datetime.timedelta(days=5))
    services.reminders_send(today=_today())
    # Per event for the teacher, nothing yet for the principal: it is kept for the digest.
    assert [m.to for m in mail.outbox] == [["larare@example.se"]]
    assert DigestEntry.objects.filter(user=world.user("rektor"), sent_at__isnull=True).count() == 2
    services.reminders_send(today=_today())  # the hourly run again: nothing kept twice
    assert DigestEntry.objects.filter(user=world.user("rektor")).count() == 2

    mail.outbox.clear()
    send_weekly_digests.delay()
    [digest] = mail.outbox
    assert digest.to == ["rektor@example.se"] and "2 saker" in digest.subject
    assert "Läsfixa" in digest.body and "Matteverkstad" in digest.body
    assert f"https://skolnatverk.example/k/alby/ataganden/{first.pk}/" in digest.body
    send_weekly_digests.delay()  # run again: nothing twice
    assert len(mail.outbox) == 1


def test_a_failed_digest_keeps_its_events_for_the_next_run(world, settings):
    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingEmailBackend"
    world.user("rektor").email = "studsar@example.se"
    world.user("rektor").save()
    services.reminder_preference_set(user=world.user("rektor"), email_reminders=True, weekly_digest=True)
    CommitmentFactory(municipality=world.a, owner=world.user("rektor"), due_on=_today() + datetime.timedelta(days=5))
    services.reminders_send(today=_today())
    tally = services.digests_send()
    assert (tally.sent, tally.failed) == (0, 1)
    assert DigestEntry.objects.filter(sent_at__isnull=True).count() == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.digests_send().sent == 1
    assert DigestEntry.objects.filter(sent_at__isnull=True).count() == 0


def test_going_back_to_one_email_per_event_still_sends_what_was_kept(world):
    services.reminder_preference_set(user=world.user("rektor"), email_reminders=True, weekly_digest=True)
    CommitmentFactory(municipality=world.a, owner=world.user("rektor"), due_on=_today() + datetime.timedelta(days=5))
    services.reminders_send(today=_today())
    services.reminder_preference_set(user=world.user("rektor"), email_reminders=True, weekly_digest=False)
    assert services.digests_send().sent == 1  # not lost


def test_the_reminder_page_sets_the_digest(world, client_for):
    client = client_for("larare")
    url = reverse("commitments:reminders")
    response = client.post(url, {"email_reminders": "on", "weekly_digest": "on"}, follow=True)
    assert "sammanfattning via e-post varje måndag" in response.content.decode()
    preference = ReminderPreference.objects.get(user=world.user("larare"))
    assert preference.email_reminders and preference.weekly_digest
    assert client.get(url).context["form"].initial["weekly_digest"] is True


def test_beat_schedules_the_weekly_digest(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["commitments-weekly-digest"]
    assert entry["task"] == send_weekly_digests.name
    assert entry["schedule"].day_of_week == {1}
