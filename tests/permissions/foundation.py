"""Rows for the foundation: start page, municipalities, networks, invitations, language switch."""

from . import FORBIDDEN, FOUND, GONE, NOT_ALLOWED, NOT_FOUND, OK, Row, expect, municipality_page, network_page


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


def _member(world, municipality=None, key="member"):
    """A teacher of A (or ``municipality``) whom the coordinator may remove; made once per world."""
    from municipalities.models import Level

    from ..factories import MembershipFactory

    if key not in world.extra:
        world.extra[key] = MembershipFactory(
            municipality=municipality or world.a, level=Level.LARARE, is_coordinator=True
        )
    return world.extra[key]


def _member_kwargs(world):
    return {"municipality": world.a.slug, "membership_id": _member(world).pk}


def _foreign_member_kwargs(world):
    """Municipality A's address with a membership of B: 404, never 403 or a removal."""
    return {"municipality": world.a.slug, "membership_id": _member(world, world.b, "foreign_member").pk}


def _pending_kwargs(world):
    from ..factories import InvitationFactory

    if "pending" not in world.extra:
        world.extra["pending"] = InvitationFactory(municipality=world.a, email="vantar@example.se")
    return {"municipality": world.a.slug, "invitation_id": world.extra["pending"].pk}


def _foreign_pending_kwargs(world):
    from ..factories import InvitationFactory

    return {"municipality": world.a.slug, "invitation_id": InvitationFactory(municipality=world.b, email="b@example.se").pk}


# The coordinator of A manages A's members; every other persona of A is refused (403), everyone
# else does not see A (404). A member or invitation of B under A's address is a 404.
_MANAGE = municipality_page(members=FORBIDDEN, coordinator=OK)
_FOREIGN = municipality_page(members=FORBIDDEN, coordinator=NOT_FOUND)

ROWS = [
    Row("municipalities:member_remove", _MANAGE, kwargs=_member_kwargs),
    Row("municipalities:member_remove", _FOREIGN, kwargs=_foreign_member_kwargs, note="a member of B"),
    Row(
        "municipalities:member_remove",
        municipality_page(members=FORBIDDEN, coordinator=FOUND),
        kwargs=_member_kwargs,
        method="post",
        note="the removal itself",
    ),
    Row("municipalities:member_remove", _FOREIGN, kwargs=_foreign_member_kwargs, method="post", note="post: a member of B"),
    Row("municipalities:coordinator_end", _MANAGE, kwargs=_member_kwargs),
    Row("municipalities:coordinator_end", _FOREIGN, kwargs=_foreign_member_kwargs, note="a coordinator of B"),
    Row(
        "municipalities:coordinator_end",
        municipality_page(members=FORBIDDEN, coordinator=FOUND),
        kwargs=_member_kwargs,
        method="post",
        note="the role ends",
    ),
    Row("municipalities:invitation_revoke", municipality_page(members=NOT_ALLOWED), kwargs=_pending_kwargs),
    Row(
        "municipalities:invitation_revoke",
        municipality_page(members=FORBIDDEN, coordinator=FOUND),
        kwargs=_pending_kwargs,
        method="post",
        note="withdraw",
    ),
    Row(
        "municipalities:invitation_revoke",
        _FOREIGN,
        kwargs=_foreign_pending_kwargs,
        method="post",
        note="an invitation of B",
    ),
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
