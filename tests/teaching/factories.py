"""Rubrics, visits and plans for the teaching tests, through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from teaching import services
from teaching.models import LessonVisit, Rubric


def adopted_rubric(*, municipality, by=None, on: datetime.date | None = None) -> Rubric:
    """The starter rubric, adopted: four aspects on a four-step scale."""
    rubric = services.rubric_create(municipality=municipality, created_by=by)
    return services.rubric_adopt(rubric=rubric, adopted_by=by, adopted_on=on or datetime.date(2024, 8, 1))


def visit(*, municipality, school, teacher, visitor=None, score: int = 3, on: datetime.date | None = None,
          rubric: Rubric | None = None, scores: dict | None = None, **kw) -> LessonVisit:
    """A visit with every aspect at ``score`` (or ``scores`` by aspect key), recorded as on ``on``."""
    from teaching.selectors import current_rubric

    rubric = rubric or current_rubric(municipality=municipality) or adopted_rubric(municipality=municipality)
    by_key = scores or {}
    on = on or timezone.localdate()
    return services.visit_record(
        municipality=municipality, school=school, visitor=visitor, teacher=teacher, visited_on=on, rubric=rubric,
        scores={a.pk: by_key.get(a.key, score) for a in rubric.aspects.all() if by_key.get(a.key, score)},
        today=on, **kw,
    )
