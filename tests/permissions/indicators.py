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


def _import(world, **tenant):
    from indicators.models import ImportStatus, StatisticsImport

    row = StatisticsImport.objects.create(filename="tabell.csv", status=ImportStatus.DONE, **tenant)
    return row.pk


def _import_a(world):
    return {"municipality": world.a.slug, "pk": _import(world, municipality=world.a)}


def _import_b_under_a(world):
    return {"municipality": world.a.slug, "pk": _import(world, municipality=world.b)}


def _import_n(world):
    return {"network": world.network.slug, "pk": _import(world, network=world.network)}


def _import_a_under_n(world):
    return {"network": world.network.slug, "pk": _import(world, municipality=world.a)}


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
    Row("indicators:kolada", municipality_page(members=FORBIDDEN, coordinator=OK),
        note="choosing Kolada's key figures is an import: coordinators"),
    Row(
        "indicators:kolada",
        municipality_page(members=FORBIDDEN, coordinator=FOUND),
        method="post",
        data=lambda world: {"kpis": "N15428", "group": "", "own_codes": "1489"},
        note="a valid selection is saved and redirects",
    ),
    Row(
        "indicators:kolada",
        municipality_page(members=FORBIDDEN, coordinator=FOUND),
        method="post",
        data=lambda world: {"action": "fetch"},
        note="Hämta nu: coordinators only (without a selection it says so and redirects)",
    ),
    Row("indicators:import_detail", municipality_page(members=FORBIDDEN, coordinator=OK), kwargs=_import_a),
    Row(
        "indicators:import_detail",
        municipality_page(members=NOT_FOUND, larare=FORBIDDEN, rektor=FORBIDDEN, namnd=FORBIDDEN,
                          forvaltning=FORBIDDEN),
        kwargs=_import_b_under_a,
        note="B's import under A's address: the right is checked first (403), then the row is not found",
    ),
    Row("indicators:network_import_detail", network_page(members=FORBIDDEN), kwargs=_import_n),
    Row(
        "indicators:network_import_detail",
        network_page(members=FORBIDDEN, leader=NOT_FOUND),
        kwargs=_import_a_under_n,
        note="a municipality's own import is not the network's",
    ),
]
