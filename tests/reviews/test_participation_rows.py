"""The participation table's level rows (``participation_rows``): what the template drew, escaped."""

from django.template import Context, Template

from reviews.selectors import LevelParticipation, Participation


def _render(participation) -> str:
    return Template("{% load reviews_tags %}{% participation_rows participation %}").render(
        Context({"participation": participation}))


def test_a_level_shows_submitted_share_asked_and_started_with_its_label_escaped():
    html = _render(Participation(levels=[LevelParticipation("namnd", "Nämnd <script>&", 4, 3, 1, counted=3)]))
    assert '<th scope="row">Nämnd &lt;script&gt;&amp;</th>' in html and "<script>" not in html
    assert '<td class="num">3&nbsp;<span class="muted nowrap">(75&nbsp;%)</span></td>' in html
    assert '<td class="num">4</td>' in html and '<td class="num">1</td>' in html
    assert "row--warning" not in html and html.count("<td") == 3  # nothing left out: no fourth column


def test_a_level_without_answers_is_marked_and_nobody_asked_has_no_share():
    html = _render(Participation(levels=[LevelParticipation("larare", "Lärare", 0, 0, 0)]))
    assert '<tr class="row--warning">' in html
    assert '<td class="num">0 <span class="badge badge--warning">inga svar</span></td>' in html


def test_answers_left_out_of_the_figures_get_their_column():
    html = _render(Participation(levels=[
        LevelParticipation("rektor", "Rektor", 2, 3, 0, counted=1, new_members=1, not_asked=1),
        LevelParticipation("larare", "Lärare", 5, 5, 0, counted=5),
    ]))
    assert html.count("<tr") == 2 and html.count("<td") == 8
    assert '<td class="num">2</td>\n      </tr>' in html  # the rektor row's left-out answers


# The table of reviews/_participation.html as the template drew it before participation_table.
_TABLE_TEMPLATE = Template(
    """{% load i18n reviews_tags %}<div class="table-wrap">
<table class="table participation">
  <caption>{% translate "Delaktighet: inskickade svar per nivå" %}</caption>
  <thead><tr>
    <th scope="col">{% translate "Nivå" %}</th>
    <th scope="col" class="num">{% translate "Svarat" %}</th>
    <th scope="col" class="num">{% translate "Tillfrågade" %}</th>
    <th scope="col" class="num">{% translate "Påbörjat" %}</th>
    {% if participation.left_out %}<th scope="col" class="num">{% translate "Räknas inte i siffrorna" %}</th>{% endif %}
  </tr></thead>
  <tbody>
    {% participation_rows participation %}
  </tbody>
  <tfoot><tr><th scope="row">{% translate "Alla nivåer" %}</th><td class="num">{{ participation.submitted }}</td><td class="num">{{ participation.asked }}</td><td></td>{% if participation.left_out %}<td class="num">{{ participation.left_out }}</td>{% endif %}</tr></tfoot>
</table>
</div>
<p class="muted">{% translate "Tillfrågade är de som var medlemmar när kartläggningen öppnade; svarsandelen räknas på dem." %}</p>"""
)


def test_the_participation_table_says_what_the_template_said():
    from django.utils import translation

    cases = [
        Participation(levels=[LevelParticipation("namnd", "Nämnd <b>", 4, 3, 1, counted=3),
                              LevelParticipation("larare", "Lärare", 0, 0, 0)]),
        Participation(levels=[LevelParticipation("rektor", "Rektor & co", 2, 3, 0, counted=1, new_members=1, not_asked=1),
                              LevelParticipation("larare", "Lärare", 1200, 1100, 3, counted=1100)]),
    ]
    for language in ("sv", "en"):
        with translation.override(language):
            for participation in cases:
                tag = Template("{% load reviews_tags %}{% participation_table participation %}").render(
                    Context({"participation": participation}))
                assert tag == _TABLE_TEMPLATE.render(Context({"participation": participation})), language
                assert "<b>" not in tag and "Nämnd &lt;b&gt;" in tag or "Rektor &amp; co" in tag
