import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, Feedback, ProgressUpdate

from .factories import CommitmentFactory, FeedbackFactory, make_meeting

pytestmark = pytest.mark.django_db


def _detail(world, commitment, name="commitments:detail"):
    return reverse(name, kwargs={"municipality": commitment.municipality.slug, "pk": commitment.pk})


def test_teacher_records_a_commitment_for_own_school(world, client_for):
    url = reverse("commitments:create", kwargs={"municipality": "alby"})
    response = client_for("larare").post(url, {
        "title": "Elevhälsa i arbetslaget", "levels": ["larare"], "owner": world.user("larare").pk,
        "schools": [world.school_a1.pk], "due_on": "2030-01-15",
    })
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.created_by, list(commitment.schools.all())) == (world.user("larare"), [world.school_a1])


def test_forged_school_id_of_another_municipality_is_a_form_error(world, client_for):
    url = reverse("commitments:create", kwargs={"municipality": "alby"})
    response = client_for("coordinator").post(url, {
        "title": "Förfalskat", "levels": ["forvaltning"], "schools": [world.school_b1.pk], "due_on": "2030-01-15",
    })
    assert response.status_code == 200
    assert "Välj bland kommunens skolor." in response.content.decode()
    assert not Commitment.objects.exists()


def test_teacher_cannot_pick_another_school(world, client_for):
    url = reverse("commitments:create", kwargs={"municipality": "alby"})
    response = client_for("larare").post(url, {
        "title": "Annan skola", "levels": ["larare"], "schools": [world.school_a2.pk], "due_on": "2030-01-15",
    })
    assert "Välj bland kommunens skolor." in response.content.decode()
    assert not Commitment.objects.exists()


def test_status_not_done_without_reason_shows_the_error_next_to_the_field(world, client_for):
    commitment = CommitmentFactory(municipality=world.a, owner=world.user("rektor"))
    response = client_for("rektor").post(
        _detail(world, commitment, "commitments:status"), {"status": "ej_genomford", "reason": "", "version": 1}
    )
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    assert "Skriv varför åtagandet inte blev genomfört." in response.content.decode()
    commitment.refresh_from_db()
    assert (commitment.status, commitment.version) == ("planerad", 1)


def test_second_save_on_a_stale_version_is_told_and_overwrites_nothing(world, client_for):
    commitment = CommitmentFactory(municipality=world.a, owner=world.user("rektor"))
    client = client_for("rektor")
    assert client.post(_detail(world, commitment, "commitments:status"), {"status": "pagar", "version": 1}).status_code == 302
    response = client.post(_detail(world, commitment, "commitments:status"), {"status": "genomford", "version": 1})
    assert "Någon annan har ändrat åtagandet" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == "pagar"


def test_update_to_a_commitment_of_another_municipality_is_404(world, client_for):
    in_b = CommitmentFactory(municipality=world.b)
    url = reverse("commitments:update", kwargs={"municipality": "alby", "pk": in_b.pk})
    response = client_for("larare").post(url, {"text": "Inbrott", "done_on": timezone.localdate().isoformat()})
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_executable_attachment_is_refused_with_a_message_and_nothing_saved(world, client_for):
    commitment = CommitmentFactory(municipality=world.a)
    response = client_for("larare").post(_detail(world, commitment, "commitments:update"), {
        "text": "Se bilaga", "done_on": timezone.localdate().isoformat(),
        "attachment": SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00\x03"),
    })
    assert response.status_code == 400
    assert "Program och skript kan inte laddas upp." in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_teacher_records_progress_and_downloads_the_attachment_as_a_download(world, client_for):
    commitment = CommitmentFactory(municipality=world.a)
    client = client_for("larare")
    response = client.post(_detail(world, commitment, "commitments:update"), {
        "text": "Vi provade exit tickets.", "done_on": timezone.localdate().isoformat(), "confidence": "8",
        "attachment": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
    })
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.confidence, update.author) == (8, world.user("larare"))
    download = client.get(reverse("commitments:attachment", kwargs={"municipality": "alby", "pk": update.pk}))
    assert download["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"
    # Another municipality's member cannot reach it, even through their own tenant's URL.
    peer = client_for("peer").get(reverse("commitments:attachment", kwargs={"municipality": "bstad", "pk": update.pk}))
    assert peer.status_code == 404


def test_feedback_from_a_phone_reaches_the_receiver_and_leaders_but_not_other_municipalities(world, client_for):
    meeting = make_meeting(network=world.network, number=1)
    url = reverse("commitments:give_feedback", kwargs={"network": "natverk-norr", "meeting": meeting.pk, "receiver": "alby"})
    response = client_for("peer").post(url, {"kind": "forslag", "text": "Bjud in eleverna till nästa träff."})
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.municipality, feedback.author_municipality) == (world.a, world.b)

    own_page = client_for("namnd").get(reverse("commitments:feedback_received", kwargs={"municipality": "alby"}))
    assert "Bjud in eleverna" in own_page.content.decode()
    hub = reverse("commitments:meeting_feedback", kwargs={"network": "natverk-norr", "meeting": meeting.pk})
    assert "Bjud in eleverna" in client_for("leader").get(hub).content.decode()
    assert "Bjud in eleverna" in client_for("peer").get(hub).content.decode()  # the author sees what they wrote
    # A's members on the meeting page see only their own feedback; B's own page has none of A's.
    FeedbackFactory(meeting=meeting, municipality=world.b, author=world.user("leader"), text="Till Bstad: tydliga mål.")
    assert "Till Bstad" not in client_for("larare").get(hub).content.decode()
    assert "Till Bstad" in client_for("peer").get(
        reverse("commitments:feedback_received", kwargs={"municipality": "bstad"})
    ).content.decode()


