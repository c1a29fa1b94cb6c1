"""Rows for principals' time (dimension 7): a principal's log is theirs and förvaltning's only.

Everyone in A reads the start page of the tool (counts only); a principal is sent on to their
own page. Another principal's page answers 403 to a principal of another school (other_rektor),
teachers (larare, colleague), the board and a coordinator who is not förvaltning; a teacher's or
another municipality's person's id answers 404.
"""

from . import FORBIDDEN, FOUND, NOT_FOUND, OK, Row, municipality_page

FOLLOWERS = {"forvaltning": OK, "coordinator": OK}  # the world's coordinator is förvaltning


def _own(world):
    return {"municipality": world.a.slug, "user_id": world.users["rektor"].pk}


def _teacher(world):
    return {"municipality": world.a.slug, "user_id": world.users["larare"].pk}


def _foreign_principal(world):
    from ..factories import MembershipFactory, UserFactory

    user = world.extra.get("rektor_b")
    if user is None:
        user = UserFactory(email="rektor-b@example.se")
        MembershipFactory(user=user, municipality=world.b, level="rektor", school=world.school_b1)
        world.extra["rektor_b"] = user
    return {"municipality": world.a.slug, "user_id": user.pk}


def _freed_item(world):
    from ..principal_time.factories import freed

    item = freed(municipality=world.a, principal=world.users["rektor"])
    return {"form": "remove", "pk": item.pk}


ROWS = [
    Row("principal_time:home", municipality_page(rektor=FOUND, other_rektor=FOUND, colleague=OK),
        note="counts only; a principal is sent on to their own page"),
    Row("principal_time:log", municipality_page(members=FORBIDDEN, rektor=OK, other_rektor=OK, colleague=FORBIDDEN),
        note="each principal's own log"),
    Row("principal_time:log", municipality_page(members=FORBIDDEN, rektor=FOUND, other_rektor=FOUND,
                                                colleague=FORBIDDEN), method="post",
        data=lambda w: {"lesson_visits": "4", "collegial_learning": "2", "analysis": "1,5", "administration": "20",
                        "other": "", "note": ""}, note="save this week"),
    Row("principal_time:principal", municipality_page(members=FORBIDDEN, rektor=OK, other_rektor=FORBIDDEN, colleague=FORBIDDEN,
                                                      **FOLLOWERS),
        kwargs=_own, note="a principal of another school and the teachers see nothing of it"),
    Row("principal_time:principal", municipality_page(members=NOT_FOUND), kwargs=_teacher,
        note="a teacher is no principal"),
    Row("principal_time:principal", municipality_page(members=NOT_FOUND), kwargs=_foreign_principal,
        note="B's principal under A's address"),
    Row("principal_time:principal", municipality_page(members=FORBIDDEN, forvaltning=FOUND, coordinator=FOUND,
                                                      other_rektor=FORBIDDEN, colleague=FORBIDDEN),
        kwargs=_own, method="post", data=lambda w: {"form": "target", "hours": "10", "valid_from": "2026-11-30"},
        note="förvaltning sets the target"),
    Row("principal_time:principal", municipality_page(members=FORBIDDEN, rektor=FOUND, other_rektor=FORBIDDEN,
                                                      colleague=FORBIDDEN), kwargs=_own,
        method="post", data=lambda w: {"form": "freed", "title": "Schemaläggning", "kind": "delegated", "delegated_to": "Biträdande rektor",
                        "hours": "2", "since": "2026-10-01"}, note="the principal lists freed time"),
    Row("principal_time:principal", municipality_page(members=FORBIDDEN, rektor=FOUND, other_rektor=FORBIDDEN,
                                                      colleague=FORBIDDEN), kwargs=_own,
        method="post", data=_freed_item, note="the principal removes a row"),
]
