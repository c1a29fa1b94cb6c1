"""One municipality's report-back built by ``report_back_section`` and the network page's sections by
``report_back_sections`` (issue 18): what ``commitments/_report_back_row.html`` and the page's loop
drew before, word for word, in both languages, with every text escaped. The table rows: what the
``format_html`` version of ``report_back_rows`` gave."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from commitments.models import CommitmentStatus
from commitments.selectors import ReportBackItem, ReportBackRow
from core.dates import date_text
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db

# commitments/_report_back_row.html as it was before the tag (with the phone layout since: the
# update column wide-only).
_SECTION = """{% load i18n commitments_tags %}{# One municipality's report-back. #}
<section class="card report-back" aria-labelledby="rb-{{ row.municipality.slug }}">
  {% if heading_level == 3 %}<h3 id="rb-{{ row.municipality.slug }}">{{ row.municipality.name }}</h3>{% else %}<h2 id="rb-{{ row.municipality.slug }}">{{ row.municipality.name }}</h2>{% endif %}
  <p class="status-counts">{% for value, label, n in row.counts %}<span class="badge status status--{{ value }}">{{ label }}: {{ n }}</span> {% endfor %}
    {% with missing=row.not_reported|length %}{% if missing %}<span class="badge badge--warning">{% blocktranslate count n=missing %}{{ n }} ej redovisat{% plural %}{{ n }} ej redovisade{% endblocktranslate %}</span>{% endif %}{% endwith %}</p>
  {% if row.commitments %}
  <div class="table-wrap">
  <table class="table">
    <caption class="visually-hidden">{% blocktranslate with name=row.municipality.name %}Åtaganden som {{ name }} redovisar{% endblocktranslate %}</caption>
    <thead><tr>
      <th scope="col">{% translate "Åtagande" %}</th><th scope="col">{% translate "Status" %}</th><th scope="col" class="wide-only">{% translate "Senaste uppdatering" %}</th>
    </tr></thead>
    <tbody>
    {% report_back_rows row link_commitments %}
    </tbody>
  </table>
  </div>
  {% else %}
    <p>{% translate "Inga åtaganden att redovisa." %}</p>
  {% endif %}
</section>
"""
# The report-back page's loop around it, as it was.
_PAGE_LOOP = Template(
    """{% for row in rows %}
  {% include section with heading_level=2 link_commitments=False %}
{% endfor %}"""
)


def _format_html_rows(row, link_commitments: bool = False) -> str:
    """``report_back_rows`` as it was, with format_html: the reference for the rows."""
    from_meeting, from_home = gettext("från träffen"), gettext("från hemmaplan")
    overdue = format_html(' <span class="badge badge--danger">{}</span>', gettext("Försenat"))
    no_update = gettext("ingen uppdatering")
    update_head = gettext("Senaste uppdatering")
    unreported = format_html("<strong>{}</strong>: {}", gettext("Ej redovisat"), no_update)

    def cells(c):
        title = c.title
        if link_commitments:
            url = reverse("commitments:detail", kwargs={"municipality": row.municipality.slug, "pk": c.pk})
            title = format_html('<a href="{}">{}</a>', url, c.title)
        status = format_html('<span class="badge status status--{}">{}</span>{}{}', c.status, c.status_label,
                             overdue if c.is_overdue else "",
                             format_html('\n<span class="role">{}</span>', c.not_done_reason)
                             if c.status == CommitmentStatus.NOT_DONE else "")
        if c.has_update:
            confidence = (" · " + gettext("tilltro %(n)s/10") % {"n": c.update_confidence}
                          if c.update_confidence is not None else "")
            update = format_html('<time datetime="{}">{}</time>{}<br>{}', c.update_on.isoformat(),
                                 date_text(c.update_on, "datum"), confidence, c.update_text)
        else:
            update = unreported if c.status == CommitmentStatus.PLANNED else no_update
        return (mark_safe(' class="row--warning"') if c.is_unreported else "", title, c.roles,
                from_meeting if c.from_meeting else from_home, update_head, update, status, update)

    return format_html_join(
        "\n",
        # On a phone the update stands in the commitment's cell, its own column hidden.
        '<tr{}>\n<th scope="row">{}\n<span class="role">{} · {}</span>'
        '\n<span class="narrow-only report-back__update">{}: {}</span></th>\n<td>{}</td>\n<td class="wide-only">{}</td>\n</tr>',
        (cells(c) for c in row.commitments),
    )


def _item(pk: int, **kw) -> ReportBackItem:
    base = {"pk": pk, "municipality_id": 1, "title": f"Läsa <högt> & \"tyst\" '{pk}'", "status": "pagar",
            "status_label": "Pågår", "is_overdue": False, "not_done_reason": "", "from_meeting": True,
            "roles": "Lärare & <rektor> · Anna \"A\""}
    return ReportBackItem(**{**base, **kw})


def _rows() -> list[ReportBackRow]:
    day = datetime.date(2026, 3, 4)
    every_kind = [
        _item(1),
        _item(2, is_overdue=True, from_meeting=False),
        _item(3, status="planerad", status_label="Planerad", from_meeting=False),
        _item(4, status="planerad", status_label="Planerad", is_overdue=True),
        _item(5, status="planerad", status_label="Planerad", has_update=True, update_on=day, update_text="Påbörjat"),
        _item(6, status="ej_genomford", status_label="Ej genomförd", not_done_reason="Sjuk <personal> & 'annat'",
              has_update=True, update_on=datetime.date(2026, 12, 31), update_confidence=0, update_text="<b>Slut</b>"),
        _item(7, status="genomford", status_label="Genomförd", has_update=True, update_on=day, update_confidence=10,
              update_text='Vi & de "klara"'),
        _item(8, status="ej_genomford", status_label="Ej <genomförd>", not_done_reason=""),
    ]
    return [
        ReportBackRow(municipality=Municipality(pk=1, name="Alby & <Co> \"'", slug="alby"), commitments=every_kind),
        ReportBackRow(municipality=Municipality(pk=2, name="Bstad", slug="bstad"), commitments=[]),
        ReportBackRow(municipality=Municipality(pk=3, name="Cby", slug="cby"),
                      commitments=[_item(9, status="planerad", status_label="Planerad", municipality_id=3)]),
    ]


def test_the_rows_say_what_the_format_html_rows_said():
    for language in ("sv", "en"):
        with translation.override(language):
            for row in _rows():
                for link in (False, True):
                    new = Template("{% load commitments_tags %}{% report_back_rows row link %}").render(
                        Context({"row": row, "link": link}))
                    assert new == _format_html_rows(row, link), (language, row.municipality.slug, link)


def test_a_section_says_what_the_template_said():
    template = Template(_SECTION)
    tag = Template("{% load commitments_tags %}\n{% report_back_section row heading_level link_commitments %}\n")
    for language in ("sv", "en"):
        with translation.override(language):
            for row in _rows():
                for heading_level in (2, 3):
                    for link in (False, True):
                        context = {"row": row, "heading_level": heading_level, "link_commitments": link}
                        assert tag.render(Context(context)) == template.render(Context(context)), (
                            language, row.municipality.slug, heading_level, link)


def test_the_pages_sections_say_what_its_loop_over_the_template_said():
    rows = _rows()
    tag = Template("{% load commitments_tags %}{% report_back_sections rows %}")
    for language in ("sv", "en"):
        with translation.override(language):
            before = _PAGE_LOOP.render(Context({"rows": rows, "section": Template(_SECTION)}))
            assert tag.render(Context({"rows": rows})) == before, language
    assert tag.render(Context({"rows": []})) == ""


def test_the_section_escapes_the_municipality_and_every_commitment_text():
    html = Template("{% load commitments_tags %}{% report_back_section row 3 True %}").render(
        Context({"row": _rows()[0]}))
    assert '<h3 id="rb-alby">Alby &amp; &lt;Co&gt; &quot;&#x27;</h3>' in html
    assert "Åtaganden som Alby &amp; &lt;Co&gt; &quot;&#x27; redovisar" in html
    assert '<a href="/k/alby/ataganden/1/">Läsa &lt;högt&gt; &amp; &quot;tyst&quot; &#x27;1&#x27;</a>' in html
    assert 'Lärare &amp; &lt;rektor&gt; · Anna &quot;A&quot;' in html
    assert '<span class="role">Sjuk &lt;personal&gt; &amp; &#x27;annat&#x27;</span>' in html
    assert "&lt;b&gt;Slut&lt;/b&gt;" in html and "Ej &lt;genomförd&gt;" in html
    assert "<b>" not in html and "<personal>" not in html
    assert '<span class="badge badge--warning">2 ej redovisade</span>' in html  # items 3 and 4


def test_the_tags_escape_table_gives_what_html_escape_gives():
    import html

    from commitments.templatetags.commitments_tags import _HTML_ESCAPES

    text = "".join(chr(i) for i in range(1, 400)) + "&amp; <a href='x'>\"å ä ö\"</a> &#x27; 😀"
    assert text.translate(_HTML_ESCAPES) == html.escape(text)
