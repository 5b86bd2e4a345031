"""The whole app through a test client, on a real SQLite store in tmp_path and the fixture
lists (small, so the index builds in seconds)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rightscreen import Screener
from rightscreen.api import ApiSettings, create_app
from rightscreen.snapshot import Snapshot
from rightscreen.store import Store
from rightscreen.store.users import ROLES, add_user

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(str(tmp_path / "store.sqlite"))
    yield opened
    opened.close()


@pytest.fixture()
def keys(store: Store) -> dict[str, str]:
    """One key per role."""
    return {role: add_user(store, f"{role}-1", role)[1] for role in ROLES}


def make_app(snapshot: Snapshot, screener: Screener, store: Store,
             **settings: Any) -> FastAPI:
    return create_app(snapshot=snapshot, screener=screener, store=store,
                      settings=ApiSettings(**settings))


@pytest.fixture()
def app(fixture_snapshot: Snapshot, fixture_screener: Screener, store: Store) -> FastAPI:
    return make_app(fixture_snapshot, fixture_screener, store)


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    # Server errors come back as responses, as a real client sees them.
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def auth(key: str, scheme: str = "ApiKey") -> dict[str, str]:
    return {"Authorization": f"{scheme} {key}"}


def wait_for_job(client: TestClient, job_id: str, key: str,
                 timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/jobs/{job_id}", headers=auth(key)).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def upload(client: TestClient, key: str, name: str, content: bytes,
           kind: str = "names") -> Any:
    return client.post("/jobs", headers=auth(key), files={"file": (name, content)},
                       data={"kind": kind})


def screened_vendors(client: TestClient, key: str) -> dict[str, Any]:
    """examples/vendors.csv screened through a job, finished."""
    response = upload(client, key, "vendors.csv", (EXAMPLES / "vendors.csv").read_bytes())
    assert response.status_code == 202, response.text
    return wait_for_job(client, response.json()["id"], key)
