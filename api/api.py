"""The read API (issue 19): ``/api/v1/k/<kommun>/…`` and ``/api/v1/n/<nätverk>/…``, JSON and CSV.

django-ninja rather than Django REST framework: the API only reads, its answers are typed
(pydantic schemas, from which the OpenAPI document is generated and which schemathesis checks),
and the operations are plain functions calling selectors, like the product's views; DRF's
serializers, viewsets and permission classes would be a second way of doing what ``access``
already does.

Every operation opens its tenant through ``api.access`` (the token's maker's context and the
page's django-scopes scope), then reads through ``api.data``. A CSV twin (``….csv``) of each list
gives every row at once, for Excel and Power Query.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from pydantic import BeforeValidator

from . import csv_rows, data
from .access import TokenAuth, municipality_scope, network_scope
from .schemas import (
    CommitmentOut,
    CommitmentPage,
    ErrorOut,
    GoalOut,
    GoalPage,
    LevelValue,
    MappingResultsPage,
    MeasurementPage,
    MeetingPage,
    SuccessFactorsOut,
)

MAX_ID = 2**31 - 1

api = NinjaAPI(
    title="Skolnätverk – läs-API",
    version="1",
    description=(
        "Kommunens och nätverkets siffror för Power BI och Excel: mål med status och mått, utfall, "
        "kartläggningsresultat (anonymitetsregeln tillämpad), åtaganden med uppföljningar, träffar och "
        "deltagande, framgångsfaktorerna. Bara läsning. Skicka API-nyckeln som "
        "`Authorization: Bearer skn_…`. Varje lista finns också som CSV (semikolon, decimalkomma)."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,  # the document is read by tools; no page that loads a browser UI
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": str(exc) or _("Finns inte.")}, status=404)


# What a call can answer besides its data: no or a bad token (401), a maker without the right
# (403), another tenant or object (404), a parameter out of its range (422), too many calls (429).
ERROR_CODES = frozenset({401, 403, 404, 422, 429})
ERRORS = {ERROR_CODES: ErrorOut}
CSV = {"responses": {200: {"description": "CSV (semikolon, decimalkomma, UTF-8 med BOM)",
                           "content": {"text/csv": {"schema": {"type": "string"}}}}}}


def _iso_date(value):
    """Only ÅÅÅÅ-MM-DD, as the document says: pydantic alone would also take "0" (a Unix time)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(_("Ange datumet som ÅÅÅÅ-MM-DD."))
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


class Filters(Schema):
    level: LevelValue | None = Field(None, description="Bara den här nivån.")
    since: IsoDate | None = Field(None, description="Från och med detta datum (ÅÅÅÅ-MM-DD).")
    until: IsoDate | None = Field(None, description="Till och med detta datum (ÅÅÅÅ-MM-DD).")


