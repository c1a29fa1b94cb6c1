import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments import selectors, services
from commitments.models import Commitment, CommitmentStatus, ProgressUpdate, private_storage
from core.locking import StaleEdit
from municipalities.models import Level

from ..factories import SchoolFactory
from .factories import CommitmentFactory, FeedbackFactory, make_meeting

pytestmark = pytest.mark.django_db


def _create(world, **kw):
    data = {
        "municipality": world.a,
        "created_by": world.user("larare"),
        "title": "Kollegialt lärande i matematik",
        "due_on": timezone.localdate() + datetime.timedelta(days=30),
        "levels": [Level.LARARE, Level.REKTOR],
        "owner": world.user("rektor"),
    }
    data.update(kw)
    return services.commitment_create(**data)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- commitments ---------------------------------------------------------------------------------

def test_commitment_made_at_home_is_not_shared_but_one_made_at_a_meeting_is(world):
    meeting = make_meeting(network=world.network, number=1)
    at_home = _create(world)
    at_meeting = _create(world, meeting=meeting)
    assert not at_home.shares.exists()
    assert list(at_meeting.shares.values_list("network", flat=True)) == [at_meeting.meeting.round.network_id]
    assert at_home.levels == [Level.REKTOR, Level.LARARE]  # kept in the model's order


def test_forged_school_of_another_municipality_is_refused_and_nothing_saved(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, schools=[world.school_b1])
    assert "schools" in exc.value.error_dict
    assert not Commitment.objects.exists()


def test_owner_must_be_a_member_of_the_municipality(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, owner=world.user("peer"))
    assert "owner" in exc.value.error_dict


def test_commitment_needs_a_level(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, levels=[])
    assert "levels" in exc.value.error_dict


def test_not_done_without_reason_is_refused_and_status_kept(world):
    commitment = _create(world)
    with pytest.raises(ValidationError) as exc:
        services.commitment_set_status(commitment=commitment, version=commitment.version, status="ej_genomford", reason="  ")
    assert "reason" in exc.value.error_dict
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.PLANNED


def test_not_done_with_reason_is_saved_and_reason_dropped_when_status_moves_on(world):
    commitment = _create(world)
    commitment = services.commitment_set_status(
        commitment=commitment, version=1, status="ej_genomford", reason="Rektorn slutade."
    )
    assert (commitment.status, commitment.not_done_reason, commitment.version) == ("ej_genomford", "Rektorn slutade.", 2)
    commitment = services.commitment_set_status(commitment=commitment, version=2, status="pagar", reason="x")
    assert commitment.not_done_reason == ""


def test_a_stale_version_is_refused_and_nothing_is_overwritten(world):
    commitment = _create(world)
    services.commitment_update(
        commitment=commitment, version=1, title="Ny rubrik", due_on=commitment.due_on, levels=["rektor"],
        owner=world.user("rektor"),
    )
    with pytest.raises(StaleEdit):
        services.commitment_update(
            commitment=commitment, version=1, title="Gammal ändring", due_on=commitment.due_on, levels=["rektor"],
            owner=world.user("rektor"),
        )
    with pytest.raises(StaleEdit):
        services.commitment_set_status(commitment=commitment, version=1, status="genomford")
    commitment.refresh_from_db()
    assert (commitment.title, commitment.status, commitment.version) == ("Ny rubrik", "planerad", 2)


def test_history_records_every_change(world):
    commitment = _create(world)
    services.commitment_set_status(commitment=commitment, version=1, status="pagar")
    assert [h.status for h in commitment.history.order_by("history_date")] == ["planerad", "pagar"]


def test_feedback_must_be_for_this_municipality_to_become_a_commitment(world):
    meeting = make_meeting(network=world.network, number=1)
    feedback_to_b = FeedbackFactory(meeting=meeting, municipality=world.b)
    with pytest.raises(ValidationError):
        _create(world, source_feedback=feedback_to_b)
    assert not Commitment.objects.exists()


def test_overdue_flag(world):
    late = CommitmentFactory(municipality=world.a, due_on=timezone.localdate() - datetime.timedelta(days=1))
    done_late = CommitmentFactory(
        municipality=world.a, due_on=timezone.localdate() - datetime.timedelta(days=1), status="genomford"
    )
    assert late.is_overdue and not done_late.is_overdue
    assert [c.pk for c in selectors.commitment_list(municipality=world.a, overdue=True)] == [late.pk]


def test_default_due_date_is_the_next_meeting(world):
    meeting = make_meeting(network=world.network, number=1)
    assert selectors.default_due_on(municipality=world.a) == timezone.localdate(meeting.starts)
    assert selectors.default_due_on(municipality=world.c) == timezone.localdate() + datetime.timedelta(days=60)


# --- feedback ------------------------------------------------------------------------------------

def test_feedback_to_own_municipality_is_refused(world):
    meeting = make_meeting(network=world.network, number=1)
    with pytest.raises(ValidationError):
        services.feedback_create(
            meeting=meeting, municipality=world.a, author=world.user("larare"), author_municipality=world.a,
            kind="fraga", text="Hur gick det?",
        )


def test_feedback_to_a_municipality_outside_the_network_is_refused(world):
    meeting = make_meeting(network=world.network, number=1)
    with pytest.raises(ValidationError):
        services.feedback_create(
            meeting=meeting, municipality=world.c, author=world.user("peer"), author_municipality=world.b,
            kind="fraga", text="Hur gick det?",
        )


