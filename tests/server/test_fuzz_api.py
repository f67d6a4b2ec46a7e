"""The API fuzzed from its own OpenAPI schema (Schemathesis, a bounded run): whatever the request, no 5xx.
Any 4xx must be a problem document with a stable code."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from server_helpers import make_client

schemathesis = pytest.importorskip("schemathesis")

_client = make_client()
_client.__enter__()  # runs the app's start-up (the engine is loaded) for the schema's calls
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _client.app)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error(case):
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if response.status_code >= 400:
        body = response.json()
        assert body["code"] and body["messages"]["vi"] and body["messages"]["en"], body
