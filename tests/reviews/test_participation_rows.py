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
