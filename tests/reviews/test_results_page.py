"""The results page's share section and gaps, built for speed (issue 18) with the same output."""

import re

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from networks.forms import ShareForm
from reviews import services
from reviews.models import Statement
from reviews.selectors import Gap
from reviews.templatetags.reviews_tags import gap_items

from ..factories import NetworkFactory, NetworkMembershipFactory
from .factories import make_mapping, publish


def _results(client, mapping) -> str:
    response = client.get(reverse("reviews:results", kwargs={"municipality": mapping.municipality.slug, "pk": mapping.pk}))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_share_section_reads_the_networks_once_however_many(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0  # every request does the whole work
    mapping = make_mapping(world.a, open_=False)
    client = client_for("coordinator")
    _results(client, mapping)  # the first request also loads the session

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            _results(client, mapping)
        return [q["sql"] for q in ctx.captured_queries]

    in_one = queries()
    for n in range(3):
        NetworkMembershipFactory(network=NetworkFactory(name=f"Extra {n}"), municipality=world.a)
    in_four = queries()
    assert len(in_one) == len(in_four), (len(in_one), len(in_four))
    # The form's choices come from the rows read with the shares, not from a server-side cursor.
    assert not [sql for sql in in_four if sql.startswith("DECLARE")]


def test_the_shares_are_listed_and_checked_among_the_networks_by_name(world, client_for):
    first_by_name = NetworkFactory(name="Aaa-nätverket")
    NetworkMembershipFactory(network=first_by_name, municipality=world.a)
    mapping = make_mapping(world.a, open_=False)
    services.mapping_publish(mapping=mapping, by=world.user("coordinator"), networks=[world.network])

    page = _results(client_for("coordinator"), mapping)
    assert f"Delat med {world.network.name} den" in page and f"Delat med {first_by_name.name}" not in page
    boxes = re.findall(r'<input type="checkbox" name="dela-networks" value="(\d+)"[^>]*?( checked)?>', page)
    assert boxes == [(str(first_by_name.pk), ""), (str(world.network.pk), " checked")]


def test_the_shared_badge_follows_the_shares_for_a_member_without_the_form(world, client_for):
    mapping = make_mapping(world.a, open_=False)
    assert "Delad med nätverket" not in _results(client_for("namnd"), mapping)
    publish(mapping)
    assert "Delad med nätverket" in _results(client_for("namnd"), mapping)


def test_the_share_form_renders_the_rows_it_is_given_without_a_query(world, django_assert_num_queries):
    form = ShareForm(network_ids=[world.network.pk], shared_ids=[], networks=[world.network], prefix="dela")
    with django_assert_num_queries(0):
        html = str(form["networks"])
    assert f'value="{world.network.pk}"' in html and world.network.name in html and "checked" in html


# The gaps' items as reviews/_gaps.html built them before the tag: the tag must say the same.
_TEMPLATE_ITEMS = Template(
    "{% load i18n %}{% for g in gaps %}<li><strong>{{ g.statement.label }}</strong>: {% blocktranslate with "
    "high_label=g.high_label high=g.high|floatformat:1 low_label=g.low_label low=g.low|floatformat:1 "
    "size=g.size|floatformat:1 %}{{ high_label }} skattar {{ high }}, {{ low_label }} {{ low }} (skillnad {{ size }})"
    "{% endblocktranslate %}</li>{% endfor %}"
)


def _gaps() -> list[Gap]:
    statement = Statement(text="<b>Vi & de</b> \"säger\"", short_label="")
    return [
        Gap(statement, "rektor", "<i>Rektor</i>", 4.25, "larare", "Lärare & co", 2.0),
        Gap(Statement(text="Lång", short_label="Kort"), "namnd", "Nämnd", 3.05, "larare", "Lärare", 2.95),
    ]


def test_gap_items_escape_every_label():
    with translation.override("sv"):
        html = str(gap_items(_gaps()))
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;Vi &amp; de&lt;/b&gt; &quot;säger&quot;" in html and "&lt;i&gt;Rektor&lt;/i&gt; skattar 4,3" in html
    assert "Lärare &amp; co 2,0 (skillnad 2,3)" in html


def test_gap_items_say_what_the_template_said():
    for language in ("sv", "en"):
        with translation.override(language):
            tag = str(gap_items(_gaps()))
            template = _TEMPLATE_ITEMS.render(Context({"gaps": _gaps()}))
        assert tag.replace("\n", "") == template, language


def test_a_closed_mappings_results_page_reads_eight_queries_whatever_its_answers(world, client_for, settings):
    """With nothing cached (issue 18): the session, the user, the membership, the mapping, its
    shares among the networks, the scale, the statements and the previous mapping. The cells,
    the participation and the number of comments shown are kept with the mapping once closed."""
    from municipalities.models import Level

    from .factories import answer_all, members

    settings.TENANT_CACHE_SECONDS = 0
    client = client_for("coordinator")
    counts = []
    for size in (4, 9):
        mapping = make_mapping(world.a, open_=False, threshold=3, title=f"Kartläggning {size}")
        for user in members(world.a, Level.LARARE, size):
            answer_all(mapping, user, Level.LARARE, 3)
        _results(client, mapping)  # the first read keeps the figures
        with CaptureQueriesContext(connection) as ctx:
            _results(client, mapping)
        counts.append(len(ctx.captured_queries))
    assert counts == [8, 8], counts


def _results_of(statements):
    """MappingResults of a scale template over ``statements``: (position, {level: {value: count}}, hidden levels)."""
    from reviews.aggregation import Cell
    from reviews.models import TemplateKind
    from reviews.selectors import MappingResults, StatementResult, _levels

    rows = []
    for position, counts, hidden in statements:
        cells = {level: Cell(level=level, counts=counts.get(level, {}), hidden="few" if level in hidden else None)
                 for level, _label in _levels()}
        rows.append(StatementResult(statement=Statement(pk=position, text=f"Påstående {position}", position=position),
                                    cells=cells, total=Cell(level="total")))
    return MappingResults(mapping=None, threshold=5, kind=TemplateKind.SCALE, scale=[], levels=_levels(),
                          statements=rows, participation=None)


def test_the_largest_gap_is_the_first_of_the_gaps_also_among_equal_ones():
    """MappingResults.largest_gap (issue 18: the meeting page's) is gaps[0], without sorting the rest:
    the largest difference, the earlier statement among equal ones, hidden cells and levels with
    no answers left out, and the first level among equal means."""
    cases = [
        [],
        [(1, {"namnd": {4: 1}}, ())],  # one level: no gap
        [(1, {"namnd": {3: 2}, "rektor": {3: 1}}, ())],  # equal means: no gap
        [(1, {"namnd": {5: 1}, "larare": {2: 1}}, ()), (2, {"rektor": {6: 1}, "larare": {1: 1}}, ())],
        [(2, {"namnd": {5: 1}, "larare": {2: 1}}, ()), (1, {"rektor": {6: 1}, "larare": {3: 1}}, ())],  # equal: position
        [(1, {"namnd": {6: 1}, "forvaltning": {6: 1}, "rektor": {1: 1}, "larare": {1: 1}}, ())],  # ties: first level
        [(1, {"namnd": {6: 1}, "larare": {1: 1}, "rektor": {4: 1}}, ("namnd",))],  # hidden: not counted
    ]
    for statements in cases:
        results = _results_of(statements)
        expected = _results_of(statements).gaps
        assert results.largest_gap == (expected[0] if expected else None), statements
        # Once the gaps are worked out, their first.
        assert results.gaps[:1] == ([results.largest_gap] if results.largest_gap else [])


def test_a_network_the_municipality_is_not_in_cannot_be_posted_to_the_share_form(world, client_for):
    # The form shown is built from the rows the page read; a posted one is still checked against
    # the municipality's own networks.
    mapping = make_mapping(world.a, open_=False)
    url = reverse("reviews:publish", kwargs={"municipality": world.a.slug, "pk": mapping.pk})
    response = client_for("coordinator").post(url, {"dela-networks": [world.other_network.pk]}, follow=True)
    assert "Välj bland kommunens nätverk." in response.content.decode()
    assert not mapping.shares.exists()
    client_for("coordinator").post(url, {"dela-networks": [world.network.pk]})
    assert list(mapping.shares.values_list("network", flat=True)) == [world.network.pk]


def test_a_posted_share_form_given_the_rows_still_checks_the_choice_against_the_municipalitys_networks(world):
    data = {"dela-networks": [world.other_network.pk]}
    form = ShareForm(data, network_ids=[world.network.pk], shared_ids=[], networks=[world.network], prefix="dela")
    assert not form.is_valid() and "networks" in form.errors
    form = ShareForm({"dela-networks": [world.network.pk]}, network_ids=[world.network.pk], shared_ids=[],
                     networks=[world.network], prefix="dela")
    assert form.is_valid() and [n.pk for n in form.cleaned_data["networks"]] == [world.network.pk]
