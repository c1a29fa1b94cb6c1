"""schemathesis against the read API's OpenAPI document, with real tokens and real data (issue 19).

Every operation is called with generated parameters (filters, pages, ids, dates) and the token of
the tenant in its URL; schemathesis's checks fail on a 5xx, a status code, content type or header
the document does not declare, and a body outside the response schema. The N+1 detector (zeal,
tests/conftest.py) runs inside these requests too.
"""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .factories import token_personas

pytestmark = pytest.mark.django_db


def _load_schema():
    """The document as the API serves it, with calls going through the WSGI application.

    Built from the same object ``/api/v1/openapi.json`` renders (tests/api/test_api.py checks that
    the served document is this one), not fetched: fetching at collection time would run a request
    before pytest-django allows one. (schemathesis's lazy ``from_fixture`` needs pytest < 9.)
    """
    from api.api import api

    # Through JSON, as a client reads it (status codes become strings).
    document = json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()

# No 5xx, nothing outside the document (status, content type, headers, body), and a call without
# the token refused. Not "negative_data_rejection": it would also have the API refuse query
# parameters it does not know, which HTTP clients (Power Query among them) may add and which the
# API rightly ignores; a value of a known parameter out of its range is refused (422) and
# documented, which status_code_conformance checks.
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
    response_schema_conformance, ignored_auth,
]


@pytest.fixture
def keep_the_test_connection():
    """Calls go straight to the WSGI application, not through Django's test client, so nothing
    stops ``close_old_connections`` at the end of a request from closing the connection that holds
    the test's transaction (PostgreSQL then answers every later query "the connection is closed").
    The test client unhooks it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def tokens(world, content, settings, keep_the_test_connection):
    # Hypothesis calls each operation many times a minute: the per-token limit is tested apart.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "api": "100000/m/key"}
    return token_personas(world)


@schema.parametrize()
@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_conforms_to_its_document(case, tokens, world):
    # The tenant in the URL is the token's (else every call would be a 404): A's or network N's.
    if "municipality" in case.path_parameters:
        case.path_parameters["municipality"] = world.a.slug
        token = tokens["a"]
    else:
        case.path_parameters["network"] = world.network.slug
        token = tokens["n"]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
