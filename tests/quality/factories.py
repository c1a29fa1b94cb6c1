"""Quality-work rows for tests: principle sets, routines, tasks, evaluations, documents."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from quality.models import (
    DocumentKind,
    DocumentStatus,
    Principle,
    PrincipleSet,
    QualityDocument,
    Routine,
    RoutineTask,
    Source,
)
from quality.selectors import school_year_of


def draft_principle_set(*, municipality, version: int | None = None, principles: int = 2) -> PrincipleSet:
    version = version or (PrincipleSet.objects.filter(municipality=municipality).count() + 1)
    ps = PrincipleSet.objects.create(municipality=municipality, title="Vår vetenskapliga grund", version=version)
    for i in range(1, principles + 1):
        p = Principle.objects.create(principle_set=ps, title=f"Princip {i}", classroom=f"I klassrummet {i}", position=i)
        Source.objects.create(principle=p, author="Hattie, J.", title="Visible Learning", year=2009)
    return ps


def adopted_principle_set(*, municipality, **kwargs) -> PrincipleSet:
    ps = draft_principle_set(municipality=municipality, **kwargs)
    ps.adopted_on = timezone.localdate() - datetime.timedelta(days=10)
    ps.save()
    return ps


def routine(*, municipality, school=None, title: str = "Mitterminsutvärdering", month: int = 10, **kwargs) -> Routine:
    kwargs.setdefault("who_level", "rektor")
    return Routine.objects.create(municipality=municipality, school=school, title=title, month=month, **kwargs)


def routine_task(*, municipality, owner, due_on: datetime.date | None = None, routine_obj: Routine | None = None,
                 done_on: datetime.date | None = None) -> RoutineTask:
    routine_obj = routine_obj or routine(municipality=municipality)
    due_on = due_on or timezone.localdate() - datetime.timedelta(days=3)
    return RoutineTask.objects.create(routine=routine_obj, school_year=school_year_of(due_on), due_on=due_on,
                                      owner=owner, done_on=done_on)


def done_document(*, municipality, kind: str = DocumentKind.POSTER) -> QualityDocument:
    doc = QualityDocument.objects.create(municipality=municipality, kind=kind, status=DocumentStatus.DONE,
                                         finished_at=timezone.now())
    doc.file.save("poster.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return doc


def evaluation_with_chain(*, municipality, school=None, held_on: datetime.date | None = None, title: str = "Läsårsutvärdering"):
    """An evaluation with one result, one cause and one action (its effect expected later)."""
    from quality.models import Action, AnalysedResult, Cause, Evaluation

    held_on = held_on or timezone.localdate() - datetime.timedelta(days=120)
    ev = Evaluation.objects.create(municipality=municipality, school=school, kind="lasar", held_on=held_on,
                                   title=title, sections=[{"heading": "Resultat", "prompt": "Vad ser vi?", "text": ""}])
    r = AnalysedResult.objects.create(evaluation=ev, text="Läsförståelsen i åk 3 sjönk")
    c = Cause.objects.create(result=r, text="Lite högläsning", evidence="Lektionsbesök visar 5 minuter i veckan")
    Action.objects.create(result=r, cause=c, text="Daglig högläsning", expected_effect="Fler når gränsvärdet",
                          expected_by=held_on + datetime.timedelta(days=90))
    return ev


def dialogue(*, municipality, school=None, starts_at: datetime.datetime | None = None):
    from quality.models import Dialogue

    return Dialogue.objects.create(municipality=municipality, school=school, title="Kvalitetsdialog hösten",
                                   starts_at=starts_at or timezone.now() + datetime.timedelta(days=7),
                                   agenda="1. Läget")
