"""Schemathesis against the OpenAPI schema, as a staff user and as a parent (bounded: two
examples per operation and role, no shrinking): no 5xx, and every response conforms to the schema.

The schema is generated in-process (drf-spectacular) and the requests go to the Django WSGI
application, inside the test's database transaction. The WSGI handler's request_started and
request_finished signals close "old" connections; inside a test transaction that closes the
connection for real on PostgreSQL (SQLite's in-memory database ignores it), so the test
disconnects them for its duration, as Django's own test client does.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from health_records.services.api_tokens import api_token_issue

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

_raw = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
schema = schemathesis.openapi.from_dict(_raw)
schema.app = get_wsgi_application()


@pytest.fixture
def keep_test_connection():
    """Stop the WSGI handler from closing the test transaction's connection (see module doc)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _token(world, user: str) -> dict[str, str]:
    return {"Authorization": f"Token {api_token_issue(user=world.users[user])}"}


@pytest.mark.timeout(60)
@schema.parametrize()
@BOUNDED
def test_api_as_staff_and_as_parent(case, world, stay_a1, keep_test_connection):
    """Each generated request, signed in as the nurse and as parent_a: no 5xx, responses as
    documented (status code, content type, body schema)."""
    for user in ("nurse", "parent_a"):
        case.call_and_validate(headers=_token(world, user), checks=CHECKS)
