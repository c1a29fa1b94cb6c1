"""The commitments list's page (``commitment_page``): one query for its rows and how many there
are (issue 18), the same page, count and pager as Django's paginator gave."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import Commitment
from commitments.selectors import COMMITMENTS_PER_PAGE, commitment_page
from tests.commitments.factories import CommitmentFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def _pager(page):
    return (page.number, page.paginator.count, page.paginator.num_pages, page.has_other_pages(),
            page.start_index(), page.end_index(), [row.pk for row in page.object_list])


def _as_django_pages_it(municipality, number, **filters):
    qs = Commitment.objects.filter(municipality=municipality, **filters).order_by("due_on", "title")
    page = Paginator(qs, COMMITMENTS_PER_PAGE).get_page(number)
    return (page.number, page.paginator.count, page.paginator.num_pages, page.has_other_pages(),
            page.start_index(), page.end_index(), [c.pk for c in page.object_list])


@pytest.fixture
def many(world):
    today = timezone.localdate()
    for n in range(COMMITMENTS_PER_PAGE + 7):
        CommitmentFactory(municipality=world.a, title=f"Åtagande {n:03}", due_on=today + datetime.timedelta(days=n % 9),
                          status="pagar" if n % 3 else "planerad")
    CommitmentFactory(municipality=world.b, title="Grannens", due_on=today - datetime.timedelta(days=30))
    return world


@pytest.mark.parametrize("number", [1, 2, 3, 99, "x", 0, -1])
def test_each_page_is_the_paginators(many, number):
    assert _pager(commitment_page(municipality=many.a, number=number)) == _as_django_pages_it(many.a, number)


def test_a_filtered_page_and_an_empty_list(many):
    assert (_pager(commitment_page(municipality=many.a, status="planerad", number=1))
            == _as_django_pages_it(many.a, 1, status="planerad"))
    empty = commitment_page(municipality=many.a, status="genomford", number=1)
    assert _pager(empty) == _as_django_pages_it(many.a, 1, status="genomford")
    assert (empty.paginator.count, empty.paginator.num_pages, list(empty.object_list)) == (0, 1, [])
    assert commitment_page(municipality=many.c, number=1).paginator.count == 0  # another's rows are not counted


def test_a_page_in_range_is_one_query_and_its_schools(many):
    commitment = Commitment.objects.get(municipality=many.a, title="Åtagande 000")
    ProgressUpdateFactory(commitment=commitment)
    commitment.schools.add(many.school_a1)
    with CaptureQueriesContext(connection) as queries:
        page = commitment_page(municipality=many.a, number=1)
    assert len(queries) == 2  # the rows with their count; the schools
    row = next(row for row in page.object_list if row.pk == commitment.pk)
    assert (row.update_count, row.updates_line, row.schools) == (1, "1 uppdatering", ["Alby skola"])
    assert {r.updates_line for r in page.object_list if r.pk != commitment.pk} == {"0 uppdateringar"}
    with CaptureQueriesContext(connection) as queries:
        assert commitment_page(municipality=many.a, number=99).number == 2
    assert len(queries) == 4  # past the end: the empty page, the count, the last page, its schools
