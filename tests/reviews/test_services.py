import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from municipalities.models import Level
from reviews import services
from reviews.models import Answer, Mapping, Response, Statement
from reviews.services import AnswerError, AnswerInput, IncompleteError, StatementEdit

from .factories import make_mapping, modellen_template, skr_template


def _inputs(mapping, value=4, comment=""):
    return [AnswerInput(statement_id=st.pk, value=value, comment=comment) for st in mapping.template.statements.all()]


def test_opening_asks_every_member_by_email_after_commit(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        mapping = services.mapping_open(
            municipality=world.a, template=skr_template(), title="Hösten", opens_on=today,
            closes_on=today + datetime.timedelta(days=14), opened_by=world.user("coordinator"),
        )
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients == sorted(world.user(p).email for p in ("namnd", "forvaltning", "rektor", "larare", "coordinator"))
    assert f"/k/alby/kartlaggning/{mapping.pk}/svara/" in mail.outbox[0].body
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees who else was asked


def test_no_email_when_the_transaction_rolls_back(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.mapping_open(
            municipality=world.a, template=skr_template(), title="Hösten", opens_on=today,
            closes_on=today, opened_by=world.user("coordinator"),
        )
    assert mail.outbox == []  # the e-mail waits for the commit …
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 5  # … and goes when it comes


def test_opening_with_another_networks_template_is_refused(world):
    foreign = services.template_copy(template=skr_template(), network=world.other_network, by=None)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.mapping_open(
            municipality=world.a, template=foreign, title="X", opens_on=today, closes_on=today, opened_by=None
        )
    assert "template" in exc.value.message_dict
    assert not Mapping.objects.exists()


def test_save_draft_then_submit(world):
    mapping = make_mapping(world.a)
    teacher = world.user("larare")
    first = list(mapping.template.statements.all())[0]
    response = services.response_save(
        mapping=mapping, user=teacher, level=Level.LARARE, answers=[AnswerInput(statement_id=first.pk, value=2)]
    )
    assert response.submitted_at is None and response.answers.count() == 1
    response = services.response_save(
        mapping=mapping, user=teacher, level=Level.LARARE, answers=_inputs(mapping, 3), submit=True
    )
    assert response.submitted_at is not None
    assert set(response.answers.values_list("value", flat=True)) == {3}


def test_submitting_an_incomplete_response_keeps_the_draft(world):
    mapping = make_mapping(world.a)
    first = list(mapping.template.statements.all())[0]
    with pytest.raises(IncompleteError) as exc:
        services.response_save(
            mapping=mapping, user=world.user("larare"), level=Level.LARARE,
            answers=[AnswerInput(statement_id=first.pk, value=5)], submit=True,
        )
    assert len(exc.value.missing) == 5
    response = Response.objects.get()
    assert response.submitted_at is None and response.answers.get().value == 5


def test_answer_outside_the_scale_saves_nothing(world):
    mapping = make_mapping(world.a)
    answers = _inputs(mapping, 4)
    answers[2] = AnswerInput(statement_id=answers[2].statement_id, value=7)
    with pytest.raises(AnswerError, match="finns inte på skalan"):
        services.response_save(mapping=mapping, user=world.user("larare"), level=Level.LARARE, answers=answers)
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_answer_to_another_templates_statement_is_refused(world):
    mapping = make_mapping(world.a)
    other = modellen_template().statements.first()
    with pytest.raises(AnswerError, match="inte finns i den här kartläggningen"):
        services.response_save(
            mapping=mapping, user=world.user("larare"), level=Level.LARARE,
            answers=[AnswerInput(statement_id=other.pk, value=1)],
        )
    assert not Answer.objects.exists()


def test_answering_a_closed_mapping_is_refused(world):
    mapping = make_mapping(world.a, open_=False)
    with pytest.raises(AnswerError, match="stängd"):
        services.response_save(mapping=mapping, user=world.user("larare"), level=Level.LARARE, answers=_inputs(mapping))
    assert not Response.objects.exists()


def test_closing_early_stops_changes(world):
    mapping = make_mapping(world.a)
    services.response_save(mapping=mapping, user=world.user("larare"), level=Level.LARARE, answers=_inputs(mapping, 2))
    services.mapping_close(mapping=mapping, by=world.user("coordinator"))
    with pytest.raises(AnswerError):
        services.response_save(mapping=mapping, user=world.user("larare"), level=Level.LARARE, answers=_inputs(mapping, 6))
    assert set(Answer.objects.values_list("value", flat=True)) == {2}


def test_two_tabs_last_write_wins_without_duplicates(world):
    mapping = make_mapping(world.a)
    teacher = world.user("larare")
    services.response_save(mapping=mapping, user=teacher, level=Level.LARARE, answers=_inputs(mapping, 2, "flik 1"))
    services.response_save(mapping=mapping, user=teacher, level=Level.LARARE, answers=_inputs(mapping, 5, "flik 2"))
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 6
    assert set(Answer.objects.values_list("value", "comment")) == {(5, "flik 2")}


def test_a_huge_comment_is_refused_and_nothing_saved(world):
    mapping = make_mapping(world.a)
    with pytest.raises(AnswerError, match="högst 2000 tecken"):
        services.response_save(
            mapping=mapping, user=world.user("larare"), level=Level.LARARE, answers=_inputs(mapping, 3, "x" * 100_000)
        )
    assert not Answer.objects.exists()


def test_dont_know_only_where_the_template_allows_it(world):
    skr = make_mapping(world.a)
    st = skr.template.statements.first()
    services.response_save(
        mapping=skr, user=world.user("larare"), level=Level.LARARE,
        answers=[AnswerInput(statement_id=st.pk, dont_know=True)],
    )
    assert Answer.objects.get().dont_know
    modellen = make_mapping(world.a, template=modellen_template())
    with pytest.raises(AnswerError, match="vet inte"):
        services.response_save(
            mapping=modellen, user=world.user("larare"), level=Level.LARARE,
            answers=[AnswerInput(statement_id=modellen.template.statements.first().pk, dont_know=True)],
        )


def test_a_submitted_response_cannot_be_emptied(world):
    mapping = make_mapping(world.a)
    teacher = world.user("larare")
    services.response_save(mapping=mapping, user=teacher, level=Level.LARARE, answers=_inputs(mapping, 3), submit=True)
    first = mapping.template.statements.first()
    with pytest.raises(AnswerError):
        services.response_save(
            mapping=mapping, user=teacher, level=Level.LARARE, answers=[AnswerInput(statement_id=first.pk)]
        )
    assert Answer.objects.count() == 6


def test_publishing_needs_a_closed_mapping(world):
    mapping = make_mapping(world.a)
    with pytest.raises(ValidationError):
        services.mapping_publish(mapping=mapping, by=world.user("coordinator"))
    services.mapping_close(mapping=mapping, by=world.user("coordinator"))
    services.mapping_publish(mapping=mapping, by=world.user("coordinator"))
    assert list(mapping.shares.values_list("network", flat=True)) == [world.network.pk]


def test_copy_and_edit_an_unused_template_in_place(world):
    copy = services.template_copy(template=skr_template(), network=world.network, by=world.user("leader"))
    assert copy.network == world.network and copy.lineage != skr_template().lineage
    assert copy.statements.count() == 6 and copy.scale_steps.count() == 6
    first = copy.statements.first()
    edited = services.template_update(
        template=copy, name="Vår mall", description="", by=None,
        statements=[StatementEdit(pk=first.pk, text="Ny formulering"), StatementEdit(pk=None, text="Ett nytt")],
        scale_labels={1: "Inte alls"},
    )
    assert edited.pk == copy.pk
    assert edited.statements.count() == 7
    assert copy.scale_steps.get(value=1).label == "Inte alls"
    assert first.history.count() == 2  # simple-history keeps the audit trail


def test_editing_an_answered_template_makes_a_new_version(world):
    copy = services.template_copy(template=skr_template(), network=world.network, by=None)
    mapping = make_mapping(world.a, template=copy)
    services.response_save(mapping=mapping, user=world.user("larare"), level=Level.LARARE, answers=_inputs(mapping, 4))
    first = copy.statements.order_by("position").first()
    old_text = first.text
    new = services.template_update(
        template=copy, name=copy.name, description="", by=None,
        statements=[StatementEdit(pk=first.pk, text="Ändrad")], scale_labels={},
    )
    assert new.pk != copy.pk and new.version == 2 and new.lineage == copy.lineage
    first.refresh_from_db()
    assert first.text == old_text  # the answered version is untouched
    assert new.statements.get(key=first.key).text == "Ändrad"
    copy.refresh_from_db()
    assert copy.superseded_at is not None


def test_shipped_templates_cannot_be_edited(world):
    with pytest.raises(ValidationError):
        services.template_update(
            template=skr_template(), name="X", description="", statements=[], scale_labels={}, by=None
        )


def test_shipped_templates_are_loaded_as_data(db):
    skr, modellen = skr_template(), modellen_template()
    assert skr.areas.count() == 3 and skr.statements.count() == 6
    assert list(skr.scale_steps.values_list("value", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert skr.scale_steps.get(value=1).label == "Stämmer inte alls"
    assert skr.scale_steps.get(value=6).label == "Stämmer helt"
    assert modellen.statements.count() == 8
    assert list(modellen.scale_steps.values_list("label", flat=True)) == ["Här har vi full koll", "Ett utvecklingsområde för oss"]
    assert all(st.discussion_prompt for st in Statement.objects.filter(template=modellen))


def test_the_shipped_templates_come_back_after_a_flush(db):
    """``manage.py flush`` (and a flushing test) empties the data migration's rows; the demo needs them."""
    from reviews.models import Template
    from reviews.services import MODELLEN_LINEAGE, SKR_LINEAGE, shipped_template

    Template.objects.all().delete()
    skr = shipped_template(SKR_LINEAGE)
    assert skr.version == 1 and list(skr.scale_steps.values_list("value", flat=True).order_by("value")) == [1, 2, 3, 4, 5, 6]
    assert shipped_template(MODELLEN_LINEAGE).version == 1
    assert Template.objects.filter(lineage__in=[SKR_LINEAGE, MODELLEN_LINEAGE]).count() == 2
