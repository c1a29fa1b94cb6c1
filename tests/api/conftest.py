import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from municipalities.models import Level

from .. import factories as f
from ..commitments.factories import CommitmentFactory, ProgressUpdateFactory, make_meeting
from ..goals.factories import GoalFactory, GoalIndicatorFactory, IndicatorFactory, MeasurementFactory
from ..networks.factories import RegistrationFactory
from ..reviews.factories import answer_all, make_mapping, publish


@pytest.fixture
def content(world):
    """Municipality A with a little of everything the API reads; B with a goal of its own."""
    a, n = world.a, world.network
    indicator = IndicatorFactory(name="Andel behöriga till gymnasiet")
    goal = GoalFactory(municipality=a, title="Fler behöriga", level=Level.NAMND, shared_with=[n])
    GoalIndicatorFactory(goal=goal, indicator=indicator, grade=9, baseline_value=Decimal("60"), baseline_year=2022,
                         target_value=Decimal("80"), target_year=2028)
    for year, value in ((2022, "60"), (2023, "64"), (2024, "70")):
        MeasurementFactory(indicator=indicator, municipality=a, school_year=year, grade=9, value=Decimal(value))
    school_goal = GoalFactory(municipality=a, title="=HYPERLINK(\"x\")", level=Level.REKTOR, school=world.school_a1,
                              parent=goal, starts_on=datetime.date(2020, 8, 1), target_on=datetime.date(2021, 6, 30))
    GoalFactory(municipality=world.b, title="B:s mål", shared_with=[n])
    # A closed mapping: three teachers answer (hidden: under the threshold), five principals.
    people = []
    for level, count, value in ((Level.REKTOR, 5, 3), (Level.LARARE, 2, 1)):
        for i in range(count):
            user = f.UserFactory(email=f"{level}{i}@example.se")
            f.MembershipFactory(user=user, municipality=a, level=level)
            people.append((user, level, value))
    mapping = make_mapping(a, open_=False, threshold=3)
    for user, level, value in people:
        answer_all(mapping, user, level, value=value)
    publish(mapping, [n])
    meeting = make_meeting(network=n, number=1, starts=timezone.now() - datetime.timedelta(days=20))
    RegistrationFactory(meeting=meeting, municipality=a, user=world.user("rektor"), level=Level.REKTOR, attended=True)
    RegistrationFactory(meeting=meeting, municipality=world.b, user=world.user("peer"), level=Level.LARARE)
    commitment = CommitmentFactory(municipality=a, title="-Lektionsbesök", owner=world.user("rektor"),
                                   levels=[Level.REKTOR], meeting=meeting, shared_with=[n])
    ProgressUpdateFactory(commitment=commitment, text="Första besöken", done_on=timezone.localdate() - datetime.timedelta(days=5))
    ProgressUpdateFactory(commitment=commitment, text="Alla skolor", done_on=timezone.localdate())
    home = CommitmentFactory(municipality=a, title="Hemma", levels=[Level.LARARE],
                             due_on=timezone.localdate() + datetime.timedelta(days=200))
    return {"goal": goal, "school_goal": school_goal, "mapping": mapping, "meeting": meeting, "commitment": commitment,
            "home": home, "indicator": indicator}
