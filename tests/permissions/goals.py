"""Rows for the goals pages: who reads, edits, proposes, accepts, adopts and shares goals.

Coordinator and administration (forvaltning) edit every goal of A; the principal (rektor, at
school A1) edits A1's goals only; the teacher (larare) reads and proposes; the politician (namnd)
reads and records adoption; only the coordinator shares a goal with the network.
"""

from . import FORBIDDEN, FOUND, OK, Row, municipality_page, network_page


def _board_goal(world):
    from ..goals.factories import GoalFactory

    if "board_goal" not in world.extra:
        world.extra["board_goal"] = GoalFactory(municipality=world.a, title="Fler elever når målen i matematik")
    return world.extra["board_goal"]


def _school_goal(world):
    from ..goals.factories import GoalFactory

    if "school_goal" not in world.extra:
        world.extra["school_goal"] = GoalFactory(
            municipality=world.a, level="rektor", school=world.school_a1, parent=_board_goal(world), title="Alby skolas mål"
        )
    return world.extra["school_goal"]


def _goal(world):
    return {"municipality": world.a.slug, "pk": _board_goal(world).pk}


def _school(world):
    return {"municipality": world.a.slug, "pk": _school_goal(world).pk}


def _proposal(world):
    from ..goals.factories import GoalFactory

    proposal = GoalFactory(
        municipality=world.a, level="larare", school=world.school_a1, status="forslag", title="Lärarlagets förslag"
    )
    return {"municipality": world.a.slug, "pk": proposal.pk}


def _link(world):
    from ..goals.factories import GoalIndicatorFactory

    link = GoalIndicatorFactory(goal=_board_goal(world))
    return {"municipality": world.a.slug, "pk": link.goal_id, "link_pk": link.pk}


def _school_link(world):
    from ..goals.factories import GoalIndicatorFactory

    link = GoalIndicatorFactory(goal=_school_goal(world))
    return {"municipality": world.a.slug, "pk": link.goal_id, "link_pk": link.pk}


def _foreign_goal(world):
    from ..goals.factories import GoalFactory

    return {"municipality": world.a.slug, "pk": GoalFactory(municipality=world.b, title="Bstads mål").pk}


EDITORS = {"forvaltning": OK, "coordinator": OK}
REDIRECT_EDITORS = {"forvaltning": FOUND, "coordinator": FOUND}

ROWS = [
    Row("goals:tree", municipality_page()),
    Row("goals:create", municipality_page(members=FORBIDDEN, rektor=OK, **EDITORS)),
    Row("goals:propose", municipality_page(members=FORBIDDEN, larare=OK)),
    Row("goals:detail", municipality_page(), kwargs=_goal),
    Row(
        "goals:detail",
        municipality_page(members=404),
        kwargs=_foreign_goal,
        note="another municipality's goal id is not found, not forbidden",
    ),
    Row("goals:edit", municipality_page(members=FORBIDDEN, **EDITORS), kwargs=_goal),
    Row(
        "goals:edit",
        municipality_page(members=FORBIDDEN, rektor=OK, other_rektor=FORBIDDEN, **EDITORS),
        kwargs=_school,
        note="the principal edits their own school's goal",
    ),
    Row("goals:adopt", municipality_page(members=FORBIDDEN, namnd=OK, coordinator=OK), kwargs=_goal),
    Row(
        "goals:accept",
        municipality_page(members=FORBIDDEN, rektor=FOUND, other_rektor=FORBIDDEN, **REDIRECT_EDITORS),
        kwargs=_proposal,
        method="post",
    ),
    Row(
        "goals:share",
        municipality_page(members=FORBIDDEN, coordinator=FOUND),
        kwargs=_goal,
        method="post",
        data=lambda world: {"dela-networks": [str(world.network.pk)]},
    ),
    Row("goals:indicator_add", municipality_page(members=FORBIDDEN, **EDITORS), kwargs=_goal),
    Row(
        "goals:indicator_add",
        municipality_page(members=FORBIDDEN, rektor=OK, other_rektor=FORBIDDEN, **EDITORS),
        kwargs=_school,
        note="the principal adds indicators to their school's goal",
    ),
    Row("goals:indicator_edit", municipality_page(members=FORBIDDEN, **EDITORS), kwargs=_link),
    Row(
        "goals:indicator_edit",
        municipality_page(members=FORBIDDEN, rektor=OK, other_rektor=FORBIDDEN, **EDITORS),
        kwargs=_school_link,
        note="school goal's indicator",
    ),
    Row(
        "goals:indicator_remove",
        municipality_page(members=FORBIDDEN, **EDITORS),
        kwargs=_link,
        note="GET asks for confirmation",
    ),
    Row("goals:network_compare", network_page()),
]
