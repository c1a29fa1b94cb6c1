"""Principals' time rows for tests: targets and weekly logs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from principal_time.models import FreedTime, TimeTarget, WeekLog, week_start


def target(*, municipality, principal, hours="10", weeks_ago: int = 8) -> TimeTarget:
    return TimeTarget.objects.create(
        municipality=municipality, principal=principal, hours=Decimal(hours),
        valid_from=week_start(timezone.localdate()) - datetime.timedelta(weeks=weeks_ago),
    )


def weeks(*, municipality, principal, leadership: list, administration="12") -> list[WeekLog]:
    """One log per value, the last for this week; ``leadership`` hours go to lesson visits."""
    this = week_start(timezone.localdate())
    return [
        WeekLog.objects.create(
            municipality=municipality, principal=principal, week=this - datetime.timedelta(weeks=len(leadership) - 1 - i),
            lesson_visits=Decimal(str(h)), administration=Decimal(administration),
        )
        for i, h in enumerate(leadership)
    ]


def freed(*, municipality, principal, title="Fakturaattest", hours="2") -> FreedTime:
    return FreedTime.objects.create(municipality=municipality, principal=principal, title=title, hours=Decimal(hours),
                                    since=timezone.localdate() - datetime.timedelta(days=30))