def test_empty_feedback_is_refused(world, client_for):
    meeting = make_meeting(network=world.network, number=1)
    url = reverse("commitments:give_feedback", kwargs={"network": "natverk-norr", "meeting": meeting.pk, "receiver": "alby"})
    response = client_for("peer").post(url, {"kind": "fraga", "text": ""})
    assert response.status_code == 400
    assert "Skriv din återkoppling." in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_becomes_a_commitment_with_one_click(world, client_for):
    meeting = make_meeting(network=world.network, number=1, starts=timezone.now() - datetime.timedelta(days=1))
    nxt = make_meeting(network=world.network, number=2, starts=timezone.now() + datetime.timedelta(days=50))
    feedback = FeedbackFactory(meeting=meeting, municipality=world.a, text="Följ upp närvaron varje vecka.")
    client = client_for("coordinator")
    page = client.get(reverse("commitments:feedback_received", kwargs={"municipality": "alby"}))
    create_url = reverse("commitments:create", kwargs={"municipality": "alby"}) + f"?aterkoppling={feedback.pk}"
    assert create_url in page.content.decode().replace("&amp;", "&")
    form = client.get(create_url)
    assert form.context["form"].initial["title"] == "Följ upp närvaron varje vecka."
    assert form.context["form"].initial["meeting"] == meeting.pk
    assert form.context["form"].initial["due_on"] == timezone.localdate(nxt.starts)
    response = client.post(create_url, {
        "title": "Följ upp närvaron varje vecka.", "levels": ["forvaltning"], "meeting": meeting.pk,
        "due_on": timezone.localdate(nxt.starts).isoformat(), "aterkoppling": feedback.pk,
    })
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.source_feedback == feedback and commitment.shares.exists()


def test_feedback_of_another_municipality_cannot_be_used(world, client_for):
    meeting = make_meeting(network=world.network, number=1)
    to_b = FeedbackFactory(meeting=meeting, municipality=world.b)
    url = reverse("commitments:create", kwargs={"municipality": "alby"}) + f"?aterkoppling={to_b.pk}"
    assert client_for("coordinator").get(url).status_code == 404


def test_reminder_opt_out_page(world, client_for):
    client = client_for("larare")
    url = reverse("commitments:reminders")
    assert client.get(url).context["form"].initial["email_reminders"] is True
    client.post(url, {})
    from commitments.models import ReminderPreference

    assert ReminderPreference.objects.get(user=world.user("larare")).email_reminders is False
    assert client.get(url).context["form"].initial["email_reminders"] is False


def test_municipality_home_shows_the_success_factor_panels(world, client_for):
    page = client_for("namnd").get(reverse("municipalities:home", kwargs={"municipality": "alby"}))
    html = page.content.decode()
    for title in ("Huvudmannens ansvar", "Säkerställa delaktighet", "Uthållighet"):
        assert title in html
    network = client_for("leader").get(reverse("networks:home", kwargs={"network": "natverk-norr"}))
    assert "Uthållighet" in network.content.decode()


