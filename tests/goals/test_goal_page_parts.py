"""The goal page's parts read as plain rows and built by tags (issue 18): each says what the
template said, word for word, escaping included, and the whole page stays within its queries."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from accounts.models import User
from goals import selectors
from goals.charts import Chart, ChartSeries, RenderedChart, goal_chart_svg
from goals.models import Goal, GoalStatus
from goals.selectors import GoalChange
from reviews.models import Area, Statement
from reviews.models import Template as ReviewTemplate

from .factories import (
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    MeasurementFactory,
    NationalValueFactory,
)

# The templates the plain rows and the tags replaced, word for word: the reference for what each
# part of the goal page shows. Rendered with the model rows the page read before.
OLD_CHAIN = """{% load i18n %}<ol class="goal-chain">{% for a in cascade.ancestors %}<li><a href="{% url 'goals:detail' municipality=municipality.slug pk=a.pk %}">{{ a.title }}</a> <span class="muted">({{ a.get_level_display }})</span></li>{% endfor %}</ol>"""
OLD_STATEMENTS = """{% load i18n %}<ul>{% for s in statements %}<li>{% if s.area %}{{ s.area.title }}: {% endif %}{{ s.short_label|default:s.text }}</li>{% endfor %}</ul>"""
OLD_CHILDREN = """{% load i18n %}<ul>{% for c in cascade.children %}<li><a href="{% url 'goals:detail' municipality=municipality.slug pk=c.pk %}">{{ c.title }}</a> <span class="muted">({{ c.get_level_display }}{% if c.school %}, {{ c.school.name }}{% endif %}{% if c.is_proposal %}, {% translate "förslag" %}{% endif %})</span></li>{% endfor %}</ul>"""
OLD_SHARES = """{% load i18n %}<ul>{% for share in shares %}
      <li>{% blocktranslate with network=share.network.name date=share.shared_at|datum %}Delat med {{ network }} sedan {{ date }}: dess processledare och de andra kommunerna där ser målet och dess mått.{% endblocktranslate %}</li>
    {% endfor %}</ul>"""
OLD_HISTORY = """{% load i18n %}<tbody>
      {% for h in history %}
        <tr>
          <th scope="row">{{ h.history_date|datum:"tid" }}</th>
          <td>{% if h.history_user %}{{ h.history_user.full_name|default:h.history_user.email }}{% else %}–{% endif %}</td>
          <td>{% if h.history_change_reason %}{{ h.history_change_reason }}{% elif h.history_type == "+" %}{% translate "Skapat" %}{% elif h.history_type == "-" %}{% translate "Borttaget" %}{% else %}{% translate "Ändrat" %}{% endif %}</td>
        </tr>
      {% endfor %}
      </tbody>"""
OLD_CHART = """{% load i18n %}
<figure class="chart-figure">
  <div class="chart-figure__svg">{{ rc.safe_svg }}</div>
  <figcaption class="chart-figure__caption">{{ rc.chart.description }}</figcaption>
  <details class="chart-figure__data">
    <summary>{% translate "Visa värdena som tabell" %}</summary>
    <div class="table-wrap">
      <table class="table">
        <caption>{{ rc.chart.title }}</caption>
        <thead><tr><th scope="col">{{ rc.chart.category_heading }}</th>{% for s in rc.chart.series %}<th scope="col" class="num">{{ s.label }}</th>{% endfor %}</tr></thead>
        <tbody>
          {% for category, cells in rc.chart.table_rows %}
            <tr><th scope="row">{{ category }}</th>{% for cell in cells %}<td class="num">{{ cell }}</td>{% endfor %}</tr>
          {% endfor %}
        </tbody>
      </table>
    </div>
  </details>
