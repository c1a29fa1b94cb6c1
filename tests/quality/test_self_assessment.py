"""The Modellen 2.0 self-assessment beside the evidence: each dimension's tool status while answering,
on the results page, and on the quality start page (only from closed mappings)."""


import pytest
from django.urls import reverse
from django.utils import timezone

from quality import selectors
from reviews.models import Mapping

from ..reviews.factories import answer_all, make_mapping, modellen_template
from .factories import adopted_principle_set, routine_task

pytestmark = pytest.mark.django_db


def _mapping(world, *, closed: bool):
    """A Modellen 2.0 mapping everyone in A answered "full koll" (three or more per level)."""
    from municipalities.models import Level, Membership

    from .. import factories as f

    for level in (Level.NAMND, Level.REKTOR, Level.LARARE):
        for _ in range(2):
            f.MembershipFactory(user=f.UserFactory(), municipality=world.a, level=level,
                                school=world.school_a1 if level in (Level.REKTOR, Level.LARARE) else None)
    mapping = make_mapping(world.a, template=modellen_template(), title="Modellen HT")
    for m in Membership.objects.filter(municipality=world.a).select_related("user"):
        answer_all(mapping, m.user, m.level, 1)
    if closed:
        mapping.closed_at = timezone.now()
        mapping.save()
    return mapping


def test_answer_page_shows_each_dimensions_tool_status_beside_the_question(world, client_for):
    ps = adopted_principle_set(municipality=world.a)
    from quality.services import confirmation_create

    confirmation_create(principle_set=ps, user=world.users["larare"])
    mapping = _mapping(world, closed=False)
    body = client_for("rektor").get(reverse("reviews:answer", kwargs={"municipality": "alby", "pk": mapping.pk})).content.decode()
    assert "Verktygets läge:" in body
    assert "9 % av personalen har kvitterat version 1 (1 av 11)." in body
    assert "Inga rutiner ännu." in body


def test_full_koll_with_few_routines_done_is_visible_on_the_results_page(world, client_for):
    routine_task(municipality=world.a, owner=world.users["rektor"])  # overdue, not done
    mapping = _mapping(world, closed=True)
    body = client_for("larare").get(reverse("reviews:results", kwargs={"municipality": "alby", "pk": mapping.pk})).content.decode()
    assert "Svaren bredvid arbetet" in body
    assert "11 svarade ”full koll”, 0 ”utvecklingsområde”" in body
    assert "0 av 1 uppgifter genomförda i tid i år." in body


def test_start_page_shows_only_a_closed_mappings_answers(world):
    _mapping(world, closed=False)
    assert all(not s.self_assessment for s in selectors.tool_statuses(municipality=world.a))
    Mapping.objects.update(closed_at=timezone.now())
    statuses = selectors.tool_statuses(municipality=world.a)
    assert len(statuses) == 8
    assert "11 svarade ”full koll”" in statuses[0].self_assessment


def test_every_dimension_has_its_tool_and_shows_it_beside_the_question(world, client_for):
    """Issue 17, point 5: dimensions 3, 4, 7 and 8 show their tools' status as part 1's do.

    A dimension whose tool has landed names it (url_name) and says something of its own, not the
    "next part" placeholder; while answering, principals' time shows its counts beside question 7.
    """
    from principal_time.selectors import time_status

    statuses = {s.number: s for s in selectors.tool_statuses(municipality=world.a)}
    landed = [n for n, s in statuses.items() if s.has_tool]
    assert set(landed) == set(range(1, 9))
    for n in landed:
        assert statuses[n].status != "Kommer i nästa del av kvalitetsarbetet.", n
    mapping = _mapping(world, closed=False)
    beside = selectors.tool_statuses_for_mapping(mapping=mapping)
    assert beside["frigor-tid"].status == time_status(municipality=world.a).summary
    body = client_for("rektor").get(reverse("reviews:answer", kwargs={"municipality": "alby", "pk": mapping.pk})).content.decode()
    assert "0 av 3 rektorer har ett mål för sitt pedagogiska ledarskap" in body
    # Dimensions 3, 4, 7 and 8 (part 2's tools): each one's own status, beside its own question.
    from django.utils.html import escape

    questions = body.split("Verktygets läge")
    by_number = {s.number: s for s in beside.values()}
    for n in (3, 4, 7, 8):
        status = by_number[n].status
        assert escape(status) in body, (n, status)
        assert reverse(by_number[n].url_name, kwargs={"municipality": "alby"}) in body, n
    assert len(questions) >= 9, "a tool status beside each of the eight questions"
