"""Errors mapped in one place; no traceback, server path or store URL reaches a client; the
security headers on every answer; the API docs served without a CDN."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rightscreen.api.errors import status_for
from rightscreen.errors import (
    AuditBroken,
    FileRefused,
    InputError,
    ListFormatError,
    PackagedDataError,
    RightscreenError,
    StoreError,
    UsageError,
)
from tests.api.conftest import auth


@pytest.mark.parametrize(("error", "status"), [
    (InputError("x"), 422), (ListFormatError("x"), 422), (FileRefused("x"), 422),
    (UsageError("x"), 400), (StoreError("x"), 503), (AuditBroken("x"), 503),
    (PackagedDataError("x"), 503), (RightscreenError("x"), 500)])
def test_status_by_error_class(error: RightscreenError, status: int) -> None:
    assert status_for(error) == status


def _raising(app: FastAPI, path: str, error: Exception) -> None:
    def boom() -> Any:
        raise error

    app.add_api_route(path, boom)


def test_no_traceback_reaches_a_client(app: FastAPI, client: TestClient) -> None:
    _raising(app, "/boom", RuntimeError("secret internals at /srv/rightscreen/x.py"))
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.text
    assert re.fullmatch(r'\{"detail":"internal error \(reference [0-9a-f]{12}\)"\}', body)


def test_a_store_failure_is_a_503_without_the_url(app: FastAPI, client: TestClient) -> None:
    _raising(app, "/down", StoreError("postgresql+psycopg://ann@db.internal/cases: down"))
    response = client.get("/down")
    assert response.status_code == 503
    assert "db.internal" not in response.text
    assert "case store is unavailable" in response.json()["detail"]


def test_security_headers_everywhere(client: TestClient, keys: dict[str, str]) -> None:
    for response in (client.get("/healthz"), client.get("/ui/login"),
                     client.get("/catalog", headers=auth(keys["analyst"])),
                     client.get("/nope")):
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_docs_are_served_locally(client: TestClient, keys: dict[str, str]) -> None:
    docs = client.get("/docs", headers=auth(keys["analyst"]))
    assert docs.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert "http://" not in docs.text and "https://" not in docs.text
    assert "<script>" not in docs.text  # no inline script: the CSP allows none
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/docs.js").status_code == 200
    schema = client.get("/openapi.json", headers=auth(keys["analyst"])).json()
    assert "/match/{dataset}" in schema["paths"] and "/jobs" in schema["paths"]
    assert not any(p.startswith("/ui") for p in schema["paths"])
    unsigned = client.get("/docs", follow_redirects=False)
    assert unsigned.status_code == 303 and unsigned.headers["location"] == "/ui/login"
