"""Rows for the reviews (mapping) pages.

There is no URL that shows another person's answers: the answer page always shows the
signed-in person's own (tests/reviews/test_views.py checks it), so no row can name one.
"""

from . import FORBIDDEN, FOUND, NOT_FOUND, OK, Row, expect, municipality_page, network_page


def _in_a(world, obj) -> dict:
    # A pk under municipality A (a network page reverses with both; the view ignores the slug).
    return {"municipality": world.a.slug, "pk": obj.pk}


def _in_n(world, obj) -> dict:
    return {"network": world.network.slug, "pk": obj.pk}


def _open_mapping(world):
    from ..reviews.factories import make_mapping

    m = world.extra.get("mapping_open") or make_mapping(world.a, title="Öppen")
    world.extra["mapping_open"] = m
    return _in_a(world, m)


def _closed_mapping(world):
    from ..reviews.factories import make_mapping

    m = world.extra.get("mapping_closed") or make_mapping(world.a, open_=False, title="Stängd")
    world.extra["mapping_closed"] = m
    return _in_a(world, m)


def _published_mapping(world):
    from ..reviews.factories import make_mapping

    m = world.extra.get("mapping_published") or make_mapping(world.a, open_=False, published=True, title="Delad")
    world.extra["mapping_published"] = m
    return _in_a(world, m)


def _published_in_n(world):
    return {"network": world.network.slug, "pk": _published_mapping(world)["pk"]}


def _closed_in_n(world):
    return {"network": world.network.slug, "pk": _closed_mapping(world)["pk"]}


def _other_municipality_mapping(world):
    from ..reviews.factories import make_mapping

    return _in_a(world, make_mapping(world.b, open_=False, title="B:s"))


def _network_template(world):
    from django.utils.translation import override

    from reviews.services import template_copy

    from ..reviews.factories import skr_template

    t = world.extra.get("network_template")
    if t is None:
        with override("sv"):
            t = template_copy(template=skr_template(), network=world.network, by=world.user("leader"))
        world.extra["network_template"] = t
    return _in_n(world, t)


def _shipped_template(world):
    from ..reviews.factories import skr_template

    return _in_n(world, skr_template())


def _other_network_template(world):
    from reviews.services import template_copy

    from ..reviews.factories import skr_template

    return _in_n(world, template_copy(template=skr_template(), network=world.other_network, by=None))


ROWS = [
    Row("reviews:list", municipality_page()),
    Row("reviews:open", municipality_page(members=FORBIDDEN, coordinator=OK)),
    Row("reviews:detail", municipality_page(), kwargs=_open_mapping),
    # The leader never opens a municipality's mapping: not even a published one, whose
    # aggregate the network pages show.
    Row("reviews:detail", municipality_page(), kwargs=_published_mapping, note="published: still the municipality's"),
    Row("reviews:detail", municipality_page(members=NOT_FOUND), kwargs=_other_municipality_mapping,
        note="another municipality's mapping id under A"),
    Row("reviews:answer", municipality_page(), kwargs=_open_mapping),
    Row("reviews:answer", municipality_page(), kwargs=_closed_mapping, note="closed: own answers read-only"),
    Row("reviews:results", municipality_page(), kwargs=_closed_mapping),
    Row("reviews:results", municipality_page(members=NOT_FOUND), kwargs=_other_municipality_mapping,
        note="another municipality's results under A"),
    Row("reviews:close", municipality_page(members=FORBIDDEN, coordinator=FOUND), kwargs=_open_mapping, method="post"),
    Row("reviews:publish", municipality_page(members=FORBIDDEN, coordinator=FOUND), kwargs=_closed_mapping,
        method="post"),
    Row("reviews:network_results", network_page()),
    Row("reviews:network_mapping", network_page(), kwargs=_published_in_n),
    Row("reviews:network_mapping", expect(NOT_FOUND, anonymous=FOUND), kwargs=_closed_in_n,
        note="unpublished: not shared, 404 for everyone on the network side"),
    Row("reviews:templates", network_page(members=FORBIDDEN)),
    Row("reviews:template_edit", network_page(members=FORBIDDEN), kwargs=_network_template),
    Row("reviews:template_edit", network_page(members=FORBIDDEN, leader=NOT_FOUND), kwargs=_shipped_template,
        note="shipped templates are copied, never edited"),
    Row("reviews:template_edit", network_page(members=FORBIDDEN, leader=NOT_FOUND), kwargs=_other_network_template,
        note="another network's copy"),
    Row("reviews:template_copy", network_page(members=FORBIDDEN, leader=FOUND), kwargs=_shipped_template,
        method="post"),
]
