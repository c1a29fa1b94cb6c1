"""The read API's figures as CSV for Excel: one flat row per fact, from the same dicts as the JSON.

Written as the statistics download is (indicators.export): semicolons, decimal comma, a BOM, so
that Swedish Excel opens the file as it is; every text cell through ``core.spreadsheet.safe_cell``
(no formulas from people's text). Column names are the JSON's field names, stable for Power Query.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

from core.spreadsheet import safe_cell
from indicators.models import format_value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format_value(value)
    if isinstance(value, float):
        return format_value(Decimal(str(value)))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return safe_cell(str(value))


def csv_response(header: list[str], rows: Iterable[dict], *, filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in header])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


GOAL_COLUMNS = [
    "goal_id", "municipality", "title", "area", "level", "school", "parent_id", "status", "starts_on", "target_on",
    "adopted_on", "indicator_id", "indicator", "unit", "grade", "baseline_value", "baseline_year", "target_value",
    "target_year", "indicator_status", "progress_percent", "time_percent", "latest_school_year", "latest_value",
]


def goal_rows(goals: list[dict]) -> Iterable[dict]:
    """One row per goal and indicator (a goal without indicators: one row, indicator columns empty)."""
    for goal in goals:
        base = {k: goal[k] for k in ("municipality", "title", "area", "level", "school", "parent_id", "status",
                                     "starts_on", "target_on", "adopted_on")}
        base["goal_id"] = goal["id"]
        if not goal["indicators"]:
            yield base
        for ind in goal["indicators"]:
            latest = ind["latest"] or {}
            yield {
                **base, **{k: ind[k] for k in ("indicator_id", "indicator", "unit", "grade", "baseline_value",
                                              "baseline_year", "target_value", "target_year", "progress_percent",
                                              "time_percent")},
                "indicator_status": ind["status"], "latest_school_year": latest.get("school_year"),
                "latest_value": latest.get("value"),
            }


MEASUREMENT_COLUMNS = [
    "id", "indicator_id", "indicator", "unit", "subject", "school", "school_year", "grade", "value", "marker", "source",
]

MAPPING_COLUMNS = [
    "mapping_id", "municipality", "title", "template", "opens_on", "closes_on", "threshold", "available",
    "statement_key", "statement_text", "level", "hidden", "answers", "dont_know", "mean", "counts",
]


def mapping_rows(mappings: list[dict]) -> Iterable[dict]:
    """One row per mapping, statement and level (or total): the cells of the results page."""
    for m in mappings:
        base = {k: m[k] for k in ("municipality", "title", "template", "opens_on", "closes_on", "threshold", "available")}
        base["mapping_id"] = m["id"]
        for st in m["statements"]:
            for cell in st["cells"]:
                yield {
                    **base, "statement_key": st["key"], "statement_text": st["text"], "level": cell["level"],
                    "hidden": cell["hidden"], "answers": cell["answers"], "dont_know": cell["dont_know"],
                    "mean": cell["mean"],
                    "counts": " | ".join(f"{c['label']}: {c['count']}" for c in cell["counts"]),
                }


COMMITMENT_COLUMNS = [
    "id", "municipality", "title", "levels", "status", "status_label", "due_on", "owner", "schools", "meeting_id",
    "created", "updates", "latest_update_on", "latest_update", "latest_confidence",
]


def commitment_rows(commitments: list[dict]) -> Iterable[dict]:
    """One row per commitment with its number of updates and the latest one."""
    for c in commitments:
        latest = c["updates"][0] if c["updates"] else {}
        yield {
            **c, "levels": ", ".join(c["levels"]), "schools": ", ".join(c["schools"]), "updates": len(c["updates"]),
            "latest_update_on": latest.get("done_on"), "latest_update": latest.get("text"),
            "latest_confidence": latest.get("confidence"),
        }


MEETING_COLUMNS = [
    "meeting_id", "network", "round", "theme", "starts", "ends", "place", "attendance_taken", "municipality", "level",
    "registered", "attended",
]


def meeting_rows(meetings: list[dict]) -> Iterable[dict]:
    """One row per meeting, municipality and level."""
    for m in meetings:
        base = {k: m[k] for k in ("network", "round", "theme", "starts", "ends", "place", "attendance_taken")}
        base["meeting_id"] = m["id"]
        for row in m["participation"]:
            for lv in row["levels"]:
                yield {**base, "municipality": row["municipality"], **lv}


SUCCESS_COLUMNS = ["panel", "panel_title", "level", "kind", "label", "value", "part", "whole", "percent", "rule"]


def success_rows(factors: dict) -> Iterable[dict]:
    """One row per figure; participation per level as two rows (at home, at meetings)."""
    for panel in factors["panels"]:
        base = {"panel": panel["key"], "panel_title": panel["title"]}
        for figure in panel["figures"]:
            yield {**base, **figure, "kind": "figure"}
        for lv in panel["levels"]:
            for kind in ("home", "meetings"):
                yield {**base, **lv[kind], "level": lv["level"], "kind": kind}