class Paging(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(100, ge=1, le=500)

    def paging(self) -> data.Paging:
        return data.Paging(page=self.page, page_size=self.page_size)


class CommitmentFilters(Filters):
    status: str | None = Field(None, pattern="^(planerad|pagar|genomford|ej_genomford)$",
                               description="planerad, pagar, genomford eller ej_genomford.")


class MeasurementFilters(Schema):
    from_year: int | None = Field(None, ge=1900, le=2200, description="Från och med läsår (vårterminens år).")
    to_year: int | None = Field(None, ge=1900, le=2200, description="Till och med läsår (vårterminens år).")
    indicator_id: int | None = Field(None, ge=1, le=MAX_ID)
    grade: int | None = Field(None, ge=0, le=13)


def _csv_name(tenant: str, what: str) -> str:
    return f"{tenant}-{what}-{datetime.date.today().isoformat()}.csv"


# --- Municipality --------------------------------------------------------------------------------

K = "/k/{municipality}"


@api.get(f"{K}/goals", response={200: GoalPage, **ERRORS}, url_name="municipality_goals", tags=["kommun"])
def municipality_goals(request, municipality: str, filters: Query[Filters], paging: Query[Paging]):
    """Kommunens mål (inte förslag) med status per mått, i målträdets ordning. Datumfiltren väljer
    mål vars period (start till måldatum) når in i intervallet."""
    with municipality_scope(request, municipality) as ctx:
        sliced, rows = data.goal_rows(municipalities=[ctx.municipality], paging=paging.paging(), **filters.dict())
        return sliced.envelope(rows)


@api.get(f"{K}/goals.csv", openapi_extra=CSV, response=ERRORS, url_name="municipality_goals_csv",
         tags=["kommun"])
def municipality_goals_csv(request, municipality: str, filters: Query[Filters]):
    """Målen som CSV: en rad per mål och mått."""
    with municipality_scope(request, municipality) as ctx:
        _sliced, rows = data.goal_rows(municipalities=[ctx.municipality], paging=None, **filters.dict())
        return csv_rows.csv_response(csv_rows.GOAL_COLUMNS, csv_rows.goal_rows(rows), filename=_csv_name(municipality, "mal"))


@api.get(f"{K}/goals/{{goal_id}}", response={200: GoalOut, **ERRORS}, url_name="municipality_goal", tags=["kommun"])
def municipality_goal(request, municipality: str, goal_id: int = Path(..., ge=1, le=MAX_ID)):
    """Ett mål med dess mått. Ett annat kommuns mål finns inte (404)."""
    with municipality_scope(request, municipality) as ctx:
        return data.goal_one(ctx=ctx, pk=goal_id)


@api.get(f"{K}/measurements", response={200: MeasurementPage, **ERRORS}, url_name="municipality_measurements",
         tags=["kommun"])
def municipality_measurements(request, municipality: str, filters: Query[MeasurementFilters], paging: Query[Paging]):
    """Kommunens utfall (samma som statistiksidans nedladdning)."""
    with municipality_scope(request, municipality) as ctx:
        sliced, rows = data.measurement_rows(ctx=ctx, paging=paging.paging(), **filters.dict())
        return sliced.envelope(rows)


@api.get(f"{K}/measurements.csv", openapi_extra=CSV, response=ERRORS,
         url_name="municipality_measurements_csv", tags=["kommun"])
def municipality_measurements_csv(request, municipality: str, filters: Query[MeasurementFilters]):
    """Utfallen som CSV: en rad per värde."""
    with municipality_scope(request, municipality) as ctx:
        _sliced, rows = data.measurement_rows(ctx=ctx, paging=None, **filters.dict())
        return csv_rows.csv_response(csv_rows.MEASUREMENT_COLUMNS, rows, filename=_csv_name(municipality, "utfall"))


@api.get(f"{K}/mapping-results", response={200: MappingResultsPage, **ERRORS}, url_name="municipality_mapping_results",
         tags=["kommun"])
def municipality_mapping_results(request, municipality: str, filters: Query[Filters], paging: Query[Paging]):
    """Kartläggningarnas resultat per påstående och nivå, nyaste först. En cell med för få svar är
    dold och saknar siffror; en öppen kartläggning visar bara deltagandet."""
    with municipality_scope(request, municipality) as ctx:
        sliced, rows = data.mapping_result_rows(ctx=ctx, paging=paging.paging(), **filters.dict())
        return sliced.envelope(rows)


@api.get(f"{K}/mapping-results.csv", openapi_extra=CSV, response=ERRORS,
         url_name="municipality_mapping_results_csv", tags=["kommun"])
def municipality_mapping_results_csv(request, municipality: str, filters: Query[Filters]):
    """Kartläggningsresultaten som CSV: en rad per kartläggning, påstående och nivå."""
    with municipality_scope(request, municipality) as ctx:
        _sliced, rows = data.mapping_result_rows(ctx=ctx, paging=None, **filters.dict())
        return csv_rows.csv_response(csv_rows.MAPPING_COLUMNS, csv_rows.mapping_rows(rows),
                                     filename=_csv_name(municipality, "kartlaggning"))


@api.get(f"{K}/commitments", response={200: CommitmentPage, **ERRORS}, url_name="municipality_commitments",
         tags=["kommun"])
def municipality_commitments(request, municipality: str, filters: Query[CommitmentFilters], paging: Query[Paging]):
    """Kommunens åtaganden med alla uppföljningar. Datumfiltren gäller klart-senast-datumet, nivån de
    ansvariga nivåerna."""
    with municipality_scope(request, municipality) as ctx:
        sliced, rows = data.commitment_rows(ctx=ctx, paging=paging.paging(), **filters.dict())
        return sliced.envelope(rows)


@api.get(f"{K}/commitments.csv", openapi_extra=CSV, response=ERRORS,
         url_name="municipality_commitments_csv", tags=["kommun"])
def municipality_commitments_csv(request, municipality: str, filters: Query[CommitmentFilters]):
    """Åtagandena som CSV: en rad per åtagande med den senaste uppföljningen."""
    with municipality_scope(request, municipality) as ctx:
        _sliced, rows = data.commitment_rows(ctx=ctx, paging=None, **filters.dict())
        return csv_rows.csv_response(csv_rows.COMMITMENT_COLUMNS, csv_rows.commitment_rows(rows),
                                     filename=_csv_name(municipality, "ataganden"))


@api.get(f"{K}/commitments/{{commitment_id}}", response={200: CommitmentOut, **ERRORS},
         url_name="municipality_commitment", tags=["kommun"])
def municipality_commitment(request, municipality: str, commitment_id: int = Path(..., ge=1, le=MAX_ID)):
    """Ett åtagande med alla uppföljningar. En annan kommuns åtagande finns inte (404)."""
    with municipality_scope(request, municipality) as ctx:
        return data.commitment_one(ctx=ctx, pk=commitment_id)


@api.get(f"{K}/meetings", response={200: MeetingPage, **ERRORS}, url_name="municipality_meetings", tags=["kommun"])
def municipality_meetings(request, municipality: str, filters: Query[Filters], paging: Query[Paging]):
    """Nätverksträffarna i kommunens nätverk med kommunens anmälda och närvarande per nivå."""
    with municipality_scope(request, municipality) as ctx:
        sliced, rows = data.meeting_rows(ctx=ctx, paging=paging.paging(), **filters.dict())
        return sliced.envelope(rows)


@api.get(f"{K}/meetings.csv", openapi_extra=CSV, response=ERRORS,
         url_name="municipality_meetings_csv", tags=["kommun"])
def municipality_meetings_csv(request, municipality: str, filters: Query[Filters]):
    """Träffarna som CSV: en rad per träff och nivå."""
    with municipality_scope(request, municipality) as ctx:
        _sliced, rows = data.meeting_rows(ctx=ctx, paging=None, **filters.dict())
        return csv_rows.csv_response(csv_rows.MEETING_COLUMNS, csv_rows.meeting_rows(rows),
                                     filename=_csv_name(municipality, "traffar"))


class LevelFilter(Schema):
    level: LevelValue | None = Field(None, description="Bara den här nivån i deltagandet.")


@api.get(f"{K}/success-factors", response={200: SuccessFactorsOut, **ERRORS},
         url_name="municipality_success_factors", tags=["kommun"])
def municipality_success_factors(request, municipality: str, filters: Query[LevelFilter]):
    """De tre framgångsfaktorerna som på kommunens startsida."""
    with municipality_scope(request, municipality) as ctx:
        return data.success_factors(ctx=ctx, level=filters.level)


@api.get(f"{K}/success-factors.csv", openapi_extra=CSV, response=ERRORS,
         url_name="municipality_success_factors_csv", tags=["kommun"])
def municipality_success_factors_csv(request, municipality: str, filters: Query[LevelFilter]):
    """Framgångsfaktorerna som CSV: en rad per siffra."""
    with municipality_scope(request, municipality) as ctx:
        factors = data.success_factors(ctx=ctx, level=filters.level)
        return csv_rows.csv_response(csv_rows.SUCCESS_COLUMNS, csv_rows.success_rows(factors),
                                     filename=_csv_name(municipality, "framgangsfaktorer"))


# --- Network -------------------------------------------------------------------------------------

N = "/n/{network}"


def _members(ctx):
    from municipalities.models import Municipality

    return list(Municipality.objects.filter(pk__in=ctx.member_municipality_ids).order_by("name"))


@api.get(f"{N}/goals", response={200: GoalPage, **ERRORS}, url_name="network_goals", tags=["nätverk"])
def network_goals(request, network: str, filters: Query[Filters], paging: Query[Paging]):
    """Mål som medlemskommunerna delar med nätverket, kommun för kommun."""
    with network_scope(request, network) as ctx:
        sliced, rows = data.goal_rows(municipalities=_members(ctx), network_ctx=ctx, paging=paging.paging(),
                                      **filters.dict())
        return sliced.envelope(rows)


@api.get(f"{N}/goals.csv", openapi_extra=CSV, response=ERRORS, url_name="network_goals_csv",
         tags=["nätverk"])
def network_goals_csv(request, network: str, filters: Query[Filters]):
    """De delade målen som CSV: en rad per mål och mått."""
    with network_scope(request, network) as ctx:
        _sliced, rows = data.goal_rows(municipalities=_members(ctx), network_ctx=ctx, paging=None, **filters.dict())
        return csv_rows.csv_response(csv_rows.GOAL_COLUMNS, csv_rows.goal_rows(rows), filename=_csv_name(network, "mal"))


@api.get(f"{N}/mapping-results", response={200: MappingResultsPage, **ERRORS}, url_name="network_mapping_results",
         tags=["nätverk"])
def network_mapping_results(request, network: str, filters: Query[Filters], paging: Query[Paging]):
    """Kartläggningsresultat som medlemskommunerna har publicerat till nätverket."""
    with network_scope(request, network) as ctx:
        sliced, rows = data.mapping_result_rows(ctx=ctx, paging=paging.paging(), **filters.dict())
        return sliced.envelope(rows)


@api.get(f"{N}/mapping-results.csv", openapi_extra=CSV, response=ERRORS,
         url_name="network_mapping_results_csv", tags=["nätverk"])
def network_mapping_results_csv(request, network: str, filters: Query[Filters]):
    """De publicerade kartläggningsresultaten som CSV."""
    with network_scope(request, network) as ctx:
        _sliced, rows = data.mapping_result_rows(ctx=ctx, paging=None, **filters.dict())
        return csv_rows.csv_response(csv_rows.MAPPING_COLUMNS, csv_rows.mapping_rows(rows),
                                     filename=_csv_name(network, "kartlaggning"))


@api.get(f"{N}/commitments", response={200: CommitmentPage, **ERRORS}, url_name="network_commitments",
         tags=["nätverk"])
def network_commitments(request, network: str, filters: Query[CommitmentFilters], paging: Query[Paging]):
    """Åtaganden som nätverket får se (gjorda på dess träffar eller redovisade där), med den senaste
    uppföljningen som på återredovisningen."""
    with network_scope(request, network) as ctx:
        sliced, rows = data.commitment_rows(ctx=ctx, paging=paging.paging(), **filters.dict())
        return sliced.envelope(rows)


@api.get(f"{N}/commitments.csv", openapi_extra=CSV, response=ERRORS,
         url_name="network_commitments_csv", tags=["nätverk"])
def network_commitments_csv(request, network: str, filters: Query[CommitmentFilters]):
    """Nätverkets åtaganden som CSV."""
    with network_scope(request, network) as ctx:
        _sliced, rows = data.commitment_rows(ctx=ctx, paging=None, **filters.dict())
        return csv_rows.csv_response(csv_rows.COMMITMENT_COLUMNS, csv_rows.commitment_rows(rows),
                                     filename=_csv_name(network, "ataganden"))


@api.get(f"{N}/meetings", response={200: MeetingPage, **ERRORS}, url_name="network_meetings", tags=["nätverk"])
def network_meetings(request, network: str, filters: Query[Filters], paging: Query[Paging]):
    """Nätverkets träffar med anmälda och närvarande per kommun och nivå."""
    with network_scope(request, network) as ctx:
        sliced, rows = data.meeting_rows(ctx=ctx, paging=paging.paging(), **filters.dict())
        return sliced.envelope(rows)


@api.get(f"{N}/meetings.csv", openapi_extra=CSV, response=ERRORS, url_name="network_meetings_csv",
         tags=["nätverk"])
def network_meetings_csv(request, network: str, filters: Query[Filters]):
    """Träffarna som CSV: en rad per träff, kommun och nivå."""
    with network_scope(request, network) as ctx:
        _sliced, rows = data.meeting_rows(ctx=ctx, paging=None, **filters.dict())
        return csv_rows.csv_response(csv_rows.MEETING_COLUMNS, csv_rows.meeting_rows(rows),
                                     filename=_csv_name(network, "traffar"))


@api.get(f"{N}/success-factors", response={200: SuccessFactorsOut, **ERRORS}, url_name="network_success_factors",
         tags=["nätverk"])
def network_success_factors(request, network: str, filters: Query[LevelFilter]):
    """Nätverkets framgångsfaktorer (bara det medlemmarna har delat)."""
    with network_scope(request, network) as ctx:
        return data.success_factors(ctx=ctx, level=filters.level)


@api.get(f"{N}/success-factors.csv", openapi_extra=CSV, response=ERRORS,
         url_name="network_success_factors_csv", tags=["nätverk"])
def network_success_factors_csv(request, network: str, filters: Query[LevelFilter]):
    """Nätverkets framgångsfaktorer som CSV."""
    with network_scope(request, network) as ctx:
        factors = data.success_factors(ctx=ctx, level=filters.level)
        return csv_rows.csv_response(csv_rows.SUCCESS_COLUMNS, csv_rows.success_rows(factors),
                                     filename=_csv_name(network, "framgangsfaktorer"))
