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


# --- Meetings and routines in the digest ---------------------------------------------------------

def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _meeting(world, number: int, day: datetime.date):
    from tests.networks.factories import MeetingFactory, RoundFactory

    return MeetingFactory(round=RoundFactory(network=world.network, number=number),
                          starts=_at(day, 9), ends=_at(day, 15), place="Stadshuset")


def test_a_meeting_of_the_coming_week_is_in_the_digest_before_it(world, settings):
    from networks.models import Registration
    from tests.networks.factories import RegistrationFactory

    wednesday = datetime.date(2026, 12, 2)  # the next digest goes out on Monday 7 December
    services.reminder_preference_set(user=world.user("rektor"), email_reminders=True, weekly_digest=True)
    next_week = _meeting(world, 1, datetime.date(2026, 12, 10))
    this_friday = _meeting(world, 2, datetime.date(2026, 12, 4))
    kept = RegistrationFactory(meeting=next_week, municipality=world.a, user=world.user("rektor"))
    late = RegistrationFactory(meeting=this_friday, municipality=world.a, user=world.user("rektor"))
    early = RegistrationFactory(meeting=next_week, municipality=world.a, user=world.user("larare"))

    report = services.reminders_send(today=wednesday)
    assert report.meetings == 2
    # Friday's meeting comes before Monday's digest: the principal is reminded of it by e-mail now.
    assert [(m.to, "4 dec." in m.subject) for m in mail.outbox] == [(["rektor@example.se"], True)]
    # Next week's is kept for the digest; the teacher (one e-mail per event) hears of it three days before.
    [entry] = DigestEntry.objects.filter(user=world.user("rektor"))
    assert entry.path == f"/n/{world.network.slug}/traffar/{next_week.pk}/"
    assert "torsdag 10 dec. 2026 kl. 09.00–15.00, Stadshuset" in entry.text
    assert Registration.objects.get(pk=kept.pk).reminder_sent_at is not None
    assert Registration.objects.get(pk=late.pk).reminder_sent_at is not None
    assert Registration.objects.get(pk=early.pk).reminder_sent_at is None
    assert services.reminders_send(today=wednesday).meetings == 0  # the hourly run again: nothing twice

    mail.outbox.clear()
    assert services.digests_send().sent == 1
    [digest] = mail.outbox
    assert digest.to == ["rektor@example.se"]
    assert f"Nätverksträff i {world.network.name} 10 dec." in digest.body
    assert f"/traffar/{next_week.pk}/" in digest.body

    mail.outbox.clear()
    assert services.reminders_send(today=datetime.date(2026, 12, 7)).meetings == 1
    assert [m.to for m in mail.outbox] == [["larare@example.se"]]


def test_routine_tasks_due_and_overdue_are_in_the_digest(world):
    from tests.quality.factories import routine, routine_task

    today = datetime.date(2026, 11, 10)
    services.reminder_preference_set(user=world.user("rektor"), email_reminders=True, weekly_digest=True)
    routine_task(municipality=world.a, owner=world.user("rektor"), due_on=datetime.date(2026, 10, 31),
                 routine_obj=routine(municipality=world.a, title="Mitterminsutvärdering"))
    routine_task(municipality=world.a, owner=world.user("rektor"), due_on=datetime.date(2026, 11, 15),
                 routine_obj=routine(municipality=world.a, title="Elevhälsomöte", month=11))
    teachers = routine_task(municipality=world.a, owner=world.user("larare"), due_on=datetime.date(2026, 11, 15),
                            routine_obj=routine(municipality=world.a, title="Klassråd", month=11))
    routine_task(municipality=world.a, owner=world.user("larare"), due_on=datetime.date(2026, 11, 30),
                 routine_obj=routine(municipality=world.a, title="Långt fram", month=11))

    assert services.reminders_send(today=today).routines == 3
    # The teacher gets one e-mail for the task due on Sunday; the principal's two wait for the digest.
    [teacher_mail] = mail.outbox
    assert teacher_mail.to == ["larare@example.se"] and "Rutin att göra: Klassråd" in teacher_mail.subject
    assert f"/rutiner/uppgifter/{teachers.pk}/" in teacher_mail.body
    assert services.reminders_send(today=today).routines == 0

    mail.outbox.clear()
    assert services.digests_send().sent == 1
    [digest] = mail.outbox
    assert digest.to == ["rektor@example.se"] and "2 saker" in digest.subject
    assert "Försenad rutin: Mitterminsutvärdering" in digest.body
    assert "Rutin att göra: Elevhälsomöte" in digest.body and "15 nov. 2026" in digest.body
