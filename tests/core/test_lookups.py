import pytest
from django_scopes import scopes_disabled

from municipalities.models import School

from ..factories import SchoolFactory


@pytest.mark.django_db
def test_in_lookup_with_an_id_beyond_any_integer_column_matches_nothing_instead_of_crashing():
    school = SchoolFactory()
    with scopes_disabled():
        assert list(School.objects.filter(pk__in=[10**30])) == []
        assert list(School.objects.filter(pk__in=[10**30, school.pk])) == [school]
        assert list(School.objects.exclude(pk__in=[10**30])) == [school]
