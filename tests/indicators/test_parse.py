"""Number and marker parsing: decimal comma, thousands separators, markers, garbage."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.importer.parse import BadValue, GradeFound, find_grade, parse_cell, spring_year

SEPARATORS = [" ", "\u00a0", "\u202f"]


def swedish(value: Decimal, sep: str) -> str:
    """Write a non-negative Decimal as Skolverket does: groups of three, decimal comma."""
    whole, _, frac = f"{value:f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sep.join(groups) + (f",{frac}" if frac else "")


@given(
    st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False, allow_infinity=False),
    st.sampled_from(SEPARATORS),
)
def test_swedish_numbers_round_trip(value, sep):
    assert parse_cell(swedish(value, sep)) == (value, "")


@given(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_negative_and_plain_numbers(value):
    text = f"{value:f}".replace(".", ",")
    assert parse_cell(text) == (value, "")


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_workbook_floats_keep_their_decimal_digits(number):
    value, marker = parse_cell(number)
    assert marker == "" and value == Decimal(str(number))


@pytest.mark.parametrize("marker", [".", "..", "~100"])
def test_markers_are_markers_never_numbers(marker):
    assert parse_cell(marker) == (None, marker)
    assert parse_cell(f" {marker} ") == (None, marker)


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_empty_cells_are_empty(cell):
    assert parse_cell(cell) == (None, "")


@pytest.mark.parametrize(
    "garbage", ["12,3,4", "1 39", "12 3456", "abc", "84.3.1", "1,2,", ",5", "~99", "...", "1e5", "12%", "--1", "NaN"]
)
def test_garbage_is_rejected(garbage):
    with pytest.raises(BadValue):
        parse_cell(garbage)


@given(st.text(alphabet="0123456789, .~abc\u00a0-", min_size=1, max_size=12))
def test_anything_either_parses_exactly_or_is_rejected(text):
    """No input is ever half-understood: a number, a marker, empty, or BadValue."""
    try:
        value, marker = parse_cell(text)
    except BadValue:
        return
    stripped = text.strip()
    if marker:
        assert marker == stripped and value is None
    elif value is None:
        assert stripped == ""
    else:
        digits = stripped.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        assert value == Decimal(digits)
        assert stripped.count(",") <= 1


@given(st.integers(min_value=1990, max_value=2098))
def test_school_year_is_the_spring_year(start):
    assert spring_year(f"{start}/{(start + 1) % 100:02d}") == start + 1
    assert spring_year(f"{start}/{(start + 2) % 100:02d}") is None


def test_grade_in_text():
    assert find_grade("Betyg årskurs 6, andel").grade == 6
    assert find_grade("Kommun_Åk9.xlsx").grade == 9
    assert find_grade("Andel (%) flickor, årskurs 1-9").grade is None  # a range: not one grade
    assert find_grade("Antal elever per årskurs") is None
    # Förskoleklass is no grade, but the column says where its values belong: stated, no grade.
    assert find_grade("Elever, förskoleklass") == GradeFound(grade=None, span=(8, 21))
    assert find_grade("Andel (%) flickor, förskoleklass").grade is None
