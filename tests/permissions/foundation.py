"""Rows for the foundation: start page, municipalities, networks, invitations, language switch."""

from . import FORBIDDEN, FOUND, GONE, OK, Row, expect, municipality_page, network_page


def _invitation(world):
    from ..factories import InvitationFactory

    inv = world.extra.get("invitation") or InvitationFactory(municipality=world.a, email="ny.person@example.se")
    world.extra["invitation"] = inv
    return {"token": inv.token}


def _expired_invitation(world):
    from datetime import timedelta

    from django.utils import timezone

    from ..factories import InvitationFactory

    inv = InvitationFactory(municipality=world.a, email="sen@example.se", expires_at=timezone.now() - timedelta(days=1))
    return {"token": inv.token}


ROWS = [
    Row("core:start", expect(OK, anonymous=FOUND)),
    Row("municipalities:home", municipality_page()),
    Row("municipalities:members", municipality_page()),
    Row("municipalities:invite", municipality_page(members=FORBIDDEN, coordinator=OK)),
    Row("municipalities:settings", municipality_page(members=FORBIDDEN, coordinator=OK)),
    # The link works for the invited address only: a signed-in person with another address is
    # told so (403); signed out, anyone holding the link sees the invitation.
    Row("municipalities:invitation", expect(FORBIDDEN, anonymous=OK), kwargs=_invitation),
    Row(
        "municipalities:invitation",
        expect(GONE),
        kwargs=_expired_invitation,
        note="an expired link is gone for everyone",
    ),
    Row("networks:home", network_page()),
    Row("networks:members", network_page()),
    Row("networks:invite", network_page(members=FORBIDDEN)),
    Row("networks:settings", network_page(members=FORBIDDEN)),
    Row("core:municipality_history", municipality_page(members=FORBIDDEN, coordinator=OK)),
    Row("core:municipality_export", municipality_page(members=FORBIDDEN, coordinator=OK)),
    Row("core:network_history", network_page(members=FORBIDDEN)),
    Row("accounts:delete", expect(OK, anonymous=FOUND)),
    Row("set_language", expect(FOUND), note="GET only redirects back; the switch is a POST form"),
]
