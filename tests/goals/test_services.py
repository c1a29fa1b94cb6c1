import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.locking import StaleEdit
from goals import services
from goals.models import Goal, GoalStatus
from municipalities.models import Level

from .factories import GoalFactory, GoalIndicatorFactory, IndicatorFactory

START, TARGET = datetime.date(2024, 8, 1), datetime.date(2028, 6, 30)


def _create(world, **kw):
    fields = {
        "municipality": world.a, "created_by": world.user("coordinator"), "title": "Mål", "area": "Matematik",
        "level": Level.NAMND, "starts_on": START, "target_on": TARGET,
    }
    fields.update(kw)
    return services.goal_create(**fields)


def test_goal_cascade_from_board_to_teacher_team(world):
    board = _create(world, title="Nämndens mål")
    admin = _create(world, title="Förvaltningens delmål", level=Level.FORVALTNING, parent=board)
    school = _create(world, title="Skolans mål", level=Level.REKTOR, school=world.school_a1, parent=admin)
    team = _create(world, title="Lärarlagets mål", level=Level.LARARE, school=world.school_a1, parent=school)
    assert list(board.children.all()) == [admin]
    assert team.parent.parent.parent == board
    assert not board.is_adopted


def test_school_goal_needs_a_school_of_the_municipality(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, level=Level.REKTOR)
    assert "school" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _create(world, level=Level.REKTOR, school=world.school_b1)
    assert "hör inte till" in exc.value.message_dict["school"][0]
    assert not Goal.objects.filter(municipality=world.a).exists()


def test_parent_must_be_in_the_same_municipality(world):
    foreign = GoalFactory(municipality=world.b)
    with pytest.raises(ValidationError) as exc:
        _create(world, level=Level.FORVALTNING, parent=foreign)
    assert "annan kommun" in exc.value.message_dict["parent"][0]


def test_parent_cannot_be_on_a_lower_level(world):
    school_goal = _create(world, level=Level.REKTOR, school=world.school_a1)
    with pytest.raises(ValidationError) as exc:
        _create(world, level=Level.NAMND, parent=school_goal)
    assert "högre nivå" in exc.value.message_dict["parent"][0]


def test_a_goal_cannot_become_its_own_ancestor(world):
    top = _create(world, title="Överst", level=Level.FORVALTNING)
    middle = _create(world, title="Mitten", level=Level.FORVALTNING, parent=top)
    bottom = _create(world, title="Nederst", level=Level.FORVALTNING, parent=middle)
    with pytest.raises(ValidationError) as exc:
        services.goal_update(goal=top, version=top.version, parent=bottom)
    assert "sina egna delmål" in exc.value.message_dict["parent"][0]
    with pytest.raises(ValidationError):
        services.goal_update(goal=top, version=top.version, parent=top)
    top.refresh_from_db()
    assert top.parent is None and top.version == 1


def test_target_date_before_start_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, starts_on=TARGET, target_on=START)
    assert "target_on" in exc.value.message_dict


def test_edit_on_an_old_version_is_refused_and_overwrites_nothing(world):
    goal = _create(world, title="Första rubriken")
    opened_version = goal.version
    services.goal_update(goal=goal, version=opened_version, title="Annans ändring")
    with pytest.raises(StaleEdit):
        services.goal_update(goal=goal, version=opened_version, title="Min ändring")
    goal.refresh_from_db()
    assert goal.title == "Annans ändring"
    assert goal.version == opened_version + 1


def test_every_change_is_in_the_history(world):
    goal = _create(world, title="Före")
    services.goal_update(goal=goal, version=1, title="Efter")
    services.goal_record_adoption(goal=goal, adopted_on=datetime.date(2025, 3, 12), paragraph="§ 45", recorded_by=world.user("namnd"))
    titles = [h.title for h in goal.history.order_by("history_date", "history_id")]
    assert titles == ["Före", "Efter", "Efter"]
    assert goal.history.latest().history_change_reason == "Antagandet registrerades"


