"""Every output of a mapping renders the one selector's cells (issue 12): pages, the network's
views, the data export. None shows a standard deviation or an individual answer."""

import io
import json
import zipfile

from django.urls import reverse

from municipalities.models import Level

from .factories import answer_all, make_mapping, members


def _mapping_with_one_politician(world, **kw):
    mapping = make_mapping(world.a, open_=False, threshold=3, **kw)
    answer_all(mapping, world.user("namnd"), Level.NAMND, 6, comment="Hemlig kommentar")
    for user in members(world.a, Level.LARARE, 4):
        answer_all(mapping, user, Level.LARARE, 2, comment="Vi hör sällan något tillbaka.")
    return mapping


def test_data_export_holds_the_shown_figures_and_no_individual_answer(world, client_for):
    _mapping_with_one_politician(world)
    response = client_for("coordinator").get("/k/alby/export.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert not any("answer" in name or "response" in name or "roster" in name for name in names)
    everything = b"".join(archive.read(name) for name in names if name.endswith(".json"))
    assert b"Hemlig kommentar" not in everything
    rows = json.loads(archive.read("json/reviews_mapping_results.json"))
    first = [r for r in rows if r["statement"] == rows[0]["statement"]]
    by_level = {r["level"]: r for r in first}
    # The politician alone is hidden, the teachers too (else total minus teachers = the politician).
    assert by_level["Nämnd (politiker)"]["hidden"] == "few" and by_level["Nämnd (politiker)"]["mean"] is None
    assert by_level["Lärare"]["hidden"] == "protect" and by_level["Lärare"]["mean"] is None
    assert by_level["Hela kommunen"]["mean"] == 2.8 and by_level["Hela kommunen"]["answers"] == 5


def test_no_page_shows_a_standard_deviation(world, client_for):
    mapping = make_mapping(world.a, open_=False, published=True, threshold=3)
    for i, user in enumerate(members(world.a, Level.LARARE, 4)):
        answer_all(mapping, user, Level.LARARE, 2 + i % 2)
    own = client_for("namnd").get(
        reverse("reviews:results", kwargs={"municipality": "alby", "pk": mapping.pk})
    ).content.decode()
    network = client_for("peer").get(
        reverse("reviews:network_mapping", kwargs={"network": "natverk-norr", "pk": mapping.pk})
    ).content.decode()
    for html in (own, network):
        assert "2,5" in html and "n=4" in html
        assert "±" not in html and "standardavvikelse" not in html


def test_heatmap_means_are_formatted_as_floatformat_would():
    """reviews_tags.heat_row formats means itself (issue 18): half up, one decimal, a comma."""
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    from reviews.templatetags.reviews_tags import _one_decimal

    with translation.override("sv"):
        # Means, and changes since the previous mapping (negative ones, some rounding to zero).
        for value in [i / 40 for i in range(-240, 241)] + [2.25, 2.35, 3.45, 1.05, 5.95, 10 / 3, 17 / 6, -0.04, -0.05]:
            assert _one_decimal(value, ",") == str(floatformat(value, 1)), value
