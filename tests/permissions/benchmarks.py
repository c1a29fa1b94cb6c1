"""Rows for the benchmark's floor page (issue 8): any signed-in person, no tenant data."""

from . import FOUND, OK, Row, expect

ROWS = [
    Row("benchmarks:floor", expect(OK, anonymous=FOUND), note="the benchmark's floor: the base template only"),
]
