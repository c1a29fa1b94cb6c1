"""No download hands a spreadsheet program a formula from people's text (OWASP CSV injection).

Every export (the measurements as CSV and XLSX, the coordinator's data-export zip) passes its
cells through core.spreadsheet.safe_cell: text starting with =, +, -, @, a tab or a carriage
return gets a leading single quote; numbers, negative ones too, stay numbers.
"""

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from core.spreadsheet import safe_cell
from indicators.models import Indicator, Measurement

from ..commitments.factories import CommitmentFactory
from ..goals.factories import GoalFactory

EVIL = '=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize("text", [EVIL, "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1+1"])
def test_formula_like_text_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["", "Läsa mer", "1-2 gånger", 0, -3, Decimal("-3.5"), -2.25, None])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


def _measurements(world):
    # An indicator named after a column of someone's upload, a file name and a school of theirs.
    indicator = Indicator.objects.create(key="evil", name=EVIL, organiser_type="Samtliga", subject="@Matematik")
    Measurement.objects.create(indicator=indicator, municipality=world.a, school_year=2024, grade=9,
                               value=Decimal("-3.5"), source_file="-egen.xlsx")


def test_the_measurement_csv_quotes_formulas_and_keeps_negative_numbers(world, client_for):
    _measurements(world)
    response = client_for("larare").get(reverse("indicators:export_csv", kwargs={"municipality": world.a.slug}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    row = rows[1]
    assert row[0] == "'" + EVIL and row[2] == "'@Matematik" and row[11] == "'-egen.xlsx"
    assert row[7] == "-3,5"  # a value stays a number (decimal comma), never quoted


def test_the_measurement_xlsx_quotes_formulas_and_keeps_negative_numbers(world, client_for):
    _measurements(world)
    response = client_for("namnd").get(reverse("indicators:export_xlsx", kwargs={"municipality": world.a.slug}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    name, subject, value, source_file = sheet["A2"], sheet["C2"], sheet["H2"], sheet["L2"]
    assert (name.value, name.data_type) == ("'" + EVIL, "s")
    assert subject.value == "'@Matematik" and source_file.value == "'-egen.xlsx"
    assert (value.value, value.data_type) == (-3.5, "n")


def test_the_data_export_zip_quotes_formulas_in_titles_and_keeps_numbers(world, client_for):
    GoalFactory(municipality=world.a, title=EVIL, description="\t=1+1")
    CommitmentFactory(municipality=world.a, title=EVIL, description="")
    _measurements(world)
    response = client_for("coordinator").get(reverse("core:municipality_export", kwargs={"municipality": world.a.slug}))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    book = openpyxl.load_workbook(io.BytesIO(archive.read("kalkylblad.xlsx")))

    def column(sheet_name, field):
        rows = list(book[sheet_name].iter_rows())
        index = [c.value for c in rows[0]].index(field)
        return [r[index] for r in rows[1:]]

    goal_title, goal_description = column("goals_goal", "title")[0], column("goals_goal", "description")[0]
    assert (goal_title.value, goal_title.data_type) == ("'" + EVIL, "s")
    assert goal_description.value == "'\t=1+1"
    assert column("commitments_commitment", "title")[0].value == "'" + EVIL
    assert column("commitments_commitment", "description")[0].value in (None, "")  # empty stays empty
    value = column("indicators_measurement", "value")[0]
    assert (value.value, value.data_type) == (-3.5, "n")
