"""Fixtures of the service tests."""
from __future__ import annotations

import pytest
from server_helpers import Server, make_client


@pytest.fixture(scope="session")
def client():
    with make_client() as c:
        yield c


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()