def test_adoption_records_date_and_paragraph(world):
    goal = _create(world)
    services.goal_record_adoption(
        goal=goal, adopted_on=datetime.date(2025, 3, 12), paragraph=" § 45 ", recorded_by=world.user("namnd")
    )
    goal.refresh_from_db()
    assert goal.is_adopted and goal.adoption_paragraph == "§ 45"
    assert goal.adoption_recorded_by == world.user("namnd")


@pytest.mark.parametrize(
    ("adopted_on", "paragraph", "field"),
    [(datetime.date(2025, 3, 12), "  ", "paragraph"), (datetime.date(2999, 1, 1), "§ 1", "adopted_on")],
)
def test_adoption_needs_a_paragraph_and_a_past_date(world, adopted_on, paragraph, field):
    goal = _create(world)
    with pytest.raises(ValidationError) as exc:
        services.goal_record_adoption(goal=goal, adopted_on=adopted_on, paragraph=paragraph, recorded_by=None)
    assert field in exc.value.message_dict
    goal.refresh_from_db()
    assert not goal.is_adopted


def test_teacher_proposal_waits_for_acceptance(world):
    proposal = services.goal_propose(
        municipality=world.a, proposed_by=world.user("larare"), school=world.school_a1, title="Lärarlagets förslag",
        area="Matematik", starts_on=START, target_on=TARGET,
    )
    assert proposal.status == GoalStatus.PROPOSED and proposal.level == Level.LARARE
    assert proposal.proposed_by == world.user("larare")
    with pytest.raises(ValidationError):
        services.goal_record_adoption(goal=proposal, adopted_on=START, paragraph="§ 1", recorded_by=None)
    with pytest.raises(ValidationError):
        services.goal_set_shared(goal=proposal, networks=[world.network])
    accepted = services.goal_accept_proposal(goal=proposal, accepted_by=world.user("rektor"))
    assert accepted.status == GoalStatus.ACTIVE
    with pytest.raises(ValidationError):
        services.goal_accept_proposal(goal=proposal, accepted_by=world.user("rektor"))


def test_sharing_with_the_network_can_be_withdrawn(world):
    goal = _create(world)
    assert services.goal_set_shared(goal=goal, networks=[world.network]).is_shared
    assert not services.goal_set_shared(goal=goal, networks=[]).is_shared


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"baseline_value": Decimal("-1")}, "baseline_value"),
        ({"target_value": Decimal("100.5")}, "target_value"),
        ({"target_year": 2022}, "target_year"),
        ({"target_value": Decimal("60")}, "target_value"),
    ],
)
def test_indicator_baseline_and_target_are_validated(world, values, field):
    goal = GoalFactory(municipality=world.a)
    indicator = IndicatorFactory(unit="percent")
    fields = {"baseline_value": Decimal("60"), "baseline_year": 2022, "target_value": Decimal("70"), "target_year": 2027}
    fields.update(values)
    with pytest.raises(ValidationError) as exc:
        services.goal_indicator_add(goal=goal, indicator=indicator, grade=9, **fields)
    assert field in exc.value.message_dict
    assert not goal.goal_indicators.exists()


def test_one_link_per_indicator_and_grade(world):
    link = GoalIndicatorFactory(goal=GoalFactory(municipality=world.a), grade=9)
    with pytest.raises(ValidationError):
        services.goal_indicator_add(
            goal=link.goal, indicator=link.indicator, grade=9, baseline_value=Decimal("50"), baseline_year=2022,
            target_value=Decimal("60"), target_year=2026,
        )
    other_grade = services.goal_indicator_add(
        goal=link.goal, indicator=link.indicator, grade=6, baseline_value=Decimal("50"), baseline_year=2022,
        target_value=Decimal("60"), target_year=2026,
    )
    assert other_grade.grade == 6