</figure>
"""


def _words(html: str) -> str:
    return " ".join(html.split())


def _url(world, goal) -> str:
    return reverse("goals:detail", kwargs={"municipality": world.a.slug, "pk": goal.pk})


def _page_world(world) -> Goal:
    """A goal with texts to escape everywhere: above it a board goal, under it sub-goals with and
    without a school, a proposal among them; statements with and without an area and a short
    name; a share; a history of changes by a named user, by a user known only by e-mail and by
    nobody; an indicator with values of its own, the nation's and a same-measure indicator's."""
    top = GoalFactory(municipality=world.a, title="Nämndens <b>mål</b> & mer")
    goal = GoalFactory(municipality=world.a, title="Förvaltningens mål", level="forvaltning", parent=top,
                       shared_with=[world.network])
    GoalFactory(municipality=world.a, title="Delmål <i>0</i>", level="rektor", parent=goal, school=world.school_a1,
                status=GoalStatus.PROPOSED)
    GoalFactory(municipality=world.a, title="Delmål 1", level="rektor", parent=goal, school=world.school_a1)
    GoalFactory(municipality=world.a, title="Delmål 2 & Co", level="forvaltning", parent=goal)
    GoalFactory(municipality=world.a, title="Ett annat mål", level="forvaltning", parent=top)
    template = ReviewTemplate.objects.create(name="Mall")
    area = Area.objects.create(template=template, title="Ledning <&>", position=1)
    goal.statements.set([
        Statement.objects.create(template=template, area=area, key="a", text="Lång text", short_label="Kort <namn>",
                                 position=2),
        Statement.objects.create(template=template, key="b", text="Utan område & kort namn", position=1),
    ])
    goal._history_user, goal._change_reason = world.user("coordinator"), "Målvärdet <höjt>"
    goal.save()
    del goal._change_reason
    goal._history_user = User.objects.create_user(email="bara.epost@example.se", full_name="")
    goal.save()
    del goal._history_user
    goal.save()
    indicator = IndicatorFactory()
    same = IndicatorFactory(name="Andel (%) elever som fått godkänt betyg i alla ämnen")
    GoalIndicatorFactory(goal=goal, indicator=indicator, grade=9)
    for year in (2022, 2023, 2024):
        MeasurementFactory(indicator=indicator, municipality=world.a, grade=9, school_year=year,
                           value=Decimal("60") + year % 5)
        MeasurementFactory(indicator=same, municipality=world.a, grade=6, school_year=year, value=Decimal("55"))
        NationalValueFactory(indicator=indicator, grade=9, school_year=year, value=Decimal("70"))
    MeasurementFactory(indicator=indicator, municipality=world.a, grade=9, school_year=2025, value=None,
                       suppressed_marker="..")
    return goal


def _old_context(world, goal) -> dict:
    """What the page read before: model rows (the reads as they were)."""
    goals = list(Goal.objects.filter(municipality=world.a).select_related("school").order_by("title", "pk"))
    by_id = {g.pk: g for g in goals}
    chain, current = [], by_id.get(goal.parent_id)
    while current is not None:
        chain.append(current)
        current = by_id.get(current.parent_id)
    return {
        "municipality": world.a,
        "cascade": {"ancestors": chain[::-1], "children": [g for g in goals if g.parent_id == goal.pk]},
        "statements": list(goal.statements.select_related("area").all()),
        "shares": list(goal.shares.select_related("network")),
        "history": list(goal.history.select_related("history_user").order_by("-history_date", "-history_id")[:30]),
    }


def test_goal_page_says_what_its_templates_said(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    goal = _page_world(world)
    page = _words(client_for("coordinator").get(_url(world, goal)).content.decode())
    old = Context(_old_context(world, goal))
    for part in (OLD_CHAIN, OLD_STATEMENTS, OLD_CHILDREN, OLD_SHARES, OLD_HISTORY):
        expected = _words(Template(part).render(old))
        assert expected in page, expected
    # The texts to escape were there, escaped, and the parts were not empty.
    for text in ("Nämndens &lt;b&gt;mål&lt;/b&gt; &amp; mer", "Delmål &lt;i&gt;0&lt;/i&gt;", "förslag)", "Alby skola",
                 "Ledning &lt;&amp;&gt;: Kort &lt;namn&gt;", "Utan område &amp; kort namn", "Nätverk Norr",
                 "Målvärdet &lt;höjt&gt;", "bara.epost@example.se", "<td>–</td>", "Skapat", "Ändrat"):
        assert text in page, text
    assert "Ett annat mål" not in page


def test_history_rows_say_what_the_template_said_for_every_kind_of_change():
    when = datetime.datetime(2026, 3, 4, 13, 30, tzinfo=datetime.UTC)

    class Row:  # a historical row as the template read it
        def __init__(self, kind, reason, user):
            self.history_date, self.history_type, self.history_change_reason, self.history_user = when, kind, reason, user

    users = [None, User(full_name="Anna <A>", email="a@example.se"), User(full_name="", email="b&c@example.se")]
    old_rows, new_rows = [], []
    for kind in ("+", "~", "-"):
        for reason in (None, "", "Skäl <x> & y"):
            for user in users:
                old_rows.append(Row(kind, reason, user))
                new_rows.append(GoalChange(when=when, kind=kind, reason=reason,
                                           who=None if user is None else (user.full_name or user.email)))
    expected = Template(OLD_HISTORY).render(Context({"history": old_rows}))
    got = Template("{% load goals_extras %}<tbody>\n      {% goal_history_rows history %}\n      </tbody>").render(
        Context({"history": new_rows}))
    assert _words(got) == _words(expected)
    assert "Borttaget" in got and "Skäl &lt;x&gt; &amp; y" in got and "b&amp;c@example.se" in got


CHARTS = {
    "one series": Chart(chart_id="a", title="År för år", description="En serie.", categories=["2023/24"],
                        series=[ChartSeries("Alby", [Decimal("61.5")])], category_heading="Läsår"),
    "texts to escape, markers, gaps": Chart(
        chart_id="b", title="År <för> år & mer", description="Beskrivning <med> & tecken.",
        categories=["2022/23", "2023/24", "2024/25"], category_heading="Läsår <x>",
        series=[ChartSeries("Alby <skola>", [Decimal("48.6"), None, None], ["", "..", ""]),
                ChartSeries("Riket & co", [Decimal("50"), Decimal("51.25"), None])],
    ),
}


@pytest.mark.parametrize("kind", CHARTS)
def test_chart_figure_says_what_the_template_said(kind):
    rc = RenderedChart(chart=CHARTS[kind], svg=goal_chart_svg(CHARTS[kind]))
    expected = Template(OLD_CHART).render(Context({"rc": rc}))
    got = Template("{% load goals_extras %}{% chart_figure rc %}").render(Context({"rc": rc}))
    assert _words(got) == _words(expected)
    # The include the other pages use says the same.
    assert _words(Template('{% include "goals/_chart.html" %}').render(Context({"rc": rc}))) == _words(expected)


def _chart_by_format_html(rc):
    """The tag as it was before it built plain strings (issue 18), word for word."""
    from django.utils.html import format_html, format_html_join
    from django.utils.translation import gettext

    chart = rc.chart
    heads = format_html_join("", '<th scope="col" class="num">{}</th>', ((s.label,) for s in chart.series))
    rows = format_html_join(
        "\n", '<tr><th scope="row">{}</th>{}</tr>',
        ((category, format_html_join("", '<td class="num">{}</td>', ((cell,) for cell in cells)))
         for category, cells in chart.table_rows()),
    )
    return format_html(
        '<figure class="chart-figure">\n'
        '  <div class="chart-figure__svg">{}</div>\n'
        '  <figcaption class="chart-figure__caption">{}</figcaption>\n'
        '  <details class="chart-figure__data">\n'
        "    <summary>{}</summary>\n"
        '    <div class="table-wrap">\n'
        '      <table class="table">\n'
        "        <caption>{}</caption>\n"
        '        <thead><tr><th scope="col">{}</th>{}</tr></thead>\n'
        "        <tbody>\n{}\n        </tbody>\n"
        "      </table>\n"
        "    </div>\n"
        "  </details>\n"
        "</figure>",
        rc.safe_svg, chart.description, gettext("Visa värdena som tabell"), chart.title, chart.category_heading,
        heads, rows,
    )


@pytest.mark.parametrize("kind", CHARTS)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_chart_figure_is_byte_for_byte_what_format_html_gave(kind, language):
    """The chart's figure as plain escaped strings rather than format_html per cell (issue 18):
    the same bytes, texts with markup, markers and gaps and both languages included."""
    from django.utils import translation

    from goals.templatetags.goals_extras import chart_figure

    rc = RenderedChart(chart=CHARTS[kind], svg=goal_chart_svg(CHARTS[kind]))
    with translation.override(language):
        got = chart_figure(rc)
        assert got == _chart_by_format_html(rc)
    assert "<svg" in got and "&lt;skola&gt;" in got or kind == "one series"


def test_values_of_a_goal_and_the_nation_are_read_in_one_query(world, django_assert_num_queries):
    goal = _page_world(world)
    selectors.goal_indicator_views(goal=goal)  # warm what Django reads once
    # The links, the indicators of the same measure, then the goal's values and the nation's together.
    with django_assert_num_queries(3):
        (view,) = selectors.goal_indicator_views(goal=goal)
    assert [(p.school_year, p.value, p.marker) for p in view.points] == [
        (2022, Decimal("62.00"), ""), (2023, Decimal("63.00"), ""), (2024, Decimal("64.00"), ""), (2025, None, "..")]
    assert [p.school_year for p in view.national] == [2022, 2023, 2024]
    assert {p.grade for p in view.all_grades} == {6, 9}  # the same measure's grade 6, for the cohorts


def test_goal_page_does_its_whole_work_in_twelve_queries(world, client_for, get_cold):
    """Cold, for a board member (no share form): session, user, membership, the goal, its shares,
    the cascade, its statements, the indicator links, the same-measure indicators, the values (the
    goal's and the nation's in one), the commitments and the history. 13 before the values were
    read in one query."""
    goal = _page_world(world)
    assert get_cold(client_for("namnd"), _url(world, goal), max_queries=12).status_code == 200


# An indicator card's heading, status line and "Följ progressionen" section as the template drew
# them before indicator_heading and goal_progression (issue 18), word for word.
OLD_CARD_HEAD = """{% load i18n %}<h3 id="ind-{{ v.link.pk }}">{{ v.indicator.label }}{% if v.link.grade %}, {% blocktranslate with g=v.link.grade %}årskurs {{ g }}{% endblocktranslate %}{% endif %}</h3>
    <p class="goal-status-line"><span class="badge badge--{{ v.status.status.css }}">{{ v.status.status.label }}</span>
      {% if v.status.progress_percent is not None %}
        {% if v.status.progress_percent < 0 %}
          {% blocktranslate with t=v.status.time_percent %}Värdet har gått åt fel håll sedan utgångsläget; {{ t }} % av tiden har gått.{% endblocktranslate %}
        {% else %}
          {% blocktranslate with p=v.status.progress_percent t=v.status.time_percent %}{{ p }} % av vägen till målvärdet, {{ t }} % av tiden har gått.{% endblocktranslate %}
        {% endif %}
      {% endif %}
      {% if v.is_school_level %}<span class="muted">{% blocktranslate with school=goal.school.name %}Skolans egna siffror ({{ school }}).{% endblocktranslate %}</span>{% elif goal.school_id %}<span class="muted">{% blocktranslate with school=goal.school.name %}Kommunens siffror: det finns inga egna siffror för {{ school }} i underlaget.{% endblocktranslate %}</span>{% endif %}
    </p>"""
OLD_PROGRESSION = """{% load i18n goals_extras %}<section class="goal-progression" aria-labelledby="prog-{{ v.link.pk }}">
      <h4 id="prog-{{ v.link.pk }}">{% translate "Följ progressionen" %}</h4>
      <p>{% translate "Två olika jämförelser:" %}</p>
      <ul>
        <li>{% blocktranslate %}<strong>Inom en årskull</strong> (förädlingsvärde): samma elever följs från en årskurs till en senare, till exempel från årskurs 6 läsåret 2020/21 till årskurs 9 läsåret 2023/24. Det visar vad skolan har tillfört just de eleverna.{% endblocktranslate %}</li>
        <li>{% blocktranslate %}<strong>Mellan årskullar</strong>: årets elever i en årskurs jämförs med förra årets elever i samma årskurs. Det är olika elever, så skillnaden kan bero på elevgruppen lika mycket som på undervisningen.{% endblocktranslate %}</li>
      </ul>
      {% if v.cohorts %}
        {% if card.cohort_chart %}{% chart_figure card.cohort_chart %}{% endif %}
        <div class="table-wrap">
          <table class="table">
            <caption>{% translate "Förändring inom och mellan årskullar" %}</caption>
            <thead><tr>
              <th scope="col">{% translate "Årskull" %}</th>
              <th scope="col" class="num">{% translate "Första värdet" %}</th>
              <th scope="col" class="num">{% translate "Senaste värdet" %}</th>
              <th scope="col" class="num">{% translate "Inom årskullen (samma elever)" %}</th>
              <th scope="col" class="num">{% translate "Mellan årskullar (olika elever)" %}</th>
            </tr></thead>
            <tbody>
            {% for line in v.cohorts %}
              <tr>
                <th scope="row">{{ line.label }}</th>
                <td class="num">{{ line.first|point_value }}</td>
                <td class="num">{{ line.last|point_value }}</td>
                <td class="num">{{ line.within_cohort|signed }}</td>
                <td class="num">{{ line.between_cohorts|signed }}</td>
              </tr>
            {% endfor %}
            </tbody>
          </table>
        </div>
      {% else %}
        <p>{% translate "Det finns inga värden för samma elever i mer än en årskurs ännu, så årskullar kan inte följas. När måttet finns för till exempel både årskurs 6 och årskurs 9 visas de här." %}</p>
      {% endif %}
      {% if v.suppressed_points %}
        <div class="goal-marker-note">
          <p>{% translate "Prickade värden visas som Skolverkets tecken, aldrig som siffror, och syns inte i diagrammen:" %}</p>
          <ul>{% for p in v.suppressed_points %}<li>{% if p.grade %}{% blocktranslate with g=p.grade %}åk {{ g }}{% endblocktranslate %}, {% endif %}{{ p.year_label }}: <strong>{{ p.marker }}</strong> – {{ p.marker|marker_explanation }}</li>{% endfor %}</ul>
        </div>
      {% endif %}
    </section>"""
NEW_CARD_PARTS = "{% load goals_extras %}{% indicator_heading v goal %}|{% goal_progression v card.cohort_chart %}"


def test_the_cards_heading_and_progression_say_what_the_template_said(world):
    from dataclasses import replace

    from django.utils import translation

    from goals import charts
    from goals.progression import Status, StatusResult

    goal = _page_world(world)
    (view,) = selectors.goal_indicator_views(goal=goal)
    assert view.cohorts and view.suppressed_points  # both branches with something in them
    view.indicator.name = "Andel <b>godkända</b> & fler"
    school = GoalFactory(municipality=world.a, title="Skolans mål", school=world.school_a1)
    views = [
        (view, goal, charts.indicator_cohort_chart(view, chart_id="arskull-1")),
        (replace(view, cohorts=[], all_grades=[], is_school_level=True), school, None),  # the school's own figures
        (view, school, None),  # the municipality's figures for a school goal
    ]
    for progress in (Decimal("-0.12"), Decimal("0.456")):  # gone the wrong way; on its way
        status = StatusResult(Status.BEHIND, None, None, progress, Decimal("0.5"))
        views.append((replace(view, status=status), goal, None))
    for language in ("sv", "en"):
        with translation.override(language):
            for v, g, cohort_chart in views:
                context = Context({"v": v, "goal": g, "card": {"cohort_chart": cohort_chart}})
                expected = Template(OLD_CARD_HEAD).render(context) + "|" + Template(OLD_PROGRESSION).render(context)
                assert Template(NEW_CARD_PARTS).render(context) == expected, language
    html = Template(NEW_CARD_PARTS).render(Context({"v": view, "goal": goal, "card": {}}))
    assert "Andel &lt;b&gt;godkända&lt;/b&gt; &amp; fler" in html and "<b>" not in html


OLD_FACTS = """{% load i18n goals_extras %}<dl class="goal-facts">
    <dt>{% translate "Nivå" %}</dt><dd>{{ goal.get_level_display }}</dd>
    {% if goal.school %}<dt>{% translate "Skola" %}</dt><dd>{{ goal.school.name }}</dd>{% endif %}
    <dt>{% translate "Område" %}</dt><dd>{{ goal.area }}</dd>
    <dt>{% translate "Period" %}</dt><dd>{{ goal.starts_on|datum }} – {{ goal.target_on|datum }}</dd>
    {% if cascade.ancestors %}<dt>{% translate "Bidrar till" %}</dt><dd><ol class="goal-chain">{% goal_chain_items cascade.ancestors municipality %}</ol></dd>{% endif %}
  </dl>"""
OLD_HISTORY_SECTION = """{% load i18n goals_extras %}<section class="card" aria-labelledby="history-heading">
  <h2 id="history-heading">{% translate "Historik" %}</h2>
  <div class="table-wrap">
    <table class="table">
      <caption>{% translate "Ändringar av målet, senaste först" %}</caption>
      <thead><tr><th scope="col">{% translate "När" %}</th><th scope="col">{% translate "Vem" %}</th><th scope="col">{% translate "Vad" %}</th></tr></thead>
      <tbody>
      {% goal_history_rows history %}
      </tbody>
    </table>
  </div>
