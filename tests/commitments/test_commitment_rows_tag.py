"""The commitments list's rows built by ``commitment_rows`` (issue 18) are what the template's loop gave."""

import pytest
from django.template import engines
from django.utils import translation

from commitments.selectors import CommitmentRow
from commitments.templatetags.commitments_tags import commitment_rows

# The loop commitments/list.html had, with the label it translated once before the table.
OLD_ROWS = """{% load i18n %}{% translate "Försenat" as overdue_label %}
  {% for c in page.object_list %}
    <tr{% if c.is_overdue %} class="row--warning"{% endif %}>
      <th scope="row"><a href="{% url 'commitments:detail' municipality=municipality.slug pk=c.pk %}">{{ c.title }}</a>
        {% if c.made_at %}<span class="role">{{ c.made_at }}</span>{% endif %}
        {# On a phone the four last columns are folded in here (CSS), instead of scrolling sideways. #}
        <span class="role narrow-only">{{ c.due_line }}{% if c.owner_name is not None %} · {{ c.owner_name }}{% endif %} · {{ c.updates_line }}</span></th>
      <td><span class="badge status status--{{ c.status }}">{{ c.status_label }}</span>{% if c.is_overdue %} <span class="badge badge--danger">{{ overdue_label }}</span>{% endif %}</td>
      <td class="wide-only">{{ c.due_on }}</td>
      <td class="wide-only">{{ c.owner_name|default:"–" }}</td>
      <td class="wide-only">{{ c.levels }}{% if c.schools %}<br>{{ c.schools|join:", " }}{% endif %}</td>
      <td class="num wide-only">{{ c.update_count }}{% if c.last_update_on %}<span class="role">{{ c.last_update_on }}</span>{% endif %}</td>
    </tr>
  {% endfor %}"""


def _row(**kw) -> CommitmentRow:
    base = {"pk": 7, "title": "Läsa högt", "status": "pagar", "status_label": "Pågår", "is_overdue": False,
            "made_at": "", "due_on": "4 mars 2026", "due_line": "Klart senast 4 mars 2026", "owner_name": "Anna",
            "levels": "Lärare", "schools": [], "update_count": 0, "updates_line": "0 uppdateringar",
            "last_update_on": ""}
    return CommitmentRow(**{**base, **kw})


ROWS = [
    _row(),
    _row(pk=12, title="Läsa <högt> & \"tyst\"", status="planerad", status_label="Planerad", is_overdue=True,
         made_at="Gjort vid träffen 2 dec. 2026 (omgång 3)", owner_name=None, levels="Lärare, Rektor",
         schools=["Å & <Ö> skola", "D'Ort"], update_count=1234, updates_line="1234 uppdateringar",
         last_update_on="29 mars"),
    _row(pk=1, owner_name="", schools=["Björk"], update_count=1, updates_line="1 uppdatering"),
    _row(pk=100, owner_name="Kim <b>", status="ej_genomford", status_label="Ej <genomförd>", last_update_on="1 jan."),
]


def _old(rows) -> str:
    # The loop's text ends where the template's did; the label's line before it was its own.
    html = engines["django"].from_string(OLD_ROWS).render(
        {"page": {"object_list": rows}, "municipality": {"slug": "alby"}})
    return html.removeprefix("\n  ")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], ROWS[1:2], []])
def test_commitment_rows_are_what_the_template_gave(language, rows):
    with translation.override(language):
        assert commitment_rows(rows, "alby") == _old(rows)


def test_commitment_rows_escape_every_text():
    html = commitment_rows(ROWS, "alby")
    for raw in ("<högt>", "<Ö>", "<b>", "<genomförd>"):
        assert raw not in html
    assert "Läsa &lt;högt&gt; &amp; &quot;tyst&quot;" in html
    assert "<br>Å &amp; &lt;Ö&gt; skola, D&#x27;Ort</td>" in html
    assert '<a href="/k/alby/ataganden/12/">' in html
    assert html.count('<tr class="row--warning">') == 1
    assert '<span class="badge badge--danger">Försenat</span>' in html


def test_commitment_rows_link_each_commitment_of_the_municipality():
    html = commitment_rows([_row(pk=1), _row(pk=11), _row(pk=101)], "k1")
    links = [part.split('"')[0] for part in html.split('<a href="')[1:]]
    assert links == ["/k/k1/ataganden/1/", "/k/k1/ataganden/11/", "/k/k1/ataganden/101/"]


@pytest.mark.parametrize("text", ["", "Läsa högt", "<a href='x'>&amp; \"y\"</a>", "&&<<>>''\"\"", "Å & Ö"])
def test_the_rows_escape_is_conditional_escapes(text):
    from django.utils.html import conditional_escape
    from django.utils.safestring import SafeString

    from commitments.templatetags.commitments_tags import _escape

    assert _escape(text) == conditional_escape(text)
    assert _escape(SafeString(text)) == text  # already safe: as it is
    assert _escape(7) == "7"
