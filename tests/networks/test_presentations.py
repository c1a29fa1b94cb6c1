"""The meeting page's running order shows each municipality's published mapping result."""

from django.urls import reverse

from municipalities.models import Level

from ..reviews.factories import answer_all, make_mapping, members
from .factories import MeetingFactory, RoundFactory


def test_running_order_links_published_results_and_names_the_largest_gap(world, client_for):
    round_ = RoundFactory(network=world.network, number=1)
    meeting = MeetingFactory(round=round_)
    published = make_mapping(world.a, open_=False, published=True, title="Styrning HT", round=round_, threshold=3)
    for user in members(world.a, Level.NAMND, 4):
        answer_all(published, user, Level.NAMND, 5)
    for user in members(world.a, Level.LARARE, 4):
        answer_all(published, user, Level.LARARE, 2)
    make_mapping(world.b, open_=False, published=False, title="Bstads utkast", round=round_)

    html = client_for("leader").get(
        reverse("networks:meeting", kwargs={"network": world.network.slug, "meeting_id": meeting.pk})
    ).content.decode()
    assert reverse("reviews:network_mapping", kwargs={"network": world.network.slug, "pk": published.pk}) in html
    assert "Resultat: Styrning HT" in html
    assert "Största skillnaden" in html and "5,0" in html and "2,0" in html
    assert "Bstads utkast" not in html  # not published: it stays in Bstad
    assert "Ingen publicerad kartläggning för omgången ännu." in html


def test_the_running_order_escapes_names_and_says_why_a_municipality_has_no_result():
    from types import SimpleNamespace

    from networks.templatetags.networks_tags import running_order

    mapping = type("M", (), {"pk": 7, "__str__": lambda self: "Styrning <HT> & VT"})()
    with_result = SimpleNamespace(municipality=SimpleNamespace(name="Alby <kommun>"), mapping=mapping, results=None)
    without = SimpleNamespace(municipality=SimpleNamespace(name="Bstad"), mapping=None, results=None)
    html = running_order([with_result, without], "natverk-norr", True)
    assert html.count("<li>") == 2
    assert "<strong>Alby &lt;kommun&gt;</strong>" in html
    assert '<a href="/n/natverk-norr/kartlaggningar/7/">Resultat: Styrning &lt;HT&gt; &amp; VT</a>' in html
    assert "Ingen publicerad kartläggning för omgången ännu." in html
    assert "visas här när kartläggningarna finns" in running_order([without], "natverk-norr", False)


def test_the_meeting_page_reads_each_once(world, client_for, get_cold):
    """With nothing kept (issue 18): the session and user (2), the network and the leader's
    memberships (2), the meeting, the invitations' mailing, the leader's registration, the member
    municipalities, their published mappings, the mappings' statements and the attendance. No
    scale: the running order shows means, not an answer's step."""
    round_ = RoundFactory(network=world.network, number=1)
    meeting = MeetingFactory(round=round_)
    for municipality in (world.a, world.b):
        mapping = make_mapping(municipality, open_=False, published=True, round=round_, threshold=3)
        for user in members(municipality, Level.NAMND, 4):
            answer_all(mapping, user, Level.NAMND, 5)
    url = reverse("networks:meeting", kwargs={"network": world.network.slug, "meeting_id": meeting.pk})
    html = get_cold(client_for("leader"), url, max_queries=11).content.decode()
    assert html.count("Resultat: ") == 2


def _running_order_by_format_html(presentations, network_slug, mappings_available):
    """The running order as the tag built it before one reverse() served every link (issue 18):
    format_html per item, a reverse() per link. The tag must give the same HTML."""
    from django.utils.formats import get_format
    from django.utils.html import format_html, format_html_join
    from django.utils.translation import gettext

    from networks.templatetags.networks_tags import _gap_text
    from reviews.templatetags.reviews_tags import _one_decimal

    why = (gettext("Ingen publicerad kartläggning för omgången ännu.") if mappings_available
           else gettext("Kartläggningens resultat visas här när kartläggningarna finns i tjänsten."))
    missing = format_html('<span class="role">{}</span>', why)
    separator = get_format("DECIMAL_SEPARATOR")

    def gap_html(gap):
        if gap is None:
            return ""
        text = _gap_text() % {
            "statement": gap.statement.label, "high_label": gap.high_label, "high": _one_decimal(gap.high, separator),
            "low_label": gap.low_label, "low": _one_decimal(gap.low, separator),
        }
        return format_html('<span class="role">{}</span>', text)

    def item(p):
        if not p.mapping:
            return p.municipality.name, missing
        url = reverse("reviews:network_mapping", kwargs={"network": network_slug, "pk": p.mapping.pk})
        gap = p.results.largest_gap if p.results is not None else None
        return p.municipality.name, format_html('<span class="role"><a href="{}">{}</a></span>\n{}', url,
                                                gettext("Resultat: %(mapping)s") % {"mapping": p.mapping}, gap_html(gap))

    return format_html_join("\n", "<li><strong>{}</strong>\n{}</li>", (item(p) for p in presentations))


