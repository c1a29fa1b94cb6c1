"""Rows for rounds, meetings, registration, attendance, mixed groups and calendars (networks app)."""

from . import FORBIDDEN, FOUND, NOT_ALLOWED, NOT_FOUND, OK, Row, expect, network_page


def _meeting(world):
    from ..networks.factories import MeetingFactory, RoundFactory

    if "meeting" not in world.extra:
        world.extra["meeting"] = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    return world.extra["meeting"]


def _meeting_kwargs(world):
    return {"network": world.network.slug, "meeting_id": _meeting(world).pk}


def _foreign_meeting_kwargs(world):
    """Network N's address with a meeting of network M: must answer 404, never 403."""
    return {"network": world.network.slug, "meeting_id": _foreign_meeting(world).pk}


def _round_kwargs(world):
    return {"network": world.network.slug, "round_id": _meeting(world).round_id}


def _foreign_meeting(world):
    """A meeting of network M, asked for under network N's address."""
    from ..networks.factories import MeetingFactory, RoundFactory

    if "foreign_meeting" not in world.extra:
        world.extra["foreign_meeting"] = MeetingFactory(round=RoundFactory(network=world.other_network, number=1))
    return world.extra["foreign_meeting"]


def _move_data(world):
    from ..networks.factories import GroupFactory, RegistrationFactory

    meeting = _meeting(world)
    if "move" not in world.extra:
        g1 = GroupFactory(meeting=meeting, number=1)
        g2 = GroupFactory(meeting=meeting, number=2)
        registration = RegistrationFactory(
            meeting=meeting, user=world.user("peer"), municipality=world.b, group=g1
        )
        world.extra["move"] = {"registration": registration.pk, "group": g2.pk}
    return world.extra["move"]


def _feed(world):
    from networks.services import calendar_feed_for

    return {"token": calendar_feed_for(user=world.user("larare")).token}


FOREIGN = expect(NOT_FOUND, anonymous=FOUND)

ROWS = [
    Row("networks:meetings", network_page()),
    Row("networks:round_create", network_page(members=FORBIDDEN)),
    Row("networks:meeting_plan", network_page(members=FORBIDDEN), kwargs=_round_kwargs),
    Row(
        "networks:meeting_plan",
        FOREIGN,
        kwargs=lambda w: {"network": w.network.slug, "round_id": _foreign_meeting(w).round_id},
        note="round of another network",
    ),
    Row("networks:meeting", network_page(), kwargs=_meeting_kwargs),
    Row(
        "networks:meeting",
        FOREIGN,
        kwargs=_foreign_meeting_kwargs,
        note="meeting of another network",
    ),
    # Members register themselves; project leaders run the meeting but do not register.
    Row("networks:meeting_register", network_page(leader=FORBIDDEN), kwargs=_meeting_kwargs),
    Row(
        "networks:meeting_register",
        FOREIGN,
        kwargs=_foreign_meeting_kwargs,
        note="register for a meeting of another network",
    ),
    Row("networks:meeting_attendance", network_page(members=FORBIDDEN), kwargs=_meeting_kwargs),
    Row(
        "networks:meeting_attendance",
        FOREIGN,
        kwargs=_foreign_meeting_kwargs,
        note="attendance of another network",
    ),
    Row("networks:meeting_groups", network_page(members=FORBIDDEN), kwargs=_meeting_kwargs),
    Row(
        "networks:meeting_groups",
        FOREIGN,
        kwargs=_foreign_meeting_kwargs,
        note="groups of another network",
    ),
    Row(
        "networks:group_move",
        network_page(members=NOT_ALLOWED, leader=NOT_ALLOWED),
        kwargs=_meeting_kwargs,
        note="GET is not allowed",
    ),
    Row(
        "networks:group_move",
        network_page(members=FORBIDDEN, leader=FOUND),
        kwargs=_meeting_kwargs,
        method="post",
        data=_move_data,
        note="POST moves a person",
    ),
    Row("networks:groups_print", network_page(members=FORBIDDEN), kwargs=_meeting_kwargs),
    Row("networks:meeting_ical", network_page(), kwargs=_meeting_kwargs),
    Row(
        "networks:meeting_ical",
        FOREIGN,
        kwargs=_foreign_meeting_kwargs,
        note="calendar file of another network",
    ),
    Row("networks:calendar_settings", expect(OK, anonymous=FOUND)),
    # Calendar apps cannot sign in: the secret token is the key, for anyone holding it.
    Row("networks:calendar_feed", expect(OK), kwargs=_feed),
    Row("networks:calendar_feed", expect(NOT_FOUND), kwargs=lambda w: {"token": "gissad-token"}, note="unknown token"),
]
