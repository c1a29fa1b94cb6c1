"""Rows for the indicators pages: statistics, manual entry, correction, import, export."""

from . import FORBIDDEN, FOUND, NOT_FOUND, OK, Row, municipality_page, network_page

EDITORS = {"forvaltning": OK, "coordinator": OK}


def _indicator(world):
    from indicators.models import Indicator

    if "indicator" not in world.extra:
        world.extra["indicator"] = Indicator.objects.create(key="test|samtliga|-|-", name="Andel (%) testmått",
                                                            organiser_type="Samtliga")
    return world.extra["indicator"]


def _measurement(world):
    from indicators.models import Measurement

    m = world.extra.get("measurement_a") or Measurement.objects.create(
        indicator=_indicator(world), municipality=world.a, school_year=2024, grade=9, value=70
    )
    world.extra["measurement_a"] = m
    return {"municipality": world.a.slug, "pk": m.pk}


def _foreign_measurement(world):
    from indicators.models import Measurement

    m = Measurement.objects.create(indicator=_indicator(world), municipality=world.b, school_year=2024, grade=9, value=55)
    return {"municipality": world.a.slug, "pk": m.pk}


ROWS = [
    Row("indicators:statistics", municipality_page()),
    Row("indicators:export_csv", municipality_page()),
    Row("indicators:export_xlsx", municipality_page()),
    Row("indicators:measurement_new", municipality_page(members=FORBIDDEN, **EDITORS)),
    Row("indicators:measurement", municipality_page(), kwargs=_measurement),
    Row(
        "indicators:measurement",
        municipality_page(members=NOT_FOUND),
        kwargs=_foreign_measurement,
        note="B's measurement under A's address is 404 for everyone, even A's members",
    ),
    Row(
        "indicators:measurement",
        municipality_page(members=FORBIDDEN, forvaltning=FOUND, coordinator=FOUND),
        kwargs=_measurement,
        method="post",
        data=lambda world: {"value": "71,5", "marker": ""},
        note="correcting is for coordinators and administration; a valid correction redirects",
    ),
    Row("indicators:import", municipality_page(members=FORBIDDEN, coordinator=OK)),
    Row("indicators:network_import", network_page(members=FORBIDDEN)),
]
