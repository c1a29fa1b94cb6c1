"""Issue 15: one Swedish date style everywhere ("2 dec. 2026"), never English month names."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from core.dates import date_text
from tests.commitments.factories import CommitmentFactory

ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


def test_a_date_reads_as_swedish_with_abbreviated_month():
    with translation.override("sv"):
        assert date_text(datetime.date(2026, 12, 2)) == "2 dec. 2026"
        assert date_text(datetime.date(2026, 3, 17)) == "17 mars 2026"
        assert date_text(datetime.date(2026, 3, 17), "månad") == "mars 2026"
        assert date_text(datetime.date(2024, 9, 17), "dag") == "17 sep."
        assert date_text(datetime.date(2026, 12, 2), "veckodag") == "onsdag 2 dec. 2026"


def test_a_moment_is_shown_in_swedish_time_with_a_full_stop():
    moment = datetime.datetime(2026, 12, 2, 13, 30, tzinfo=datetime.UTC)  # 14.30 in Stockholm
    with translation.override("sv"):
        assert date_text(moment, "tid") == "2 dec. 2026 kl. 14.30"
        assert date_text(moment, "klocka") == "14.30"


def test_english_reads_as_english():
    with translation.override("en"):
        assert date_text(datetime.date(2026, 12, 2)) == "2 Dec 2026"
        assert date_text(datetime.datetime(2026, 12, 2, 13, 30, tzinfo=datetime.UTC), "tid") == "2 Dec 2026 at 14:30"


def test_every_template_shows_dates_through_the_one_filter():
    """A `|date:"j M Y"` shows "Dec" in Swedish; only machine-readable ISO dates may use `date`."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.*"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r"\|(date|time)(:['\"]([^'\"]*)['\"])?", line):
                if match.group(3) != "Y-m-d":
                    offenders.append(f"{path.name}:{number}: {match.group(0)}")
    assert offenders == []


@pytest.mark.django_db
def test_commitment_pages_show_swedish_dates(world, client_for):
    commitment = CommitmentFactory(
        municipality=world.a, owner=world.user("rektor"), due_on=datetime.date(2026, 12, 2), title="Läsfixa"
    )
    for url in (
        reverse("commitments:list", kwargs={"municipality": "alby"}),
        reverse("commitments:detail", kwargs={"municipality": "alby", "pk": commitment.pk}),
    ):
        html = client_for("rektor").get(url).content.decode()
        assert "2 dec. 2026" in html
        assert not ENGLISH_MONTH.search(html), ENGLISH_MONTH.search(html)
        assert timezone.localdate().isoformat() not in re.sub(r'(datetime|value)="[^"]*"', "", html)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_day_texts_write_every_date_as_date_text_does(language):
    """day_texts (issue 18): the style's words translated once for many dates, the same text."""
    from core.dates import day_texts

    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)  # 1 January in Stockholm
    values = [datetime.date(2026, month, day) for month in range(1, 13) for day in (1, 17, 28)]
    values += [moment, None, ""]
    with translation.override(language):
        text = day_texts()
        assert [text(value) for value in values] == [date_text(value, "datum") for value in values]
