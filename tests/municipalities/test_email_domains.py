"""Platform staff set a municipality's e-mail domains; an invitation outside them is marked in
the member list and told to the other coordinators (issue 12: against invented respondents)."""

from django.contrib.admin.sites import site
from django.core import mail

from mailings.models import DeliveryStatus, Mailing, MailingKind
from municipalities.models import Level, Municipality
from municipalities.services import invitation_create

from ..factories import MembershipFactory, UserFactory


def _second_coordinator(world):
    other = UserFactory(email="stina@alby.se")
    MembershipFactory(user=other, municipality=world.a, level=Level.FORVALTNING, is_coordinator=True)
    return other


def test_invitation_outside_the_domains_is_told_to_the_other_coordinators(world, django_capture_on_commit_callbacks):
    world.a.email_domains = "alby.se\nskola.alby.se"
    world.a.save()
    other = _second_coordinator(world)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(municipality=world.a, invited_by=world.user("coordinator"), email="Ny@Gmail.com",
                          level=Level.NAMND)
    told = [m for m in mail.outbox if "utanför kommunens domäner" in m.subject]
    assert [m.to for m in told] == [[other.email]]  # not the inviter, not the invited
    assert "ny@gmail.com" in told[0].body and world.user("coordinator").full_name in told[0].body
    # Sent by the worker as a mailing, with one logged row per coordinator.
    mailing = Mailing.objects.get(kind=MailingKind.OUTSIDE_DOMAINS)
    assert mailing.municipality == world.a and mailing.requested_by == world.user("coordinator")
    assert mailing.finished_at is not None
    assert [(d.email, d.user, d.status) for d in mailing.deliveries.all()] == [(other.email, other, DeliveryStatus.SENT)]


def test_the_note_to_the_coordinators_is_sent_by_the_worker_after_commit(world, django_capture_on_commit_callbacks):
    """Not send_mail inside the request: nothing goes out before the invitation commits; then the
    worker sends it, and a second run of the task sends nothing twice."""
    from mailings.tasks import send_mailing

    world.a.email_domains = "alby.se"
    world.a.save()
    other = _second_coordinator(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, _created = invitation_create(
            municipality=world.a, invited_by=world.user("coordinator"), email="ny@gmail.com", level=Level.LARARE
        )
    assert not mail.outbox and callbacks  # queued for the worker, not sent in the request
    mailing = Mailing.objects.get(kind=MailingKind.OUTSIDE_DOMAINS, object_id=invitation.pk)
    assert list(mailing.deliveries.values_list("email", "status")) == [(other.email, DeliveryStatus.PENDING)]
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox if "utanför kommunens domäner" in m.subject] == [[other.email]]
    send_mailing.delay(mailing.pk)
    assert len([m for m in mail.outbox if "utanför kommunens domäner" in m.subject]) == 1
    assert list(mailing.deliveries.values_list("status", flat=True)) == [DeliveryStatus.SENT]


def test_invitation_inside_the_domains_or_without_domains_tells_nobody(world, django_capture_on_commit_callbacks):
    _second_coordinator(world)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(municipality=world.a, invited_by=world.user("coordinator"), email="x@gmail.com",
                          level=Level.LARARE)  # no domains set: no check
        world.a.email_domains = "alby.se"
        world.a.save()
        invitation_create(municipality=world.a, invited_by=world.user("coordinator"), email="y@skola.alby.se",
                          level=Level.LARARE)
    assert not [m for m in mail.outbox if "utanför kommunens domäner" in m.subject]


def test_member_list_marks_addresses_outside_the_domains(world, client_for):
    world.a.email_domains = "alby.se"
    world.a.save()
    _second_coordinator(world)
    invitation_create(municipality=world.a, invited_by=world.user("coordinator"), email="z@gmail.com",
                      level=Level.NAMND)
    html = client_for("coordinator").get("/k/alby/medlemmar/").content.decode()
    marks = html.count("adress utanför kommunens domäner")
    # Every persona's address is outside alby.se (world uses example addresses), Stina's is inside,
    # and the pending invitation is outside.
    members_outside = sum(1 for m in world.a.memberships.all() if not m.user.email.endswith("@alby.se"))
    assert marks == members_outside + 1
    assert "z@gmail.com" in html.split("adress utanför kommunens domäner")[-2]


def test_platform_staff_set_the_domains_in_the_admin():
    admin = site._registry[Municipality]
    assert "email_domains" in admin.get_form(None)().fields
    municipality = Municipality(name="X", slug="x", email_domains="x.se, @skola.x.se")
    assert municipality.domain_list == ["x.se", "skola.x.se"]
    assert not municipality.email_is_outside("a@SKOLA.x.se") and municipality.email_is_outside("a@x.se.evil.com")
