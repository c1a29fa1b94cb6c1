"""A title is one line: CR/LF and other control characters are refused (issue 12).

Today a commitment titled ``Kort\\r\\nBcc: …`` broke the reminder e-mails, and a mapping title with
CR/LF was a 500 (its invitation e-mail's subject). The form says why, in Swedish; the model's
validation and the table's check constraint refuse it on every other path.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment
from core.validators import validate_single_line
from goals.models import Goal
from networks.models import Round
from reviews.models import Mapping

from ..commitments.factories import CommitmentFactory
from ..goals.factories import GoalFactory
from ..reviews.factories import skr_template

MESSAGE = "Skriv på en rad: radbrytningar, tabbtecken och andra styrtecken går inte att använda här."
BAD = ["Kort\r\nBcc: angripare@example.se", "Kort\nrad", "Med\ttabb", "Nul\x00l", "Radskift\u2028här", "C1\x85"]


@pytest.mark.parametrize("title", BAD)
def test_the_validator_refuses_control_characters(title):
    with pytest.raises(ValidationError) as raised:
        validate_single_line(title)
    assert raised.value.messages == [MESSAGE]


@pytest.mark.parametrize("title", ["Läsa mer – ”varje dag”", "100 % närvaro; §4", "Émile & Zoë"])
def test_ordinary_titles_pass(title):
    validate_single_line(title)


def test_a_mapping_title_with_cr_lf_is_a_form_error_not_a_500(world, client_for):
    today = timezone.localdate()
    response = client_for("coordinator").post(
        reverse("reviews:open", kwargs={"municipality": "alby"}),
        {"template": skr_template().pk, "title": "Hösten\r\nBcc: angripare@example.se",
         "opens_on": today.isoformat(), "closes_on": today.isoformat()},
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Mapping.objects.exists() and mail.outbox == []


def test_a_commitment_title_with_a_line_break_is_a_form_error(world, client_for):
    response = client_for("larare").post(reverse("commitments:create", kwargs={"municipality": "alby"}), {
        "title": "Kort\r\nBcc: angripare@example.se", "levels": ["larare"], "owner": world.user("larare").pk,
        "schools": [world.school_a1.pk], "due_on": "2030-01-15",
    })
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_goal_title_with_a_line_break_is_a_form_error(world, client_for):
    response = client_for("coordinator").post(reverse("goals:create", kwargs={"municipality": "alby"}), {
        "title": "Mål\nmed radbrytning", "area": "Matematik", "level": "namnd",
        "starts_on": "2024-08-01", "target_on": "2028-06-30",
    })
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not Goal.objects.exists()


def test_a_round_theme_with_a_line_break_is_a_form_error(world, client_for):
    response = client_for("leader").post(reverse("networks:round_create", kwargs={"network": world.network.slug}), {
        "home_phase_starts": "2030-01-15", "title": "Tema\r\nBcc: x",
    })
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not Round.objects.exists()


def test_model_validation_names_the_title(world):
    goal = Goal(municipality=world.a, title="Två\nrader", area="Matematik", level="namnd",
                starts_on=timezone.localdate(), target_on=timezone.localdate())
    with pytest.raises(ValidationError) as raised:
        goal.full_clean()
    assert raised.value.message_dict["title"] == [MESSAGE]


@pytest.mark.parametrize("title", ["Kort\r\nBcc: x", "Tabb\there", "Radskift\u2028här"])
def test_the_table_refuses_a_title_written_past_validation(world, title):
    for make in (
        lambda: CommitmentFactory(municipality=world.a, title=title),
        lambda: GoalFactory(municipality=world.a, title=title),
        lambda: Mapping.objects.create(municipality=world.a, template=skr_template(), title=title,
                                       opens_on=timezone.localdate(), closes_on=timezone.localdate()),
        lambda: Round.objects.create(network=world.network, number=1, home_phase_starts=timezone.localdate(),
                                     title=title),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            make()
