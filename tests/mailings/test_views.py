"""The sender sees how a send-out went: "Skickat till 5 av 6", who failed and why; htmx polls."""

from mailings import services
from mailings.models import Delivery, DeliveryStatus, MailingKind
from municipalities.models import Level

from ..factories import MembershipFactory, UserFactory
from ..networks.factories import MeetingFactory, RoundFactory
from ..reviews.factories import make_mapping


def _opened(world, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingEmailBackend"
    bouncing = UserFactory(email="studsar@example.se", full_name="Stina Studsar")
    MembershipFactory(user=bouncing, municipality=world.a, level=Level.LARARE)
    mapping = make_mapping(world.a)
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_start(
            kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk, municipality=world.a,
            requested_by=world.user("coordinator"),
            recipients=[services.Recipient(email=e, user_id=u) for u, e in
                        mapping.roster.values_list("user_id", "user__email")],
        )
    return mapping


def test_coordinator_sees_how_the_mapping_email_went_and_who_failed(
    world, client_for, django_capture_on_commit_callbacks, settings
):
    mapping = _opened(world, django_capture_on_commit_callbacks, settings)
    html = client_for("coordinator").get(f"/k/alby/kartlaggning/{mapping.pk}/").content.decode()
    assert "Skickat till 5 av 6" in html
    assert "Stina Studsar (studsar@example.se)" in html and "tog inte emot adressen" in html
    assert 'hx-trigger="every 2s"' not in html  # finished: no more polling


def test_a_teacher_does_not_see_the_send_out(world, client_for, django_capture_on_commit_callbacks, settings):
    mapping = _opened(world, django_capture_on_commit_callbacks, settings)
    html = client_for("larare").get(f"/k/alby/kartlaggning/{mapping.pk}/").content.decode()
    assert "Skickat till" not in html and "studsar@example.se" not in html


def test_the_status_polls_until_the_worker_is_done_and_htmx_gets_only_the_partial(world, client_for, monkeypatch):
    mapping = make_mapping(world.a)
    monkeypatch.setattr(services, "_enqueue", lambda mailing_id: None)  # the worker has not started
    mailing = services.mailing_start(
        kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk, municipality=world.a,
        recipients=[services.Recipient(email="a@example.se"), services.Recipient(email="b@example.se")],
    )
    client = client_for("coordinator")
    url = f"/k/alby/kartlaggning/{mapping.pk}/"
    html = client.get(url).content.decode()
    assert "Skickat till 0 av 2" in html and 'hx-trigger="every 2s"' in html
    Delivery.objects.filter(mailing=mailing, email="a@example.se").update(status=DeliveryStatus.SENT)
    response = client.get(url, headers={"HX-Request": "true", "HX-Target": "mailing-status"})
    partial = response.content.decode()
    assert "Skickat till 1 av 2" in partial and "<h1" not in partial and 'hx-trigger="every 2s"' in partial
    assert "HX-Request" in response["Vary"]
    assert services.mailing_send(mailing_id=mailing.pk) == 0
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "mailing-status"}).content.decode()
    assert "Skickat till 2 av 2" in partial and "every 2s" not in partial and "Utskicket är klart" in partial


def test_leader_sees_the_meeting_invitations_and_a_participant_does_not(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    services.mailing_start(
        kind=MailingKind.MEETING_INVITATION, object_id=meeting.pk, network=world.network,
        requested_by=world.user("leader"), recipients=[services.Recipient(email="a@example.se")],
    )
    url = f"/n/{world.network.slug}/traffar/{meeting.pk}/"
    assert "Inbjudan till deltagarna" in client_for("leader").get(url).content.decode()
    assert "Inbjudan till deltagarna" not in client_for("rektor").get(url).content.decode()


def test_members_page_shows_whether_an_invitation_email_went_out(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    from municipalities.services import invitation_create

    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(municipality=world.a, invited_by=world.user("coordinator"), email="ny@alby.se", level=Level.LARARE)
        invitation_create(municipality=world.a, invited_by=world.user("coordinator"), email="studsar@alby.se",
                          level=Level.LARARE)
    html = client_for("coordinator").get("/k/alby/medlemmar/").content.decode()
    assert html.count("mejlet skickat") == 1 and html.count("mejlet kom inte fram") == 1
