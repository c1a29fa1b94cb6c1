import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from municipalities.models import Invitation, Level, Membership

from ..factories import InvitationFactory, SchoolFactory

pytestmark = pytest.mark.django_db(transaction=False)


def _invite_url(world):
    return reverse("municipalities:invite", kwargs={"municipality": world.a.slug})


def _link_from_mail() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"https?://\S+/inbjudan/\S+/", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return "/" + match.group(0).split("://", 1)[1].split("/", 1)[1]


def test_coordinator_invites_and_new_person_signs_up_and_lands_in_municipality(world, client_for, django_capture_on_commit_callbacks):
    coordinator = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            _invite_url(world),
            {"email": "Ny.Larare@Example.se", "full_name": "Nora Ny", "level": Level.LARARE, "school": world.school_a1.pk},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="ny.larare@example.se")
    assert invitation.school == world.school_a1
    assert mail.outbox[0].to == ["ny.larare@example.se"]
    assert "Alby kommun" in mail.outbox[0].subject
    path = _link_from_mail()

    newcomer = client_for("anonymous")
    page = newcomer.get(path)
    assert page.status_code == 200
    assert "Skapa konto" in page.content.decode()
    signup = newcomer.get(re.search(r'href="(/accounts/signup/[^"]*)"', page.content.decode()).group(1).replace("&amp;", "&"))
    assert 'value="ny.larare@example.se"' in signup.content.decode()
    assert 'value="Nora Ny"' in signup.content.decode()
    response = newcomer.post(
        reverse("account_signup"),
        {"full_name": "Nora Ny", "email": "ny.larare@example.se", "password1": "ett-bra-losenord-77", "password2": "ett-bra-losenord-77"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("municipalities:home", kwargs={"municipality": "alby"})
    user = User.objects.get(email="ny.larare@example.se")
    assert user.full_name == "Nora Ny"
    membership = Membership.objects.get(user=user)
    assert (membership.municipality, membership.level, membership.school) == (world.a, Level.LARARE, world.school_a1)
    assert EmailAddress.objects.get(user=user).verified
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert newcomer.get(response["Location"]).status_code == 200


def test_reused_link_gets_a_clear_message(world, client_for):
    invitation = InvitationFactory(municipality=world.a, accepted_at=timezone.now())
    response = client_for("anonymous").get(reverse("municipalities:invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 410
    assert "redan använts" in response.content.decode()


def test_expired_link_gets_a_clear_message(world, client_for):
    invitation = InvitationFactory(municipality=world.a, expires_at=timezone.now() - timedelta(minutes=1))
    response = client_for("anonymous").get(reverse("municipalities:invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 410
    assert "gått ut" in response.content.decode()


def test_unknown_link_gets_a_clear_message(world, client_for):
    response = client_for("anonymous").get(reverse("municipalities:invitation", kwargs={"token": "finns-inte"}))
    assert response.status_code == 404
    assert "ogiltig" in response.content.decode()


def test_link_opened_by_someone_else_is_refused_and_not_accepted(world, client_for):
    invitation = InvitationFactory(municipality=world.a, email="annan@example.se")
    client = client_for("peer")
    url = reverse("municipalities:invitation", kwargs={"token": invitation.token})
    assert client.post(url).status_code == 403
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Membership.objects.filter(user=world.user("peer"), municipality=world.a).exists()


def test_existing_account_signs_in_then_accepts(world, client_for):
    invitation = InvitationFactory(municipality=world.a, email="peer@example.se", level=Level.REKTOR)
    url = reverse("municipalities:invitation", kwargs={"token": invitation.token})
    anonymous = client_for("anonymous")
    assert "Logga in" in anonymous.get(url).content.decode()
    client = client_for("peer")
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.get(user=world.user("peer"), municipality=world.a).level == Level.REKTOR
    assert client.post(url).status_code == 410  # used once, then gone


def test_signup_is_closed_without_an_invitation(world, client_for):
    client = client_for("anonymous")
    response = client.post(
        reverse("account_signup"),
        {"full_name": "X", "email": "x@example.se", "password1": "ett-bra-losenord-77", "password2": "ett-bra-losenord-77"},
    )
    assert not User.objects.filter(email="x@example.se").exists()
    assert response.status_code == 200


def test_invite_existing_member_is_refused_with_a_message(world, client_for):
    response = client_for("coordinator").post(_invite_url(world), {"email": "larare@example.se", "level": Level.LARARE})
    assert response.status_code == 200
    assert "redan medlem" in response.content.decode()
    assert not Invitation.objects.exists()


def test_second_invite_to_same_address_renews_instead_of_duplicating(world, client_for):
    client = client_for("coordinator")
    client.post(_invite_url(world), {"email": "dubbel@example.se", "level": Level.LARARE})
    first = Invitation.objects.get()
    client.post(_invite_url(world), {"email": "DUBBEL@example.se", "level": Level.LARARE})
    assert Invitation.objects.filter(email="dubbel@example.se").count() == 1
    assert Invitation.objects.get().expires_at >= first.expires_at
    # Another role is refused (tests/municipalities/test_roles.py): an invitation never changes a pending one.
    client.post(_invite_url(world), {"email": "dubbel@example.se", "level": Level.REKTOR})
    assert Invitation.objects.get().level == Level.LARARE


def test_forged_school_of_another_municipality_is_rejected_next_to_the_field(world, client_for):
    foreign_school = SchoolFactory(municipality=world.b)
    response = client_for("coordinator").post(
        _invite_url(world), {"email": "ny@example.se", "level": Level.LARARE, "school": foreign_school.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_school_error"' in html
    assert "giltigt" in html  # Django's Swedish "Välj ett giltigt alternativ"
    assert not Invitation.objects.exists()


def test_form_errors_are_swedish_and_keep_what_was_typed(world, client_for):
    response = client_for("coordinator").post(_invite_url(world), {"email": "inte-en-adress", "full_name": "Kvar Text", "level": ""})
    html = response.content.decode()
    assert "Fyll i en giltig e-postadress" in html
    assert "Detta fält måste fyllas i" in html
    assert 'value="Kvar Text"' in html
