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
