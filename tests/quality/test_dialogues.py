"""Dimension 6, Kvalitetsdialoger: scheduled with iCal, agenda from the figures, minutes, actions, PDF."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from commitments.models import Commitment
from indicators.models import Indicator, Measurement
from quality.models import Dialogue, DocumentStatus, QualityDocument

from .factories import evaluation_with_chain, routine_task

pytestmark = pytest.mark.django_db


def _url(name, world, **kw):
    return reverse(f"quality:{name}", kwargs={"municipality": world.a.slug, **kw})


def test_dialogue_agenda_is_prefilled_from_the_schools_latest_figures_and_analysis(world, client_for):
    ind = Indicator.objects.create(key="betyg-ma-6", name="Andel med minst E i matematik")
    Measurement.objects.create(indicator=ind, municipality=world.a, school=world.school_a1, school_year=2025, value=71)
    Measurement.objects.create(indicator=ind, municipality=world.a, school=world.school_a1, school_year=2026, value=78)
    Measurement.objects.create(indicator=ind, municipality=world.a, school=world.school_a2, school_year=2026, value=12)
    evaluation_with_chain(municipality=world.a, school=world.school_a1, title="Läsårsutvärdering Alby skola")
    response = client_for("forvaltning").post(_url("dialogues", world), {
        "title": "Kvalitetsdialog Alby skola", "school": world.school_a1.pk, "starts_at": "2027-02-10T13:00",
        "duration_minutes": 90, "place": "Rektorsexpeditionen"})
    d = Dialogue.objects.get()
    assert response.url == _url("dialogue", world, pk=d.pk)
    assert "Andel med minst E i matematik: 78" in d.agenda and "förra året 71" in d.agenda
    assert ": 12" not in d.agenda  # another school's figure
    assert "Läsårsutvärdering Alby skola" in d.agenda and "Läsförståelsen i åk 3 sjönk" in d.agenda


def test_minutes_and_agreed_actions_become_commitments_and_the_record_is_a_pdf(
        world, client_for, django_capture_on_commit_callbacks):
    d = Dialogue.objects.create(municipality=world.a, school=world.school_a1, title="Dialog VT",
                                starts_at=datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC), agenda="1. Läget")
    rektor = client_for("rektor")
    rektor.post(_url("dialogue", world, pk=d.pk), {"form": "minutes", "agenda": "1. Läget", "minutes": "Vi såg att…"})
    rektor.post(_url("dialogue", world, pk=d.pk), {"form": "action", "title": "Kollegialt lärande om mål",
                                                   "owner": world.users["rektor"].pk, "due_on": "2027-05-01"})
    d.refresh_from_db()
    assert d.minutes == "Vi såg att…"
    commitment = Commitment.objects.get()
    assert list(d.commitments.all()) == [commitment] and commitment.owner == world.users["rektor"]
    assert commitment.schools.get() == world.school_a1
    with django_capture_on_commit_callbacks(execute=True):
        rektor.post(_url("dialogue", world, pk=d.pk), {"form": "pdf"})
    doc = QualityDocument.objects.get()
    assert doc.status == DocumentStatus.DONE, doc.error
    reader = PdfReader(doc.file.open("rb"))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Vi såg att" in text and "Kollegialt lärande om mål" in text
    # A teacher reads the dialogue but neither writes in it nor downloads its record.
    teacher = client_for("larare")
    assert teacher.post(_url("dialogue", world, pk=d.pk), {"form": "minutes", "minutes": "x"}).status_code == 403
    assert teacher.get(_url("document_download", world, pk=doc.pk)).status_code == 403


def test_dialogue_ical_and_the_personal_feed_carry_dialogues_and_overdue_tasks(world, client_for):
    d = Dialogue.objects.create(municipality=world.a, school=world.school_a1, title="Dialog VT",
                                starts_at=datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC), place="Rum 3")
    cal = Calendar.from_ical(client_for("rektor").get(_url("dialogue_ical", world, pk=d.pk)).content)
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["summary"]) == "Kvalitetsdialog: Dialog VT" and str(event["location"]) == "Rum 3"

    routine_task(municipality=world.a, owner=world.users["rektor"])
    from networks.services import calendar_feed_for

    feed = calendar_feed_for(user=world.users["rektor"])
    body = client_for("anonymous").get(reverse("networks:calendar_feed", kwargs={"token": feed.token})).content
    summaries = [str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")]
    assert "Kvalitetsdialog: Dialog VT" in summaries
    assert "FÖRSENAD: Rutin: Mitterminsutvärdering" in summaries
    # The teacher of the same school takes no part in the förvaltning–principal dialogue.
    feed = calendar_feed_for(user=world.users["larare"])
    body = client_for("anonymous").get(reverse("networks:calendar_feed", kwargs={"token": feed.token})).content
    assert "Kvalitetsdialog" not in body.decode()
