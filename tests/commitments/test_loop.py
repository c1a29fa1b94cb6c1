"""Issue 15: "my commitments", the owner told by e-mail, a meeting's commitment shows the meeting's date."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, ReminderPreference

from .factories import CommitmentFactory, make_meeting

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_start_page_lists_all_my_open_commitments_not_only_those_due_this_week(world, client_for):
    rektor = world.user("rektor")
    CommitmentFactory(municipality=world.a, owner=rektor, title="Läsfixa", due_on=_today() + datetime.timedelta(days=90))
    CommitmentFactory(municipality=world.a, owner=rektor, title="Sent ute", due_on=_today() - datetime.timedelta(days=2))
    CommitmentFactory(municipality=world.a, owner=rektor, title="Klart sedan länge", status="genomford")
    CommitmentFactory(municipality=world.a, owner=world.user("larare"), title="Lärarens eget")
    html = client_for("rektor").get(reverse("core:start")).content.decode()
    assert "Mina åtaganden" in html
    assert "Läsfixa" in html and "Sent ute" in html
    assert "Klart sedan länge" not in html and "Lärarens eget" not in html
    assert html.index("Sent ute") < html.index("Läsfixa")  # overdue first
    assert "försenat, skulle vara klart" in html
    assert "/k/alby/ataganden/?mina=1" in html


def test_mine_filter_shows_only_my_commitments(world, client_for):
    CommitmentFactory(municipality=world.a, owner=world.user("rektor"), title="Rektorns")
    CommitmentFactory(municipality=world.a, owner=world.user("larare"), title="Lärarens")
    url = reverse("commitments:list", kwargs={"municipality": "alby"})
    client = client_for("rektor")
    everything = client.get(url).content.decode()
    assert "Rektorns" in everything and "Lärarens" in everything
    mine = client.get(url + "?mina=1").content.decode()
    assert "Rektorns" in mine and "Lärarens" not in mine
    assert 'href="?mina=1" aria-current="page"' in mine
    # The kept table is per person when it shows "mine": the teacher sees their own.
    theirs = client_for("larare").get(url + "?mina=1").content.decode()
    assert "Lärarens" in theirs and "Rektorns" not in theirs


def test_a_commitment_made_at_a_meeting_shows_the_meetings_date_not_its_own(world, client_for):
    starts = timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0))
    meeting = make_meeting(network=world.network, number=1, starts=starts)
    commitment = CommitmentFactory(
        municipality=world.a, meeting=meeting, created=timezone.make_aware(datetime.datetime(2026, 3, 20, 15, 0)),
    )
    html = client_for("rektor").get(
        reverse("commitments:detail", kwargs={"municipality": "alby", "pk": commitment.pk})
    ).content.decode()
    assert "10 mars 2026" in html
    assert "20 mars 2026" not in html
    listing = client_for("rektor").get(reverse("commitments:list", kwargs={"municipality": "alby"})).content.decode()
    assert "Gjort vid träffen 10 mars 2026" in listing


def _create(client, world, *, owner, title="Läsfixa"):
    return client.post(reverse("commitments:create", kwargs={"municipality": "alby"}), {
        "title": title, "levels": ["larare"], "owner": owner.pk, "due_on": "2030-01-15",
    })


def test_a_person_made_owner_by_someone_else_is_told_by_email_once(world, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _create(client_for("larare"), world, owner=world.user("rektor")).status_code == 302
    [message] = mail.outbox
    assert message.to == ["rektor@example.se"]
    assert "Läsfixa" in message.subject and "ansvarig" in message.subject
    commitment = Commitment.objects.get()
    assert f"/k/alby/ataganden/{commitment.pk}/" in message.body
    assert "15 jan. 2030" in message.body
    # Saving again without changing the owner tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        client_for("larare").post(reverse("commitments:edit", kwargs={"municipality": "alby", "pk": commitment.pk}), {
            "title": "Läsfixa igen", "levels": ["larare"], "owner": world.user("rektor").pk, "due_on": "2030-01-15",
            "version": commitment.version,
        })
    assert Commitment.objects.get().title == "Läsfixa igen"
    assert len(mail.outbox) == 1


def test_owning_your_own_commitment_or_having_reminders_off_sends_nothing(world, client_for, django_capture_on_commit_callbacks):
    ReminderPreference.objects.create(user=world.user("rektor"), email_reminders=False)
    with django_capture_on_commit_callbacks(execute=True):
        _create(client_for("larare"), world, owner=world.user("larare"), title="Eget")
        _create(client_for("larare"), world, owner=world.user("rektor"), title="Till rektorn")
    assert Commitment.objects.count() == 2
    assert mail.outbox == []


def test_a_new_owner_on_edit_is_told(world, client_for, django_capture_on_commit_callbacks):
    commitment = CommitmentFactory(municipality=world.a, owner=world.user("larare"), levels=["larare"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("larare").post(
            reverse("commitments:edit", kwargs={"municipality": "alby", "pk": commitment.pk}),
            {"title": commitment.title, "levels": ["larare"], "owner": world.user("forvaltning").pk,
             "due_on": "2030-01-15", "version": commitment.version},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["forvaltning@example.se"]]
