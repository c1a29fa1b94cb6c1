"""Demo step: a goal tree per demo municipality, followed by real Skolverket values.

Runs after the indicators step, which imported the shared files. Each municipality gets a board
goal (adopted, with date and paragraph, shared with the network), an administration sub-goal,
two school goals, a teacher-team goal and a teacher team's proposal. Baselines are the
municipality's own latest imported values and targets a realistic step up from them, so the
status and the cohort view show the municipality's real situation.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from indicators.models import Indicator, Measurement
from municipalities.demo import MUNICIPALITIES, NETWORK_SLUG
from municipalities.models import Level, Membership, Municipality, School
from networks.models import Network
from reviews.models import Statement

from .models import Goal, GoalIndicator, GoalShare, GoalStatus

# Looked up by the importer's keys (indicators.importer.engine.indicator_key).
PASSING_ALL_SUBJECTS = "andel-procent-som-fatt-godkant-betyg-i-alla-amnen|samtliga|-|-"
MATHS_TEST_PASSED = "andel-procent-med-provbetyg-a-e|samtliga|matematik|totalt"

START = datetime.date(2024, 8, 19)
TARGET = datetime.date(2028, 6, 30)


def _latest(municipality: Municipality, indicator: Indicator | None, grade: int, up_to: int) -> Measurement | None:
    if indicator is None:
        return None
    return (
        Measurement.objects.filter(
            municipality=municipality, indicator=indicator, grade=grade, school__isnull=True, value__isnull=False,
            school_year__lte=up_to,
        )
        .order_by("-school_year")
        .first()
    )


def _goal(municipality: Municipality, title: str, **fields) -> Goal:
    goal, _created = Goal.objects.update_or_create(municipality=municipality, title=title, defaults=fields)
    return goal


def _follow(goal: Goal, indicator: Indicator | None, grade: int, *, step: Decimal, target_year: int, base: int) -> None:
    """Link the indicator with the value when the work began as baseline and a step up as target.

    The baseline is the latest value up to the spring ``base`` (the goals were set in 2024), so
    the later imported values show how the municipality is doing since.
    """
    latest = _latest(goal.municipality, indicator, grade, base)
    if latest is None:
        return
    target = min(Decimal(100), latest.value + step)
    GoalIndicator.objects.update_or_create(
        goal=goal,
        indicator=indicator,
        grade=grade,
        defaults={
            "baseline_value": latest.value,
            "baseline_year": latest.school_year,
            "target_value": target,
            "target_year": max(target_year, latest.school_year + 1),
        },
    )


def build(*, stdout) -> None:
    passing = Indicator.objects.filter(key=PASSING_ALL_SUBJECTS).first()
    maths = Indicator.objects.filter(key=MATHS_TEST_PASSED).first()
    if passing is None or maths is None:
        stdout.write("  Skolverkets mått saknas (kör indicators-steget först); målen får inga mått.")
    statements = {
        s.key: s for s in Statement.objects.filter(template__network__isnull=True, template__superseded_at__isnull=True)
    }
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    for paragraph, (name, _code, slug, _schools) in enumerate(MUNICIPALITIES, start=41):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            continue
        schools = list(School.objects.filter(municipality=municipality).order_by("name"))
        teacher = (
            Membership.objects.filter(municipality=municipality, level=Level.LARARE, school=schools[1])
            .select_related("user")
            .first()
        )
        board = _goal(
            municipality,
            "Fler elever ska nå godkända betyg i alla ämnen",
            description=(
                f"Nämnden i {name} vill att fler elever lämnar grundskolan med godkända betyg i alla ämnen. "
                "Vägen dit går genom sammanlänkad styrning och ledning: nämnd, förvaltning, rektorer och lärare "
                "följer samma mål och samma resultat."
            ),
            area="Alla ämnen",
            level=Level.NAMND,
            school=None,
            parent=None,
            status=GoalStatus.ACTIVE,
            starts_on=START,
            target_on=TARGET,
            adopted_on=datetime.date(2024, 9, 17),
            adoption_paragraph=f"§ {paragraph}",
        )
        # The board goal is shared with the demo network (the one the municipalities work in).
        if network is not None:
            GoalShare.objects.get_or_create(
                goal=board, network=network,
                defaults={"shared_at": timezone.make_aware(datetime.datetime(2024, 10, 1, 9, 0))},
            )
        board.statements.set([s for key, s in statements.items() if key in ("ledning-sammanlankade", "syn-hoga-forvantningar")])
        _follow(board, passing, 9, step=Decimal("8"), target_year=2028, base=2024)

        administration = _goal(
            municipality,
            "Höjda resultat i matematik i årskurs 9",
            description="Förvaltningen stöder skolorna med kollegialt lärande i matematik och följer de nationella proven.",
            area="Matematik",
            level=Level.FORVALTNING,
            school=None,
            parent=board,
            status=GoalStatus.ACTIVE,
            starts_on=START,
            target_on=TARGET,
        )
        _follow(administration, maths, 9, step=Decimal("6"), target_year=2027, base=2019)
        _follow(administration, passing, 9, step=Decimal("5"), target_year=2027, base=2023)

        first_school = _goal(
            municipality,
            f"Fler elever med godkänt i alla ämnen i årskurs 6 på {schools[0].name}",
            description="Tidiga insatser i matematik och läsning, och gemensam uppföljning varje termin.",
            area="Matematik",
            level=Level.REKTOR,
            school=schools[0],
            parent=administration,
            status=GoalStatus.ACTIVE,
            starts_on=START,
            target_on=TARGET,
        )
        _follow(first_school, passing, 6, step=Decimal("7"), target_year=2027, base=2022)
        second_school = _goal(
            municipality,
            f"Systematisk uppföljning av matematikresultaten på {schools[1].name}",
            description="Resultaten analyseras tillsammans i ämneslagen efter varje termin.",
            area="Matematik",
            level=Level.REKTOR,
            school=schools[1],
            parent=administration,
            status=GoalStatus.ACTIVE,
            starts_on=START,
            target_on=TARGET,
        )
        _follow(second_school, passing, 9, step=Decimal("5"), target_year=2027, base=2023)
        _goal(
            municipality,
            "Gemensam bedömning i matematik i årskurs 4–6",
            description="Lärarlaget sambedömer elevarbeten i matematik två gånger per termin.",
            area="Matematik",
            level=Level.LARARE,
            school=schools[0],
            parent=first_school,
            status=GoalStatus.ACTIVE,
            starts_on=START,
            target_on=datetime.date(2026, 6, 15),
        )
        _goal(
            municipality,
            "Problemlösning varje vecka i årskurs 7–9",
            description="Förslag från lärarlaget: en gemensam problemlösningslektion varje vecka, med uppföljning.",
            area="Matematik",
            level=Level.LARARE,
            school=schools[1],
            parent=second_school,
            status=GoalStatus.PROPOSED,
            proposed_by=teacher.user if teacher else None,
            created_by=teacher.user if teacher else None,
            starts_on=datetime.date(2025, 8, 18),
            target_on=datetime.date(2026, 6, 15),
        )
    stdout.write(f"  Mål: {Goal.objects.count()} i {len(MUNICIPALITIES)} kommuner")
