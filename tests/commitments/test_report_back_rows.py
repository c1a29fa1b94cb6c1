"""The report-back's table rows (``report_back_rows``): every kind of row says what the template said."""

import datetime

import pytest
from django.template import Context, Template

from commitments.selectors import ReportBackItem, ReportBackRow
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db


def _item(**kw) -> ReportBackItem:
    base = {"pk": 7, "municipality_id": 1, "title": "Läsa <högt>", "status": "pagar", "status_label": "Pågår",
            "is_overdue": False, "not_done_reason": "", "from_meeting": True, "roles": "Lärare · Anna"}
    return ReportBackItem(**{**base, **kw})


def _render(items, link=False) -> str:
    row = ReportBackRow(municipality=Municipality(name="Alby", slug="alby"), commitments=items)
    return Template("{% load commitments_tags %}{% report_back_rows row link %}").render(
        Context({"row": row, "link": link}))


def test_a_row_with_an_update_shows_date_confidence_and_text_escaped():
    html = _render([_item(has_update=True, update_on=datetime.date(2026, 3, 4), update_confidence=7,
                          update_text="Vi & de")])
    assert '<th scope="row">Läsa &lt;högt&gt;\n<span class="role">Lärare · Anna · från träffen</span>' in html
    assert '<td><span class="badge status status--pagar">Pågår</span></td>' in html
    update = '<time datetime="2026-03-04">4 mars 2026</time> · tilltro 7/10<br>Vi &amp; de'
    assert f'<td class="wide-only">{update}</td>' in html
    # On a phone the update stands in the commitment's cell instead (its column hidden).
    assert f'<span class="narrow-only report-back__update">Senaste uppdatering: {update}</span></th>' in html
    assert "row--warning" not in html


def test_a_planned_row_without_update_is_marked_unreported():
    html = _render([_item(status="planerad", status_label="Planerad", from_meeting=False)])
    assert html.startswith('<tr class="row--warning">')
    assert "från hemmaplan" in html
    assert '<td class="wide-only"><strong>Ej redovisat</strong>: ingen uppdatering</td>' in html
    assert "Senaste uppdatering: <strong>Ej redovisat</strong>: ingen uppdatering</span></th>" in html


def test_an_overdue_row_and_a_not_done_row_with_its_reason():
    html = _render([
        _item(is_overdue=True),
        _item(pk=8, status="ej_genomford", status_label="Ej genomförd", not_done_reason="Sjuk <personal>",
              has_update=True, update_on=datetime.date(2026, 1, 2), update_text="Slut"),
    ])
    assert '<span class="badge status status--pagar">Pågår</span> <span class="badge badge--danger">Försenat</span>' in html
    assert '<span class="role">Sjuk &lt;personal&gt;</span>' in html
    assert '<td class="wide-only">ingen uppdatering</td>' in html  # in progress, no update: not marked unreported
    assert html.count("<tr") == 2


def test_the_municipalitys_own_page_links_each_commitment():
    assert '<a href="/k/alby/ataganden/7/">Läsa &lt;högt&gt;</a>' in _render([_item()], link=True)
    assert "<a href" not in _render([_item()], link=False)
