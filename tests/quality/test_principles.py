"""Dimension 1, Vetenskaplig grund: drafts, versions, adoption, kvittens, coverage, reminders, poster."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from quality import selectors, services
from quality.models import Confirmation, DocumentStatus, PrincipleSet, QualityDocument

from .factories import adopted_principle_set, draft_principle_set

pytestmark = pytest.mark.django_db


def _url(name, world, **kw):
    return reverse(f"quality:{name}", kwargs={"municipality": world.a.slug, **kw})


def test_forvaltning_writes_a_draft_adopts_it_and_a_teacher_confirms_it(world, client_for):
    admin = client_for("forvaltning")
    response = admin.post(_url("principles", world), {"title": "Vår grund", "introduction": "Så tänker vi."})
    ps = PrincipleSet.objects.get(municipality=world.a)
    assert response.url == _url("principle_set", world, pk=ps.pk)
    response = admin.post(_url("principle_new", world, pk=ps.pk), {
        "title": "Formativ bedömning", "classroom": "Läraren tar reda på var eleverna är varje lektion.",
        "sources": "Wiliam, D. | Embedded Formative Assessment | 2011 | https://example.org/wiliam\nHattie, J. | Visible Learning",
    })
    assert response.status_code == 302
    principle = ps.principles.get()
    assert [(s.author, s.year, s.url) for s in principle.sources.all()] == [
        ("Wiliam, D.", 2011, "https://example.org/wiliam"), ("Hattie, J.", None, "")]
    # The teacher sees nothing to confirm while it is a draft.
    teacher = client_for("larare")
    assert "Formativ bedömning" not in teacher.get(_url("principles", world)).content.decode()

    today = timezone.localdate()
    admin.post(_url("principle_set", world, pk=ps.pk), {"adopted_on": today.isoformat()})
    ps.refresh_from_db()
    assert ps.adopted_on == today and ps.adopted_by == world.users["forvaltning"]

    page = teacher.get(_url("principles", world)).content.decode()
    assert "Formativ bedömning" in page and "Jag har läst och diskuterat" in page
    teacher.post(_url("confirm", world, pk=ps.pk))
    assert Confirmation.objects.filter(principle_set=ps, user=world.users["larare"]).exists()
    assert "Du har kvitterat" in teacher.get(_url("principles", world)).content.decode()


def test_an_adopted_version_cannot_be_changed_and_a_new_version_starts_as_its_copy(world):
    ps = adopted_principle_set(municipality=world.a)
    with pytest.raises(ValidationError):
        services.principle_save(principle_set=ps, title="x", classroom="y", sources=[])
    draft = services.principle_set_create(municipality=world.a, created_by=None, title="Version två", copy_of=ps)
    assert draft.version == 2 and not draft.is_adopted
    assert [p.title for p in draft.principles.all()] == [p.title for p in ps.principles.all()]
    assert draft.principles.first().sources.count() == 1
    # The version in force stays the adopted one until the draft is adopted.
    assert selectors.current_principle_set(municipality=world.a) == ps


def test_a_draft_without_principles_or_with_a_future_date_is_not_adopted(world, client_for):
    empty = PrincipleSet.objects.create(municipality=world.a, title="Tom", version=1)
    with pytest.raises(ValidationError):
        services.principle_set_adopt(principle_set=empty, adopted_by=None, adopted_on=timezone.localdate())
    draft = draft_principle_set(municipality=world.a)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for("coordinator").post(_url("principle_set", world, pk=draft.pk), {"adopted_on": tomorrow})
    assert response.status_code == 200
    assert "kan inte ligga i framtiden" in response.content.decode()
    draft.refresh_from_db()
    assert draft.adopted_on is None


def test_sources_with_a_bad_year_or_link_are_refused_with_the_line_number(world, client_for):
    draft = draft_principle_set(municipality=world.a)
    response = client_for("forvaltning").post(_url("principle_new", world, pk=draft.pk), {
        "title": "Ny", "classroom": "Så", "sources": "A | B | 20x9\nC | D | 2001 | javascript:alert(1)"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rad 1: året ska vara fyra siffror" in body and "Rad 2: länken ska börja med https://" in body
    assert draft.principles.count() == 2  # nothing saved half-way


def test_coverage_counts_confirmations_per_level_and_school(world):
    ps = adopted_principle_set(municipality=world.a)
    services.confirmation_create(principle_set=ps, user=world.users["larare"])
    services.confirmation_create(principle_set=ps, user=world.users["larare"])  # twice is once
    services.confirmation_create(principle_set=ps, user=world.users["namnd"])
    coverage = selectors.confirmation_coverage(principle_set=ps, municipality=world.a)
    assert (coverage.total.members, coverage.total.confirmed, coverage.total.percent) == (5, 2, 40)
    by_level = {r.label: (r.confirmed, r.members) for r in coverage.by_level}
    assert by_level["Lärare"] == (1, 1) and by_level["Förvaltning"] == (0, 2)
    by_school = {r.label: (r.confirmed, r.members) for r in coverage.by_school}
    assert by_school["Alby skola"] == (1, 2)


def test_reminder_goes_once_to_each_member_who_has_not_confirmed(world, client_for,
                                                                 django_capture_on_commit_callbacks):
    ps = adopted_principle_set(municipality=world.a)
    services.confirmation_create(principle_set=ps, user=world.users["larare"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for("coordinator").post(_url("principles_remind", world, pk=ps.pk))
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["coordinator@example.se", "forvaltning@example.se", "namnd@example.se", "rektor@example.se"]
    assert services.principle_reminders_send(principle_set_id=ps.pk) == 0  # idempotent


def test_peer_of_another_municipality_cannot_confirm_or_read_a_version(world, client_for):
    ps = adopted_principle_set(municipality=world.a)
    assert client_for("peer").post(_url("confirm", world, pk=ps.pk)).status_code == 404
    assert not Confirmation.objects.exists()


def test_poster_is_rendered_by_the_worker_as_a_tagged_a3_pdf(world, client_for, django_capture_on_commit_callbacks):
    ps = adopted_principle_set(municipality=world.a)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("forvaltning").post(_url("poster_request", world, pk=ps.pk))
    doc = QualityDocument.objects.get()
    assert doc.status == DocumentStatus.DONE, doc.error
    reader = PdfReader(doc.file.open("rb"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged
    # A3 portrait: 297 × 420 mm = 841.9 × 1190.6 pt.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 1191)
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Princip 1" in text and "Hattie" in text
    response = client_for("larare").get(_url("document_download", world, pk=doc.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