</section>"""


def test_the_goals_facts_and_history_say_what_the_template_said(world):
    from django.utils import translation

    goal = _page_world(world)
    school_goal = GoalFactory(municipality=world.a, title="Skolans mål", school=world.school_a1, area="Läsa <&> skriva",
                              parent=goal)
    for g in (goal, school_goal, Goal.objects.get(municipality=world.a, title__startswith="Nämndens")):
        context = Context({"goal": g, "cascade": selectors.goal_cascade(goal=g), "municipality": world.a,
                           "history": selectors.goal_history(goal=g)})
        for language in ("sv", "en"):
            with translation.override(language):
                new = Template("{% load goals_extras %}{% goal_facts goal cascade.ancestors municipality %}|"
                               "{% goal_history_section history %}").render(context)
                assert new == Template(OLD_FACTS).render(context) + "|" + Template(OLD_HISTORY_SECTION).render(context)
    html = Template("{% load goals_extras %}{% goal_facts goal cascade.ancestors municipality %}").render(
        Context({"goal": school_goal, "cascade": selectors.goal_cascade(goal=school_goal), "municipality": world.a}))
    assert "Läsa &lt;&amp;&gt; skriva" in html and "Nämndens &lt;b&gt;mål&lt;/b&gt; &amp; mer" in html
