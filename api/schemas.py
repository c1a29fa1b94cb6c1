"""What the read API returns: the OpenAPI document is generated from these (django-ninja, pydantic).

Field names are English, as in the code; level values are the product's (namnd, forvaltning,
rektor, larare), with ``total`` for the whole municipality where figures are added up.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

LevelValue = Literal["namnd", "forvaltning", "rektor", "larare"]


class Page(Schema):
    count: int = Field(description="Hur många rader filtren ger, på alla sidor.")
    page: int
    pages: int
    page_size: int


# --- Goals -----------------------------------------------------------------------------------------

class PointOut(Schema):
    school_year: int = Field(description="Läsåret, angivet som vårterminens år (2024 = läsåret 2023/24).")
    grade: int | None
    value: Decimal | None = Field(description="Tomt när värdet är skyddat eller saknas (se marker).")
    marker: str = Field(description="Skolverkets markering för ett värde som inte visas, t.ex. '.' eller '..'.")


class GoalIndicatorOut(Schema):
    indicator_id: int
    indicator: str
    unit: str
    direction: str
    grade: int | None
    baseline_value: Decimal
    baseline_year: int
    target_value: Decimal
    target_year: int
    status: Literal["reached", "on_track", "behind", "no_new_value"]
    status_label: str
    progress_percent: int | None = Field(description="Andel av vägen från utgångsvärdet till målvärdet.")
    time_percent: int | None = Field(description="Andel av tiden från utgångsåret till målåret som har gått.")
    latest: PointOut | None
    series: list[PointOut]
    national: list[PointOut]
    is_school_level: bool


class GoalOut(Schema):
    id: int
    municipality: str = Field(description="Kommunens kortnamn (slug).")
    title: str
    description: str
    area: str
    level: LevelValue
    school: str | None
    parent_id: int | None
    status: str
    starts_on: datetime.date
    target_on: datetime.date
    adopted_on: datetime.date | None
    indicators: list[GoalIndicatorOut]


class GoalPage(Page):
    results: list[GoalOut]


# --- Measurements ----------------------------------------------------------------------------------

class MeasurementOut(Schema):
    id: int
    indicator_id: int
    indicator: str
    unit: str
    subject: str
    school: str | None
    school_year: int
    grade: int | None
    value: Decimal | None
    marker: str
    source: str


class MeasurementPage(Page):
    results: list[MeasurementOut]


# --- Mapping results (the anonymity rule applied by reviews.selectors) --------------------------------

class CountOut(Schema):
    value: int
    label: str
    count: int | None


class CellOut(Schema):
    level: Literal["namnd", "forvaltning", "rektor", "larare", "total"]
    hidden: str | None = Field(description="Varför cellen är dold (för få svar); då saknas alla siffror.")
    answers: int | None
    dont_know: int | None
    mean: float | None = Field(description="Medelvärdet på skalan (skalmallar).")
    counts: list[CountOut] = Field(description="Hur många valde varje alternativ (flervalsmallar).")


class StatementOut(Schema):
    key: str
    text: str
    cells: list[CellOut]


class ParticipationOut(Schema):
    level: LevelValue
    asked: int
    submitted: int
    counted: int


class MappingResultsOut(Schema):
    id: int
    municipality: str
    title: str
    template: str
    kind: str
    opens_on: datetime.date
    closes_on: datetime.date
    threshold: int = Field(description="Anonymitetsgränsen: en cell visas bara med minst så många svar.")
    available: bool = Field(description="Falskt medan kartläggningen är öppen: då visas inga siffror.")
    participation: list[ParticipationOut]
    statements: list[StatementOut]


class MappingResultsPage(Page):
    results: list[MappingResultsOut]


# --- Commitments -----------------------------------------------------------------------------------

class UpdateOut(Schema):
    id: int
    done_on: datetime.date
    text: str
    confidence: int | None
    author: str | None
    has_attachment: bool


class CommitmentOut(Schema):
    id: int
    municipality: str
    title: str
    description: str
    levels: list[LevelValue]
    status: str
    status_label: str
    due_on: datetime.date
    owner: str | None
    schools: list[str]
    meeting_id: int | None
    created: datetime.datetime
    updates: list[UpdateOut]


class CommitmentPage(Page):
    results: list[CommitmentOut]


# --- Meetings and participation --------------------------------------------------------------------

class LevelAttendanceOut(Schema):
    level: LevelValue
    registered: int
    attended: int


class MunicipalityAttendanceOut(Schema):
    municipality: str
    levels: list[LevelAttendanceOut]


class MeetingOut(Schema):
    id: int
    network: str
    round: int
    theme: str
    starts: datetime.datetime
    ends: datetime.datetime
    place: str
    attendance_taken: bool
    participation: list[MunicipalityAttendanceOut]


class MeetingPage(Page):
    results: list[MeetingOut]


# --- Success factors -------------------------------------------------------------------------------

class FigureOut(Schema):
    label: str
    value: str | None = Field(description="Som texten på sidan; tomt när uppgift saknas.")
    part: int | None
    whole: int | None
    percent: int | None
    rule: str


class LevelFigureOut(Schema):
    level: LevelValue
    label: str
    home: FigureOut
    meetings: FigureOut


class PanelOut(Schema):
    key: str
    title: str
    rule: str
    figures: list[FigureOut]
    levels: list[LevelFigureOut]


class SuccessFactorsOut(Schema):
    panels: list[PanelOut]


class ErrorOut(Schema):
    detail: str | list | dict
