"""Rows for the read API (issue 19): the token pages, and every API route for every persona.

``ROWS`` are the session personas of the permission matrix: the API takes no session (a signed-in
browser gets 401 from every API route), and only coordinators (or a network's project leaders)
reach the token pages. ``API_ROWS`` are the token personas of tests/api/test_token_matrix.py,
which fails for an API route without a row: a token of municipality A gets 404 for B's routes and
objects, a network token 404 for a municipality's, an expired or revoked token 401, a token whose
maker is no longer coordinator 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import FORBIDDEN, FOUND, NOT_FOUND, OK, Row, expect, municipality_page, network_page

UNAUTHORIZED = 401


def _token_pk(kind):
    def kwargs(world):
        from ..api.factories import make_token

        key = f"api_token_{kind}"
        if key not in world.extra:
            from api.models import ApiToken

            if kind == "k":
                make_token(created_by=world.user("coordinator"), municipality=world.a, name="Matris")
                world.extra[key] = ApiToken.objects.get(municipality=world.a, name="Matris").pk
            else:
                make_token(created_by=world.user("leader"), network=world.network, name="Matris")
                world.extra[key] = ApiToken.objects.get(network=world.network, name="Matris").pk
        tenant = {"municipality": world.a.slug} if kind == "k" else {"network": world.network.slug}
        return {**tenant, "pk": world.extra[key]}

    return kwargs


def _goal(world, municipality):
    from ..goals.factories import GoalFactory

    return {"goal_id": GoalFactory(municipality=municipality).pk}


def _commitment(world, municipality):
    from ..commitments.factories import CommitmentFactory

    return {"commitment_id": CommitmentFactory(municipality=municipality).pk}


MUNICIPALITY_ROUTES = [
    "municipality_goals", "municipality_goals_csv", "municipality_measurements", "municipality_measurements_csv",
    "municipality_mapping_results", "municipality_mapping_results_csv", "municipality_commitments",
    "municipality_commitments_csv", "municipality_meetings", "municipality_meetings_csv",
    "municipality_success_factors", "municipality_success_factors_csv",
]
NETWORK_ROUTES = [
    "network_goals", "network_goals_csv", "network_mapping_results", "network_mapping_results_csv",
    "network_commitments", "network_commitments_csv", "network_meetings", "network_meetings_csv",
    "network_success_factors", "network_success_factors_csv",
]
DETAIL_ROUTES = {"municipality_goal": _goal, "municipality_commitment": _commitment}

ROWS = [
    Row("api_tokens:municipality", municipality_page(members=FORBIDDEN, coordinator=OK), note="coordinators make tokens"),
    Row("api_tokens:municipality_revoke", municipality_page(members=FORBIDDEN, coordinator=FOUND), kwargs=_token_pk("k"),
        method="post"),
    Row("api_tokens:network", network_page(members=FORBIDDEN, leader=OK), note="project leaders make tokens"),
    Row("api_tokens:network_revoke", network_page(members=FORBIDDEN, leader=FOUND), kwargs=_token_pk("n"), method="post"),
    Row("api:openapi-json", expect(OK), note="the document holds no data"),
    Row("api:api-root", expect(NOT_FOUND), note="no browser UI"),
    *[Row(f"api:{name}", expect(UNAUTHORIZED), note="a session is no token") for name in MUNICIPALITY_ROUTES],
    *[Row(f"api:{name}", expect(UNAUTHORIZED), note="a session is no token") for name in NETWORK_ROUTES],
    *[
        Row(f"api:{name}", expect(UNAUTHORIZED),
            kwargs=lambda world, make=make: {"municipality": world.a.slug, **make(world, world.a)},
            note="a session is no token")
        for name, make in DETAIL_ROUTES.items()
    ],
]


# --- Token personas ------------------------------------------------------------------------------

@dataclass
class ApiRow:
    """One API route called with each token persona (tests/api/factories.py TOKEN_PERSONAS)."""

    name: str
    expect: dict[str, int]
    tenant: dict = field(default_factory=dict)  # "a", "b", "n" or "m": whose slug is in the URL
    kwargs: object = None
    note: str = ""


def _statuses(**by: int) -> dict[str, int]:
    base = {"none": UNAUTHORIZED, "expired": UNAUTHORIZED, "revoked": UNAUTHORIZED}
    base.update(by)
    return base


OWN_A = _statuses(a=OK, b=NOT_FOUND, n=NOT_FOUND, m=NOT_FOUND, former=FORBIDDEN)
# The URL names municipality B: A's tokens (valid or not for other reasons) find nothing.
OF_B = _statuses(a=NOT_FOUND, b=OK, n=NOT_FOUND, m=NOT_FOUND, former=NOT_FOUND)
OWN_N = _statuses(a=NOT_FOUND, b=NOT_FOUND, n=OK, m=NOT_FOUND, former=NOT_FOUND)
NOT_A_OBJECT = _statuses(a=NOT_FOUND, b=NOT_FOUND, n=NOT_FOUND, m=NOT_FOUND, former=FORBIDDEN)

API_ROWS = [
    *[ApiRow(name, OWN_A, tenant="a") for name in MUNICIPALITY_ROUTES],
    *[ApiRow(name, OF_B, tenant="b", note="B's routes") for name in MUNICIPALITY_ROUTES],
    *[ApiRow(name, OWN_N, tenant="n") for name in NETWORK_ROUTES],
    *[ApiRow(name, OWN_A, tenant="a", kwargs=lambda world, make=make: make(world, world.a)) for name, make in DETAIL_ROUTES.items()],
    *[
        ApiRow(name, NOT_A_OBJECT, tenant="a", kwargs=lambda world, make=make: make(world, world.b),
               note="B's object in A's URL")
        for name, make in DETAIL_ROUTES.items()
    ],
]
