"""The value-added rule on plain values (progression.calculation)."""

from decimal import Decimal

from progression.calculation import Basis, Point, signed, value_added, weighted_means


def _p(year, grade, value, term="vt"):
    return Point(school_year=year, term=term, grade=grade, value=None if value is None else Decimal(value))


def test_value_added_is_change_minus_the_municipal_cohorts_change():
    points = [_p(2023, 1, "60"), _p(2024, 2, "66"), _p(2025, 3, "72")]
    municipal = {(2023, "vt"): Decimal("62"), (2025, "vt"): Decimal("66")}
    va = value_added(points, basis=Basis.MUNICIPALITY, municipal=municipal, national={})
    assert va.change == 12 and va.expected == 4 and va.value_added == 8
    assert va.direction == "up"


def test_value_added_against_the_nation_uses_the_same_grades_and_years():
    points = [_p(2022, 6, "80"), _p(2025, 9, "74")]
    national = {(2022, 6): Decimal("85"), (2025, 9): Decimal("84")}
    va = value_added(points, basis=Basis.NATION, municipal={}, national=national)
    assert va.change == -6 and va.expected == -1 and va.value_added == -5
    assert va.direction == "down"


def test_hidden_points_take_no_part():
    points = [_p(2023, 1, None), _p(2024, 2, "50"), _p(2025, 3, "55")]
    va = value_added(points, basis=Basis.MUNICIPALITY, municipal={(2024, "vt"): Decimal(50), (2025, "vt"): Decimal(50)},
                     national={})
    assert va.start.school_year == 2024 and va.value_added == 5


def test_no_value_added_without_two_shown_points_or_an_expectation():
    assert value_added([_p(2023, 1, "60"), _p(2024, 2, None)], basis=Basis.MUNICIPALITY, municipal={},
                       national={}) is None
    va = value_added([_p(2023, 1, "60"), _p(2024, 2, "61")], basis=Basis.NATION, municipal={}, national={})
    assert va.expected is None and va.value_added is None


def test_municipal_mean_is_weighted_by_pupils_and_leaves_out_small_classes():
    rows = [("k", Decimal(60), 20), ("k", Decimal(90), 10), ("k", Decimal(0), 3)]
    assert weighted_means(rows, threshold=5) == {"k": Decimal(70)}


def test_signed_reads_in_swedish():
    assert signed(Decimal("4.46")) == "+4,5"
    assert signed(Decimal("-2")) == "−2"
    assert signed(Decimal("0.01")) == "±0"
