"""Issue 15: the project leader's start page has a to-do list for the next meeting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import Group, Registration

from .factories import MeetingFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _start(client):
    return client.get(reverse("core:start")).content.decode()


def test_leader_sees_the_next_meetings_checklist_instead_of_asking_for_an_invitation(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1), in_days=5)
    Registration.objects.create(meeting=meeting, user=world.user("larare"), name="L", municipality=world.a, level="larare")
    html = _start(client_for("leader"))
    base = f"/n/natverk-norr/traffar/{meeting.pk}/"
    assert "Anmälningar: 1 anmäld" in html and f'href="{base}"' in html
    assert f'href="{base}grupper/"' in html and "Dela in blandade grupper" in html
    assert f'href="{base}aterkoppling/"' in html and f'href="{base}redovisning/"' in html
    assert "Ta närvaro" not in html  # not before the meeting has begun
    assert "Be kommunens samordnare om en inbjudan" not in html


def test_done_steps_leave_the_list_and_attendance_comes_when_the_meeting_begins(world, client_for):
    now = timezone.now()
    meeting = MeetingFactory(
        round=RoundFactory(network=world.network, number=1),
        starts=now - datetime.timedelta(hours=1), ends=now + datetime.timedelta(hours=5),
    )
    Group.objects.create(meeting=meeting, number=1)
    html = _start(client_for("leader"))
    assert "Dela in blandade grupper" not in html
    assert f'href="/n/natverk-norr/traffar/{meeting.pk}/narvaro/"' in html


def test_a_teacher_gets_no_leaders_checklist(world, client_for):
    MeetingFactory(round=RoundFactory(network=world.network, number=1), in_days=5)
    html = _start(client_for("larare"))
    assert "Dela in blandade grupper" not in html and "Anmälningar:" not in html
