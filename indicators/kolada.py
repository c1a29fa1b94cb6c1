"""Kolada's key figures (KPIs) through its open API, as measurements like Skolverket's.

The shape read here. Verified against Kolada's own API documentation (the README of the
Hypergene/kolada repository, which documents v2): the routes, the envelope's ``values`` and
``count``, the data object, the group object, and that a group's own value is the unweighted
mean of its members. Not verified from Kolada's own v3 documentation (its Swagger page was not
to be had): that v3 names the next page ``next_url`` (v2: ``next_page``); that comes from public
v3 clients. Both names are followed.

- ``GET {base}/data/kpi/{kpis}/municipality/{ids}/year/{years}`` (each part comma separated);
  ``{base}/kpi/{kpis}`` for the KPIs' titles.
- Every answer is an envelope ``{"values": [...], "count": n, "next_url": "…" or absent}``; the
  next page is fetched until there is none.
- Groups: ``{base}/municipality_groups`` and ``{base}/kpi_groups`` (``/{ids}`` or ``?title=…``);
  a group object is ``{"id", "title", "members": [{"id", "title"}]}``. A data query may name a
  group id instead of a municipality; its value is the members' unweighted *mean* (with ``count``
  the members that had one), not their median: a median is computed from the members' own values.
- A data object is ``{"kpi", "municipality", "period", "values": [{"gender", "value", "status",
  "count"}]}``; gender T (all), K (kvinnor: women/girls), M (män: men/boys); ``value`` may be null.
  Municipality ``0000`` is the whole country. The gender codes are settled from real answers, not
  from the v2 README, which writes ``"gender": "T|K|F"`` (three times; API v1 had ``value_m`` and
  ``value_f``, which is likely where the F comes from): 138 910 values that Kolada's API returned
  to rKolada's ``get_values`` (which passes ``gender`` through unchanged) on 2024-12-12, committed
  as ``KOLADA/2024-12-12_KOLADA_data_raw.parquet`` in the public repository pgmj/DIDreport
  (commit 7a0e24c8005868dcc4ba27672698dab553db8afa), hold T 78 590, K 30 160, M 30 160 and no F
  (likewise its answers of 2023-03-28, 2023-09-12 and 2024-01-30). For v3 no recorded answer was
  to be had (nor its OpenAPI spec); public v3 clients (isakskogstad/Kolada-MCP) use T/M/K too. Any
  other code is refused, never stored under a guessed gender.

Values land as Measurements (``source_file = "Kolada"``) on common indicators keyed ``kolada|<kpi>``
whose table is "Källa: Kolada", and the whole country as NationalValue. Nothing here touches the
network by itself: ``fetch`` is passed in (the task passes :func:`http_get_json`; tests pass
recorded responses kept in the repo).
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django_scopes import scope

from municipalities.models import Municipality

from .importer.engine import guess_direction, guess_unit
from .models import GenderGroup, Indicator, KoladaValue, Measurement, NationalValue, Source

ATTRIBUTION = "Källa: Kolada"
WHOLE_COUNTRY = "0000"
_GENDERS = {"T": GenderGroup.ALL.value, "K": GenderGroup.GIRLS.value, "M": GenderGroup.BOYS.value}
MAX_PAGES = 100  # a guard against a next_url that never ends

Fetch = Callable[[str], dict]


class KoladaError(Exception):
    """Kolada answered with something that is not the documented shape."""


def http_get_json(url: str) -> dict:
    """The real transport (the worker's): one GET with a timeout; errors propagate for retries."""
    # Only the configured https base and the next_url it hands out; never file: or another scheme.
    if urllib.parse.urlsplit(url).scheme != "https":
        raise KoladaError(f"refusing a non-https URL: {url[:100]}")
    headers = {"Accept": "application/json", "User-Agent": "Skolnatverk"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - https checked above
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - https checked above
        return json.load(response)


def _ids(items: Iterable[str]) -> str:
    return ",".join(urllib.parse.quote(str(i), safe="") for i in items)


def data_url(*, kpis: Iterable[str], municipality_ids: Iterable[str], years: Iterable[int]) -> str:
    base = settings.KOLADA_API_URL.rstrip("/")
    return f"{base}/data/kpi/{_ids(kpis)}/municipality/{_ids(municipality_ids)}/year/{_ids(years)}"


def paged_values(url: str, *, fetch: Fetch) -> list[dict]:
    """Every object of every page, following ``next_url``."""
    out: list[dict] = []
    for _page in range(MAX_PAGES):
        envelope = fetch(url)
        if not isinstance(envelope, dict) or not isinstance(envelope.get("values"), list):
            raise KoladaError("Kolada answered without a 'values' list")
        out.extend(envelope["values"])
        # v3 says next_url; Kolada's own (v2) documentation says next_page.
        url = envelope.get("next_url") or envelope.get("next_page") or ""
        if not url:
            return out
    raise KoladaError(f"more than {MAX_PAGES} pages")


@dataclass(frozen=True)
class KoladaGroup:
    """A municipality group (or KPI group): its id, title and members' ids and titles."""

    id: str
    title: str
    members: tuple[tuple[str, str], ...]

    @property
    def member_ids(self) -> list[str]:
        return [member_id for member_id, _title in self.members]


def _groups(entity: str, *, fetch: Fetch, ids: Iterable[str] = (), title: str = "") -> list[KoladaGroup]:
    url = f"{settings.KOLADA_API_URL.rstrip('/')}/{entity}"
    ids = list(ids)
    if ids:
        url += f"/{_ids(ids)}"
    elif title:
        url += "?" + urllib.parse.urlencode({"title": title})
    groups = []
    for row in paged_values(url, fetch=fetch):
        members = row.get("members") if isinstance(row, dict) else None
        if not isinstance(row, dict) or not row.get("id") or not isinstance(members, list) \
                or not all(isinstance(m, dict) and m.get("id") for m in members):
            raise KoladaError(f"not a group object: {row!r}"[:200])
        groups.append(KoladaGroup(
            id=str(row["id"]), title=str(row.get("title") or row["id"]),
            members=tuple((str(m["id"]), str(m.get("title") or m["id"])) for m in members),
        ))
    return groups


def municipality_groups(*, fetch: Fetch, ids: Iterable[str] = (), title: str = "") -> list[KoladaGroup]:
    """Kolada's municipality groups (all, the given ids, or those whose title matches)."""
    return _groups("municipality_groups", fetch=fetch, ids=ids, title=title)


def kpi_groups(*, fetch: Fetch, ids: Iterable[str] = (), title: str = "") -> list[KoladaGroup]:
    """Kolada's KPI groups (its ready-made presentations); members are KPIs."""
    return _groups("kpi_groups", fetch=fetch, ids=ids, title=title)


@dataclass
class KoladaResult:
    values: int = 0
    missing: int = 0  # null values, kept as '.' (uppgift saknas)
    created: int = 0
    updated: int = 0
    national: int = 0
    skipped: int = 0  # municipalities that are not in the database
    comparison: int = 0  # values kept by kommun code (KoladaValue), for a comparison group
    kpis: list[str] = field(default_factory=list)


def kolada_import(*, kpis: list[str], municipality_codes: list[str], years: list[int], fetch: Fetch,
                  comparison_codes: Iterable[str] = ()) -> KoladaResult:
    """Fetch the KPIs for the municipalities (and the whole country) and save them, in one go.

    ``comparison_codes`` are kommuner of a comparison group: their values (and the
    municipalities' own) are kept as KoladaValue (gender T) for a group's median; only the
    municipalities' own become measurements."""
    comparison = [c for c in dict.fromkeys(comparison_codes) if c not in municipality_codes and c != WHOLE_COUNTRY]
    titles = {
        str(row.get("id")): str(row.get("title") or row.get("id"))
        for row in paged_values(f"{settings.KOLADA_API_URL.rstrip('/')}/kpi/{_ids(kpis)}", fetch=fetch)
    }
    rows = paged_values(
        data_url(kpis=kpis, municipality_ids=[*municipality_codes, *comparison, WHOLE_COUNTRY], years=years), fetch=fetch
    )
    result = KoladaResult(kpis=sorted(titles))
    by_code = {m.code: m for m in Municipality.objects.filter(code__in=municipality_codes)}
    # The values are written inside the scope of the municipalities asked for (and the nation's).
    with scope(municipality=sorted(m.pk for m in by_code.values())), transaction.atomic():
        indicators: dict[tuple[str, str], Indicator] = {}
        for row in rows:
            kpi, code, period = str(row.get("kpi", "")), str(row.get("municipality", "")), str(row.get("period", ""))
            if not kpi or not period.isdigit() or not isinstance(row.get("values"), list):
                raise KoladaError(f"not a data object: {row!r}"[:200])
            for item in row["values"]:
                code_of_gender = str(item.get("gender", "T"))
                if code_of_gender not in _GENDERS:
                    raise KoladaError(f"unknown gender code {code_of_gender!r} (expected T, K or M)"[:200])
                gender = _GENDERS[code_of_gender]
                value = item.get("value")
                number = None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))
                marker = "." if number is None else ""
                key = (kpi, gender)
                if key not in indicators:
                    name = titles.get(kpi, kpi)
                    indicators[key], _created = Indicator.objects.get_or_create(
                        key=f"kolada|{kpi}|{gender or '-'}", owner_municipality=None, owner_network=None,
                        defaults={"name": name[:300], "unit": guess_unit(name), "direction": guess_direction(name),
                                  "gender_group": gender, "source_table": ATTRIBUTION},
                    )
                indicator = indicators[key]
                result.missing += number is None
                result.values += number is not None
                if gender == GenderGroup.ALL.value and code != WHOLE_COUNTRY and len(code) == 4:
                    KoladaValue.objects.update_or_create(
                        kpi=kpi, municipality_code=code, year=int(period), defaults={"value": number},
                    )
                    result.comparison += 1
                if code == WHOLE_COUNTRY:
                    NationalValue.objects.update_or_create(
                        indicator=indicator, school_year=int(period), grade=None,
                        defaults={"value": number, "suppressed_marker": marker, "source_file": "Kolada"},
                    )
                    result.national += 1
                    continue
                municipality = by_code.get(code)
                if municipality is None:
                    result.skipped += code not in comparison
                    continue
                _m, created = Measurement.objects.update_or_create(
                    indicator=indicator, municipality=municipality, school=None, school_year=int(period), grade=None,
                    defaults={"value": number, "suppressed_marker": marker, "source": Source.IMPORT,
                              "source_file": "Kolada", "source_table": ATTRIBUTION},
                )
                result.created += created
                result.updated += not created
    return result