# --- progress updates and attachments --------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "content", "expected_type"),
    [
        ("plan.pdf", b"%PDF-1.7\nhej", "application/pdf"),
        ("bild.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        ("anteckning.txt", "Vi träffades i arbetslaget.".encode(), "text/plain; charset=utf-8"),
        ("protokoll.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_allowed_attachments_are_stored_privately_under_a_generated_name(world, name, content, expected_type):
    commitment = _create(world)
    update = services.progress_update_create(
        commitment=commitment, author=world.user("larare"), text="Vi började.", done_on=timezone.localdate(),
        confidence=7, attachment=SimpleUploadedFile(name, content),
    )
    assert update.attachment_type == expected_type
    assert update.attachment_name == name
    assert name not in update.attachment  # the stored name is generated
    with private_storage().open(update.attachment) as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00rest", "Program och skript"),
        ("plan.pdf", b"MZ\x90\x00disguised", "Program och skript"),
        ("plan.pdf", b"just text, no pdf", "stämmer innehållet inte"),
        ("script.sh", b"#!/bin/sh\nrm -rf /", "Program och skript"),
        ("protokoll.docx", b"PK\x03\x04not really a zip", "stämmer innehållet inte"),
        ("binar.txt", b"abc\x00def", "stämmer innehållet inte"),
    ],
)
def test_refused_attachments_save_nothing(world, name, content, message):
    commitment = _create(world)
    with pytest.raises(ValidationError) as exc:
        services.progress_update_create(
            commitment=commitment, author=world.user("larare"), text="Vi började.", done_on=timezone.localdate(),
            attachment=SimpleUploadedFile(name, content),
        )
    assert message in exc.value.message_dict["attachment"][0]
    assert not ProgressUpdate.objects.exists()
    assert not private_storage().exists("commitments")


def test_a_200_mb_attachment_gets_a_clear_message(world):
    commitment = _create(world)
    upload = SimpleUploadedFile("stor.pdf", b"%PDF-1.4")
    upload.size = 200 * 1024 * 1024  # the size Django reports; the check never reads the content
    with pytest.raises(ValidationError) as exc:
        services.progress_update_create(
            commitment=commitment, author=world.user("larare"), text="x", done_on=timezone.localdate(), attachment=upload
        )
    message = exc.value.message_dict["attachment"][0].replace("\xa0", " ")
    assert message == "Filen är 200,0 MB. Bilagor får vara högst 10,0 MB."
    assert not ProgressUpdate.objects.exists()


def test_update_in_the_future_or_with_confidence_over_10_is_refused(world):
    commitment = _create(world)
    with pytest.raises(ValidationError) as exc:
        services.progress_update_create(
            commitment=commitment, author=world.user("larare"), text="x",
            done_on=timezone.localdate() + datetime.timedelta(days=1), confidence=11,
        )
    assert set(exc.value.message_dict) == {"done_on", "confidence"}


# --- report-back ---------------------------------------------------------------------------------

def test_report_back_covers_the_previous_meeting_and_home_since_then(world):
    now = timezone.now()
    first = make_meeting(network=world.network, number=1, starts=now - datetime.timedelta(days=60))
    second = make_meeting(network=world.network, number=2, starts=now + datetime.timedelta(days=5))
    at_first = CommitmentFactory(municipality=world.a, meeting=first, shared_with=[first.round.network], title="Från träffen")
    at_home = CommitmentFactory(municipality=world.a, created=now - datetime.timedelta(days=10), title="Hemma")
    too_old = CommitmentFactory(municipality=world.a, created=now - datetime.timedelta(days=90), title="Gammalt")
    in_c = CommitmentFactory(municipality=world.c, created=now - datetime.timedelta(days=10))
    services.progress_update_create(commitment=at_home, author=world.user("larare"), text="Gjort", done_on=timezone.localdate())

    rows = selectors.report_back(meeting=second)
    assert [r.municipality.slug for r in rows] == ["alby", "bstad"]
    alby = rows[0]
    assert {c.pk for c in alby.commitments} == {at_first.pk, at_home.pk}
    assert [c.pk for c in alby.not_reported] == [at_first.pk]
    assert too_old.pk not in {c.pk for r in rows for c in r.commitments}
    assert in_c.pk not in {c.pk for r in rows for c in r.commitments}


def test_home_commitments_reach_the_network_only_when_the_meeting_has_begun(world):
    from access.tenant import resolve_network

    now = timezone.now()
    first = make_meeting(network=world.network, number=1, starts=now - datetime.timedelta(days=60))
    coming = make_meeting(network=world.network, number=2, starts=now + datetime.timedelta(days=5))
    at_first = CommitmentFactory(municipality=world.a, meeting=first, shared_with=[first.round.network])
    CommitmentFactory(municipality=world.a, created=now - datetime.timedelta(days=10))
    ctx = resolve_network(user=world.user("leader"), slug=world.network.slug)

    before = selectors.report_back(meeting=coming, network_ctx=ctx)
    assert [c.pk for c in before[0].commitments] == [at_first.pk]

    coming.starts, coming.ends = now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=5)
    coming.save()
    during = selectors.report_back(meeting=coming, network_ctx=ctx)
    assert len(during[0].commitments) == 2


def test_school_of_the_municipality_is_accepted(world):
    other_school = SchoolFactory(municipality=world.a, name="Tredje skolan")
    commitment = _create(world, schools=[world.school_a1, other_school])
    assert set(commitment.schools.all()) == {world.school_a1, other_school}
