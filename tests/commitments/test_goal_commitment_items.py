"""A goal's commitments (``goal_commitment_items``): byte for byte what format_html built (issue 18)."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from commitments.templatetags.commitments_tags import goal_commitment_items


def _items_by_format_html(commitments, municipality):
    """The tag as it was before it built plain strings (issue 18), word for word."""
    from django.utils.html import format_html, format_html_join
    from django.utils.translation import gettext

    from commitments.models import CommitmentStatus
    from core.dates import date_text

    overdue = format_html(' <span class="badge badge--danger">{}</span>', gettext("Försenat"))
    due = gettext("klart senast %(date)s")
    statuses = {value: str(label) for value, label in CommitmentStatus.choices}
    # One reverse() for all of them: the detail URL differs only by the id in its last part.
    first, _, last = reverse("commitments:detail", kwargs={"municipality": municipality.slug, "pk": 1}).rpartition("/1/")

    def item(c):
        return (f"{first}/{c.pk}/{last}", c.title, c.status, statuses.get(c.status, c.status),
                overdue if c.is_overdue else "", due % {"date": date_text(c.due_on, "datum")},
                format_html(" · {}", c.owner_name) if c.owner_name is not None else "")

    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a> <span class="badge status status--{}">{}</span>{}\n<span class="role">{}{}</span></li>',
        (item(c) for c in commitments),
    )


def _row(pk, title, status, due_on, owner_name=None, is_overdue=False):
    return SimpleNamespace(pk=pk, title=title, status=status, due_on=due_on, owner_name=owner_name,
                           is_overdue=is_overdue)


ROWS = [
    _row(1, "Läsa <Skolverkets> rapport & diskutera", "planerad", datetime.date(2026, 3, 5), "Anna \"A\" <Berg>", True),
    _row(22, "Följa upp", "pagar", datetime.date(2026, 3, 5)),
    _row(333, "Klart", "genomford", datetime.date(2027, 1, 31), "Bo"),
    _row(4444, "Inte gjort", "ej_genomford", datetime.date(2025, 12, 1), "", False),
    _row(5, "Okänd status", "<okänd>", datetime.date(2026, 3, 5), None, True),
]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_goal_commitment_items_are_byte_for_byte_what_format_html_gave(language):
    """Plain escaped strings rather than format_html per item, each due date written once (issue
    18): the same bytes, titles and names with markup, an overdue badge, an owner without a name,
    several on one date and both languages included."""
    municipality = SimpleNamespace(slug="alby")
    with translation.override(language):
        got = goal_commitment_items(ROWS, municipality)
        assert got == _items_by_format_html(ROWS, municipality)
    assert got.count("<li>") == 5
    assert f'<a href="{reverse("commitments:detail", kwargs={"municipality": "alby", "pk": 4444})}">' in got
    assert "Läsa &lt;Skolverkets&gt; rapport &amp; diskutera" in got and "Anna &quot;A&quot; &lt;Berg&gt;" in got
    assert "status--&lt;okänd&gt;" in got
    assert goal_commitment_items([], municipality) == ""
