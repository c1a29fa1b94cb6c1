"""The meeting's participation table (``participation_table``): byte for byte what its template gave (issue 18)."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from networks.selectors import LEVEL_ORDER, MeetingAttendance, MunicipalityAttendance

# The template the tag replaced, word for word (networks/_participation_table.html).
OLD = """{% load i18n networks_tags %}{# The rows: built by participation_rows (issue 18). #}
<p>{% if attendance.attendance_taken %}{% blocktranslate with n=attendance.total_attended m=attendance.total_registered %}{{ n }} närvarande av {{ m }} anmälda.{% endblocktranslate %}{% else %}{% blocktranslate count n=attendance.total_registered %}{{ n }} anmäld.{% plural %}{{ n }} anmälda.{% endblocktranslate %}{% endif %}</p>
<div class="table-wrap">
<table class="table participation-table">
  <caption>{% if attendance.attendance_taken %}{% translate "Närvarande per nivå (anmälda inom parentes)" %}{% else %}{% translate "Anmälda per nivå" %}{% endif %}</caption>
  <thead><tr>
    <th scope="col">{% translate "Kommun" %}</th>
    {% for value, label in attendance.levels %}<th scope="col" class="num">{{ label }}</th>{% endfor %}
    <th scope="col">{% translate "Alla fyra nivåerna?" %}</th>
  </tr></thead>
  <tbody>
  {% participation_rows attendance %}
  </tbody>
</table>
</div>
"""
NEW = "{% load networks_tags %}{# Built by participation_table (issue 18). #}{% participation_table attendance %}"


def _row(name, registered, attended):
    return MunicipalityAttendance(municipality=SimpleNamespace(name=name), registrations=[],
                                  registered=dict(zip(LEVEL_ORDER, registered, strict=True)),
                                  attended=dict(zip(LEVEL_ORDER, attended, strict=True)))


def _attendance(rows, taken):
    return MeetingAttendance(meeting=None, municipalities=rows, attendance_taken=taken)


ROWS = {
    "none": [],
    "one registered": [_row("Alby", [1, 0, 0, 0], [0, 0, 0, 0])],
    "several, markup": [_row("Alby <kommun> & co", [2, 1, 3, 4], [2, 1, 0, 4]), _row("Bstad", [0, 0, 0, 0], [0, 0, 0, 0])],
    "thousands": [_row("Cby", [900, 300, 200, 100], [800, 300, 100, 100])],
}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("kind", ROWS)
@pytest.mark.parametrize("taken", [True, False])
def test_the_participation_table_is_byte_for_byte_what_its_template_gave(language, kind, taken):
    context = {"attendance": _attendance(ROWS[kind], taken)}
    with translation.override(language):
        expected = Template(OLD).render(Context(context))
        got = Template(NEW).render(Context(context))
    assert got == expected
    if kind == "several, markup":
        assert "Alby &lt;kommun&gt; &amp; co" in got
