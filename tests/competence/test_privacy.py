"""Self-assessments and sessions are staff data (DOMAIN.md): who sees them, and how.

A person's answers: the person and their school's principal. The school's staff and förvaltning:
per competence only with at least threshold + 1 answers. Sessions: presenter, checker, principal.
"""

import pytest
from django.urls import reverse

from competence import selectors

from .factories import answer, checked_routine, competence, session, staff_member

pytestmark = pytest.mark.django_db


def _school_with_answers(world, n: int, name_prefix: str = "Lärare"):
    """``n`` teachers at A1 (besides the personas) answered one competence with a telling note."""
    c = competence(municipality=world.a, title="Formativ bedömning")
    for i in range(n):
        user = staff_member(school=world.school_a1, name=f"{name_prefix} {i}")
        answer(competence=c, user=user, school=world.school_a1, level=1 + i % 4, need=2)
    return c


def test_a_competence_shows_only_with_threshold_plus_one_answers(world):
    # The network's default threshold is 5: a figure needs 6 answers.
    c = _school_with_answers(world, 5)
    figure = selectors.school_analysis(school=world.school_a1).figures[0]
    assert (figure.visible, figure.mean_level, figure.great_need) == (False, None, None)
    answer(competence=c, user=world.users["larare"], school=world.school_a1, level=4, need=0)
    figure = selectors.school_analysis(school=world.school_a1).figures[0]
    assert figure.visible and figure.respondents == 6 and figure.great_need == 5


def test_answers_of_people_who_left_the_school_do_not_count(world):
    c = _school_with_answers(world, 6)
    from municipalities.models import Membership

    Membership.objects.filter(user__full_name="Lärare 0").update(school=world.school_a2)
    assert not selectors.school_analysis(school=world.school_a1).figures[0].visible
    assert c.assessments.count() == 6


def test_forvaltning_sees_the_school_without_any_name_or_individual_answer(world, client_for):
    _school_with_answers(world, 6, name_prefix="Hemlig")
    url = reverse("competence:school", kwargs={"municipality": "alby", "school": world.school_a1.pk})
    # (The plan's form offers the staff as owners: names of staff, not their answers.)
    page = client_for("forvaltning").get(url).content.decode().split('id="plan-heading"')[0]
    assert "Formativ bedömning" in page and "Hemlig" not in page and "Varje persons skattning" not in page
    page = client_for("rektor").get(url).content.decode()
    assert "Hemlig 3" in page and "Varje persons skattning" in page
    # A teacher of the school sees the school's figures, not the colleagues' answers.
    page = client_for("larare").get(url).content.decode()
    assert "Formativ bedömning" in page and "Hemlig" not in page


def test_a_principal_of_another_school_sees_neither_analysis_nor_sessions(world, client_for):
    from municipalities.models import Level

    from .. import factories as f

    other = f.UserFactory(email="rektor-a2@example.se")
    f.MembershipFactory(user=other, municipality=world.a, level=Level.REKTOR, school=world.school_a2)
    r = checked_routine(municipality=world.a)
    s = session(school=world.school_a1, routine_obj=r, presenter=world.users["larare"],
                checker=staff_member(school=world.school_a1))
    client = client_for("anonymous")
    client.force_login(other)
    assert client.get(reverse("competence:school", kwargs={"municipality": "alby",
                                                           "school": world.school_a1.pk})).status_code == 403
    assert client.get(reverse("competence:session", kwargs={"municipality": "alby", "pk": s.pk})).status_code == 403
    page = client.get(reverse("competence:sessions", kwargs={"municipality": "alby"})).content.decode()
    assert "Larare Testsson" not in page


def test_coverage_names_who_has_shown_and_who_has_not_yet(world):
    r = checked_routine(municipality=world.a)
    r.who_level = "larare"
    r.save()
    colleague = staff_member(school=world.school_a1, name="Kollega Ett")
    session(school=world.school_a1, routine_obj=r, presenter=world.users["larare"], checker=colleague)
    session(school=world.school_a1, routine_obj=r, presenter=colleague, checker=world.users["larare"], result="")
    (cov,) = selectors.school_coverage(school=world.school_a1)
    assert [m.user for m in cov.shown] == [world.users["larare"]]
    # An unchecked session is not a shown routine; the principal is not asked a teachers' routine.
    assert [m.user for m in cov.not_yet] == [colleague]
    counts = {c.school.pk: c for c in selectors.coverage_counts(municipality=world.a)}
    assert [(x.shown, x.staff) for x in counts[world.school_a1.pk].routines] == [(1, 2)]