def _list_rows(client) -> dict[str, str]:
    """The list's rows as text, by commitment title."""
    import re

    html = client.get(reverse("commitments:list", kwargs={"municipality": "alby"})).content.decode()
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)[1:]:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        rows[text.split(" ")[0]] = text
    return rows


def test_the_list_row_shows_status_meeting_owner_levels_schools_and_updates(world, client_for):
    from commitments.models import CommitmentStatus
    from municipalities.models import Level

    from .factories import ProgressUpdateFactory

    today = timezone.localdate()
    meeting = make_meeting(network=world.network, number=3,
                           starts=timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0)))
    made = CommitmentFactory(municipality=world.a, title="Träffens", meeting=meeting, owner=world.user("rektor"),
                             levels=[Level.REKTOR, Level.LARARE], status=CommitmentStatus.IN_PROGRESS,
                             due_on=today - datetime.timedelta(days=3))
    made.schools.set([world.school_a2, world.school_a1])
    ProgressUpdateFactory(commitment=made, done_on=datetime.date(2026, 3, 12))
    ProgressUpdateFactory(commitment=made, done_on=datetime.date(2026, 3, 14))
    CommitmentFactory(municipality=world.a, title="Hemmets", owner=None, status=CommitmentStatus.DONE,
                      levels=[Level.NAMND], due_on=datetime.date(2030, 1, 15))
    rows = _list_rows(client_for("larare"))
    assert set(rows) == {"Träffens", "Hemmets"}
    # Open past its date: "Försenat"; made at a meeting; its owner, levels and schools (by name), two updates.
    assert "Gjort vid träffen 10 mars 2026 (omgång 3)" in rows["Träffens"]
    assert "Pågår Försenat" in rows["Träffens"]
    assert "Rektor Testsson" in rows["Träffens"] and "2 uppdateringar" in rows["Träffens"]
    assert "Rektor, Lärare Alby skola, Albyskolan Norra 2 14 mars" in rows["Träffens"]
    # Done, made at home, nobody owns it: no meeting line, no "Försenat", "–" for the owner.
    assert "Gjort vid träffen" not in rows["Hemmets"] and "Försenat" not in rows["Hemmets"]
    assert "Klart senast 15 jan. 2030 · 0 uppdateringar" in rows["Hemmets"]
    assert "15 jan. 2030 – Nämnd (politiker) 0" in rows["Hemmets"]


def test_a_commitment_with_many_updates_shows_the_newest_twenty_and_pages_to_the_rest(world, client_for):
    from .factories import ProgressUpdateFactory

    commitment = CommitmentFactory(municipality=world.a)
    start = timezone.localdate() - datetime.timedelta(days=40)
    for day in range(25):
        ProgressUpdateFactory(commitment=commitment, author=world.user("larare"),
                              done_on=start + datetime.timedelta(days=day), text=f"Steg {day + 1}.")
    client = client_for("larare")
    first = client.get(_detail(world, commitment)).content.decode()
    shown = [f"Steg {n}." for n in range(25, 0, -1) if f"Steg {n}.</p>" in first]
    assert shown == [f"Steg {n}." for n in range(25, 5, -1)]  # the newest twenty, newest first
    assert "25 uppdateringar, de nyaste först. Här visas 1–20." in first
    assert 'href="?sida=2" rel="next"' in first
    second = client.get(_detail(world, commitment) + "?sida=2").content.decode()
    assert [f"Steg {n}." for n in range(25, 0, -1) if f"Steg {n}.</p>" in second] == [f"Steg {n}." for n in range(5, 0, -1)]
    # A page number that is not one shows the first page rather than an error.
    assert "Steg 25.</p>" in client.get(_detail(world, commitment) + "?sida=x%27").content.decode()


def test_recording_progress_reads_no_earlier_update(world, client_for):
    """Saving an update must not load the years of updates before it (the load test's slowest request)."""
    from .factories import ProgressUpdateFactory

    commitment = CommitmentFactory(municipality=world.a)
    for _ in range(30):
        ProgressUpdateFactory(commitment=commitment, author=world.user("larare"))
    client = client_for("larare")
    url = _detail(world, commitment, "commitments:update")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"text": "Vi provade.", "done_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert not [q for q in queries.captured_queries if 'FROM "commitments_progressupdate"' in q["sql"]]
    assert commitment.updates.count() == 31