def test_the_running_order_tag_gives_the_html_format_html_gave_in_both_languages():
    """One reverse() for every link and plain escaped strings (issue 18): the same HTML as a
    reverse() and format_html per item, for ids of any length, a gap, user text with markup and
    both languages."""
    from types import SimpleNamespace

    from django.utils import translation

    from networks.templatetags.networks_tags import running_order
    from reviews.selectors import Gap

    def mapping(pk, title):
        return type("M", (), {"pk": pk, "__str__": lambda self: title})()

    statement = SimpleNamespace(label='Vi "följer upp" <målen> & resultaten')
    gap = Gap(statement, "namnd", "Nämnd <&>", 5.0, "larare", "Lärare", 2.25)
    presentations = [
        SimpleNamespace(municipality=SimpleNamespace(name="Alby <kommun> & 'co'"), mapping=mapping(1, "Styrning <HT>"),
                        results=SimpleNamespace(largest_gap=gap)),
        SimpleNamespace(municipality=SimpleNamespace(name="Bstad"), mapping=None, results=None),
        SimpleNamespace(municipality=SimpleNamespace(name="Cby"), mapping=mapping(123456, "Vår \"kartläggning\""),
                        results=None),
        SimpleNamespace(municipality=SimpleNamespace(name="Dala"), mapping=mapping(11, "HT"),
                        results=SimpleNamespace(largest_gap=None)),
    ]
    for language in ("sv", "en"):
        with translation.override(language):
            for available in (True, False):
                new = running_order(presentations, "natverk-1", available)
                assert new == _running_order_by_format_html(presentations, "natverk-1", available)
    assert "&lt;målen&gt; &amp;" in new and "Nämnd &lt;&amp;&gt;" in new
    assert '<a href="/n/natverk-1/kartlaggningar/123456/">' in new


def test_the_meeting_pages_mappings_are_read_with_what_the_running_order_shows(world, django_assert_num_queries):
    """The published mappings are read without the columns the running order does not show, and
    their statements without areas (issue 18): the summaries and the running order read no
    further column, and the summaries are those of the full read."""
    from networks.selectors import meeting_presentations
    from networks.templatetags.networks_tags import running_order
    from reviews import selectors as review_selectors

    round_ = RoundFactory(network=world.network, number=1)
    meeting = MeetingFactory(round=round_)
    for municipality, value in ((world.a, 5), (world.b, 2)):
        mapping = make_mapping(municipality, open_=False, published=True, round=round_, threshold=3)
        for user in members(municipality, Level.NAMND, 4):
            answer_all(mapping, user, Level.NAMND, value)
        for user in members(municipality, Level.LARARE, 4):
            answer_all(mapping, user, Level.LARARE, 1)
    presentations, available = meeting_presentations(meeting=meeting)  # counts and keeps the figures
    presentations, available = meeting_presentations(meeting=meeting)
    with django_assert_num_queries(0):
        html = running_order(presentations, world.network.slug, available)
    assert html.count("Resultat: ") == 2 and html.count("Största skillnaden") == 2
    for p in presentations:
        full = review_selectors.mapping_summaries(mappings=[review_selectors.mapping_get(
            municipality=p.municipality, pk=p.mapping.pk)])[p.mapping.pk]
        assert p.results.largest_gap.statement.pk == full.largest_gap.statement.pk
        assert p.results.largest_gap.statement.label == full.largest_gap.statement.label
        assert [(sr.statement.pk, sr.total) for sr in p.results.statements] == [
            (sr.statement.pk, sr.total) for sr in full.statements]


def test_a_municipality_presents_the_mapping_it_published_last_for_the_round(world):
    """The latest share wins (sorted in Python since issue 18, as ORDER BY shared_at DESC, id
    DESC did): a mapping made first but published last is the one presented; on the same moment
    the newer mapping."""
    import datetime

    from django.utils import timezone

    from networks.selectors import meeting_presentations
    from reviews.models import MappingShare

    round_ = RoundFactory(network=world.network, number=1)
    meeting = MeetingFactory(round=round_)
    first = make_mapping(world.a, open_=False, published=True, round=round_, title="Gjord först")
    second = make_mapping(world.a, open_=False, published=True, round=round_, title="Gjord sedan")
    other = make_mapping(world.b, open_=False, published=True, round=round_, title="Bstads")
    MappingShare.objects.filter(mapping=first).update(shared_at=timezone.now() + datetime.timedelta(hours=1))
    presented = {p.municipality.pk: p.mapping for p in meeting_presentations(meeting=meeting)[0] if p.mapping}
    assert presented == {world.a.pk: first, world.b.pk: other}
    moment = timezone.now()
    MappingShare.objects.filter(mapping__in=[first, second]).update(shared_at=moment)
    presented = {p.municipality.pk: p.mapping for p in meeting_presentations(meeting=meeting)[0] if p.mapping}
    assert presented[world.a.pk] == second
