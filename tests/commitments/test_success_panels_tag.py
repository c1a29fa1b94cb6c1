"""The success factors' cards (``success_panels``): what the template drew, with every text escaped."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from commitments.success import Figure, LevelParticipation, Panel, SuccessFactors, _figure

pytestmark = pytest.mark.django_db


def _factors(*, label="Mål <antagna> & klara", home=(0, 3), meetings=(2, 4)) -> SuccessFactors:
    return SuccessFactors(
        responsibility=Panel(key="huvudmannens-ansvar", title="Ansvar & <b>mer</b>", figures=[
            _figure(label, "Regeln <script>alert(1)</script>", 1, 3),
            Figure(label="Saknas", value=None, rule="Ingen källa"),
        ]),
        participation=Panel(key="delaktighet", title="Delaktighet", rule="Hemma & borta", levels=[
            LevelParticipation(level="namnd", label="Nämnd <politiker>", home=_figure("Hemma", "", *home),
                               meetings=_figure("På träffar", "", *meetings)),
            LevelParticipation(level="larare", label="Lärare", home=Figure(label="Hemma", value=None, rule=""),
                               meetings=_figure("På träffar", "", 0, 0)),
        ]),
        persistence=Panel(key="uthallighet", title="Uthållighet", figures=[_figure("Omgångar", "r", 0, 0)]),
    )


def _render(factors) -> str:
    return Template("{% load commitments_tags %}{% success_panels factors %}").render(Context({"factors": factors}))


def test_every_text_is_escaped():
    html = _render(_factors())
    assert "<script>" not in html and "<b>" not in html and "<politiker>" not in html
    assert "<dt>Mål &lt;antagna&gt; &amp; klara</dt>" in html
    assert '<p class="rule">Regeln &lt;script&gt;alert(1)&lt;/script&gt;</p>' in html
    assert '<h3 id="sf-huvudmannens-ansvar">Ansvar &amp; &lt;b&gt;mer&lt;/b&gt;</h3>' in html
    assert '<th scope="row">Nämnd &lt;politiker&gt;</th>' in html
    assert '<p class="rule">Hemma &amp; borta</p>' in html


def test_figures_show_value_share_or_that_the_source_is_missing():
    html = _render(_factors())
    assert '<strong>1 av 3</strong> <span class="muted nowrap">(33&nbsp;%)</span>' in html
    assert '<dd><span class="badge">uppgift saknas</span>' in html
    assert "<strong>0 av 0</strong>\n" in html  # no share of nothing


def test_a_level_with_nobody_is_marked_and_a_missing_count_said():
    html = _render(_factors())
    assert '<td class="cell--warning"><span class="nowrap">0 av 3</span></td>' in html  # nobody answered
    assert '<td><span class="nowrap">2 av 4</span></td>' in html
    assert "<td>uppgift saknas</td>" in html  # the home figure cannot be counted
    assert '<td><span class="nowrap">0 av 0</span></td>' in html  # no meeting held: nothing to warn of


def test_the_panels_template_wraps_the_cards_with_its_heading():
    html = render_to_string("commitments/_success_panels.html", {"factors": _factors(), "scope_label": "Kommun & co"})
    assert '<h2 id="success-heading">Modellens framgångsfaktorer</h2>' in html
    assert '<p class="muted">Kommun &amp; co</p>' in html
    assert html.count('<section class="card success-panel') == 3
