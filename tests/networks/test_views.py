"""The meeting pages through HTTP: forms, messages next to fields, query counts."""

import datetime

import pytest
from django.utils import timezone

from municipalities.models import Level
from networks.models import Group, Meeting, Registration

from .factories import GroupFactory, MeetingFactory, RegistrationFactory, RoundFactory

BASE = "/n/natverk-norr"


def test_leader_plans_a_meeting_through_the_form(world, client_for):
    round_ = RoundFactory(network=world.network, number=1, home_phase_starts=timezone.localdate())
    day = timezone.localdate() + datetime.timedelta(days=14)
    response = client_for("leader").post(
        f"{BASE}/omgangar/{round_.pk}/traff/",
        {"date": day.isoformat(), "starts_at": "09:00", "ends_at": "15:30", "place": "Stadshuset", "agenda": "Välkommen"},
    )
    meeting = Meeting.objects.get(round=round_)
    assert response.status_code == 302 and response["Location"] == f"{BASE}/traffar/{meeting.pk}/"
    assert timezone.localtime(meeting.starts).hour == 9 and timezone.localtime(meeting.ends).minute == 30


def test_a_meeting_in_the_past_is_shown_next_to_the_date_field(world, client_for):
    round_ = RoundFactory(network=world.network, number=1, home_phase_starts=timezone.localdate() - datetime.timedelta(days=30))
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client_for("leader").post(
        f"{BASE}/omgangar/{round_.pk}/traff/",
        {"date": day.isoformat(), "starts_at": "09:00", "ends_at": "15:00", "place": "Stadshuset"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_date_error"' in html and "Träffen kan inte ligga i det förflutna" in html
    assert not Meeting.objects.exists()


def test_leader_adds_a_round(world, client_for):
    response = client_for("leader").post(f"{BASE}/omgangar/ny/", {"home_phase_starts": "2026-08-15", "title": "Matematik"})
    round_ = world.network.rounds.get()
    assert response["Location"] == f"{BASE}/omgangar/{round_.pk}/traff/"
    assert (round_.number, round_.title) == (1, "Matematik")


def test_member_registers_and_cancels(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    client = client_for("rektor")
    client.post(f"{BASE}/traffar/{meeting.pk}/anmalan/", {"action": "self"})
    reg = Registration.objects.get(meeting=meeting)
    assert (reg.user, reg.level, reg.municipality) == (world.user("rektor"), Level.REKTOR, world.a)
    page = client.get(f"{BASE}/traffar/{meeting.pk}/").content.decode()
    assert "Du är anmäld från Alby kommun" in page
    client.post(f"{BASE}/traffar/{meeting.pk}/anmalan/", {"action": "cancel"})
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_the_kept_meeting_head_is_each_viewers_own(world, client_for):
    # The head and the registration are one kept part (access.cache): it varies on the viewer.
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    client_for("rektor").post(f"{BASE}/traffar/{meeting.pk}/anmalan/", {"action": "self"})
    url = f"{BASE}/traffar/{meeting.pk}/"
    for _ in range(2):  # the second time from the tenant cache
        assert "Du är anmäld från Alby kommun" in client_for("rektor").get(url).content.decode()
        other = client_for("larare").get(url).content.decode()
        assert "Du är inte anmäld ännu." in other and "Du är anmäld från" not in other
        assert "Processledare anmäler sig inte" in client_for("leader").get(url).content.decode()


def test_coordinator_registers_people_of_their_own_municipality_only(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    client = client_for("coordinator")
    page = client.get(f"{BASE}/traffar/{meeting.pk}/anmalan/").content.decode()
    assert "Namnd Testsson" in page and "Peer Testsson" not in page
    namnd = world.a.memberships.get(user=world.user("namnd"))
    peer = world.b.memberships.get(user=world.user("peer"))
    client.post(f"{BASE}/traffar/{meeting.pk}/anmalan/", {"action": "others", "people": [peer.pk]})
    assert not Registration.objects.exists()  # not a choice: nothing saved
    client.post(f"{BASE}/traffar/{meeting.pk}/anmalan/", {"action": "others", "people": [namnd.pk]})
    reg = Registration.objects.get()
    assert (reg.user, reg.registered_by) == (world.user("namnd"), world.user("coordinator"))
    # A teacher without the coordinator role sees no such form.
    assert "Anmäl andra från din kommun" not in client_for("larare").get(f"{BASE}/traffar/{meeting.pk}/anmalan/").content.decode()


def test_attendance_and_walk_in_through_the_page(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    a = RegistrationFactory(meeting=meeting, municipality=world.a, level=Level.NAMND)
    b = RegistrationFactory(meeting=meeting, municipality=world.b, level=Level.LARARE)
    client = client_for("leader")
    client.post(f"{BASE}/traffar/{meeting.pk}/narvaro/", {"action": "save", "attended": [str(b.pk)]})
    assert list(Registration.objects.filter(attended=True)) == [b]
    client.post(f"{BASE}/traffar/{meeting.pk}/narvaro/", {"action": "walk_in", "name": "Gästa Gäst", "municipality": world.a.pk, "level": Level.REKTOR})
    assert Registration.objects.get(walk_in=True).attended
    response = client.post(f"{BASE}/traffar/{meeting.pk}/narvaro/", {"action": "walk_in", "name": "", "municipality": world.c.pk, "level": "x"})
    assert response.status_code == 200 and 'id="id_name_error"' in response.content.decode()
    assert Registration.objects.count() == 3
    a.refresh_from_db()
    assert not a.attended


def test_group_size_zero_is_shown_next_to_the_field(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    RegistrationFactory(meeting=meeting, municipality=world.a, attended=True)
    response = client_for("leader").post(f"{BASE}/traffar/{meeting.pk}/grupper/", {"size": 0, "source": "attended"})
    assert 'id="id_size_error"' in response.content.decode()
    response = client_for("leader").post(f"{BASE}/traffar/{meeting.pk}/grupper/", {"size": 5, "source": "attended"})
    assert "större än antalet deltagare (1)" in response.content.decode()
    assert not Group.objects.exists()


def test_moving_via_the_page_into_a_foreign_group_is_refused(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    g1 = GroupFactory(meeting=meeting, number=1)
    foreign = GroupFactory(meeting=MeetingFactory(round=RoundFactory(network=world.other_network, number=1)), number=1)
    reg = RegistrationFactory(meeting=meeting, municipality=world.a, group=g1)
    response = client_for("leader").post(
        f"{BASE}/traffar/{meeting.pk}/grupper/flytta/", {"registration": reg.pk, "group": foreign.pk}, follow=True
    )
    assert "Gruppen hör till en annan träff" in response.content.decode()
    reg.refresh_from_db()
    assert reg.group == g1


def test_print_page_lists_groups_by_room(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    g = GroupFactory(meeting=meeting, number=1, room="Sal Ett")
    RegistrationFactory(meeting=meeting, municipality=world.a, group=g, name="Ada Person", user=None)
    html = client_for("leader").get(f"{BASE}/traffar/{meeting.pk}/grupper/utskrift/").content.decode()
    assert "Rum: Sal Ett" in html and "Ada Person" in html


def _fill(meeting, world, n):
    for i in range(n):
        municipality = world.a if i % 2 else world.b
        group = GroupFactory(meeting=meeting, number=i + 1)
        RegistrationFactory(
            meeting=meeting, municipality=municipality, level=Level.values[i % 4], attended=i % 3 == 0, group=group
        )


@pytest.mark.parametrize("path", ["", "narvaro/", "grupper/"])
def test_meeting_pages_query_count_does_not_grow_with_registrations(world, client_for, path, settings):
    settings.TENANT_CACHE_SECONDS = 0  # count the whole work of the page (access.cache keeps none)
    counts = []
    for n in (3, 30):
        meeting = MeetingFactory(round=RoundFactory(network=world.network, number=n))
        _fill(meeting, world, n)
        client = client_for("leader")
        client.get(f"{BASE}/traffar/{meeting.pk}/{path}")  # warm up sessions and caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{BASE}/traffar/{meeting.pk}/{path}")
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_network_and_municipality_homes_show_the_round(world, client_for):
    r1 = RoundFactory(network=world.network, number=1, home_phase_starts=timezone.localdate() - datetime.timedelta(days=5))
    MeetingFactory(round=r1, in_days=9)
    home = client_for("peer").get(f"{BASE}/").content.decode()
    assert "Omgång 1" in home and "Hemmafas" in home and "Nästa träff" in home
    municipality_home = client_for("larare").get("/k/alby/").content.decode()
    assert "Läget i Nätverk Norr" in municipality_home and "Omgång 1 av 4" in municipality_home
