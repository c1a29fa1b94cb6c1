"""Ids chosen in a form: a value no id can be is an invalid choice, never a 500 (no global lookup patch)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from commitments.models import Commitment
from core.forms import IdMultipleChoiceField
from municipalities.models import School

from ..factories import SchoolFactory

pytestmark = pytest.mark.django_db

NOT_IDS = ["99999999999999999999", "9" * 40, "-99999999999999999999", "-1", "²", "١٢٣", "1e309", "1\x00"]


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_value_that_is_no_id_is_an_invalid_choice_before_any_query(value, django_assert_num_queries):
    with scopes_disabled():
        field = IdMultipleChoiceField(queryset=School.objects.all())
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        field.clean([value])
    assert refused.value.code == "invalid_choice"


def test_real_ids_are_still_chosen():
    school = SchoolFactory()
    with scopes_disabled():
        field = IdMultipleChoiceField(queryset=School.objects.all())
        assert list(field.clean([str(school.pk)])) == [school]
        with pytest.raises(ValidationError):
            field.clean([str(school.pk + 1000)])


@pytest.mark.parametrize("value", ["99999999999999999999", "9" * 40])
def test_a_huge_posted_school_id_is_a_form_error_not_a_500(value, world, client_for):
    url = reverse("commitments:create", kwargs={"municipality": "alby"})
    response = client_for("coordinator").post(url, {
        "title": "Stort id", "levels": ["forvaltning"], "schools": [value], "due_on": "2030-01-15",
    })
    assert response.status_code == 200
    assert "Välj bland kommunens skolor." in response.content.decode()
    assert not Commitment.objects.exists()


def test_every_form_chooses_rows_by_id_through_the_guarded_field():
    """A new form with Django's own ModelMultipleChoiceField would bring the 500 back."""
    from pathlib import Path

    from django.conf import settings

    apps = [p.parent for p in Path(settings.BASE_DIR).glob("*/apps.py") if p.parent.name != "core"]
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for app in apps
        for path in app.rglob("*.py")
        if "forms.ModelMultipleChoiceField" in path.read_text(encoding="utf-8")
    ]
    assert apps and offenders == []
