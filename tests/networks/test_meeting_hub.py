"""Issue 15: the meeting page is the hub of the day, and each agenda item leads to its tool."""

import pytest
from django.urls import reverse

from .factories import MeetingFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _meeting(world, agenda="Välkommen\nKommunernas presentationer\nÅterkoppling i blandade grupper\nRedovisning av åtaganden\nFika"):
    return MeetingFactory(round=RoundFactory(network=world.network, number=1), agenda=agenda)


def _page(client, meeting):
    return client.get(reverse("networks:meeting", kwargs={"network": "natverk-norr", "meeting_id": meeting.pk})).content.decode()


def test_a_member_reaches_feedback_and_report_back_from_the_meeting_page(world, client_for):
    meeting = _meeting(world)
    html = _page(client_for("larare"), meeting)
    assert f'href="/n/natverk-norr/traffar/{meeting.pk}/aterkoppling/"' in html
    assert f'href="/n/natverk-norr/traffar/{meeting.pk}/redovisning/"' in html
    assert 'href="#presentations-heading"' in html
    # Tools of the project leader are not offered to a teacher.
    assert f"/traffar/{meeting.pk}/grupper/" not in html
    assert f"/traffar/{meeting.pk}/narvaro/" not in html


def test_the_project_leader_reaches_every_tool_of_the_day(world, client_for):
    meeting = _meeting(world)
    html = _page(client_for("leader"), meeting)
    for path in ("aterkoppling/", "redovisning/", "grupper/", "narvaro/"):
        assert f'href="/n/natverk-norr/traffar/{meeting.pk}/{path}"' in html
    assert 'href="/n/natverk-norr/rapporter/"' in html  # the meeting summary is ordered there


def test_each_agenda_item_leads_to_its_tool(world, client_for):
    meeting = _meeting(world)
    html = _page(client_for("leader"), meeting)
    base = f"/n/natverk-norr/traffar/{meeting.pk}/"
    assert '<a href="#presentations-heading">Kommunernas presentationer</a>' in html
    assert f'<a href="{base}aterkoppling/">Återkoppling i blandade grupper</a>' in html
    assert f'<a href="{base}redovisning/">Redovisning av åtaganden</a>' in html
    assert "<li>Fika</li>" in html and "<li>Välkommen</li>" in html


def test_a_member_makes_a_commitment_at_the_meeting_from_its_page(world, client_for):
    """'Nya åtaganden' on the agenda leads a member to their municipality's form, the meeting chosen."""
    meeting = _meeting(world, agenda="Redovisning av åtaganden\nNya åtaganden till nästa träff")
    client = client_for("larare")
    html = _page(client, meeting)
    new = f"/k/alby/ataganden/nytt/?traff={meeting.pk}"
    assert f'<a class="button button--secondary" href="{new}">Nytt åtagande</a>' in html
    assert f'<a href="{new}">Nya åtaganden till nästa träff</a>' in html
    assert f'<a href="/n/natverk-norr/traffar/{meeting.pk}/redovisning/">Redovisning av åtaganden</a>' in html
    form = client.get(new).context["form"]
    assert form.initial["meeting"] == meeting.pk
    # The project leader, in no municipality, is not offered one; nor is the page kept for them with
    # the teacher's link (the cached part differs by the viewer's municipalities).
    assert "/ataganden/nytt/" not in _page(client_for("leader"), meeting)
    # A meeting of a network the municipality is not in is not chosen.
    other = MeetingFactory(round=RoundFactory(number=1))
    assert client.get(f"/k/alby/ataganden/nytt/?traff={other.pk}").context["form"].initial.get("meeting") is None
