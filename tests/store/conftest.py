"""Every store test runs on SQLite and, when RIGHTSCREEN_TEST_POSTGRES names a server (CI
starts one with .ci/postgres.sh), on a fresh PostgreSQL database of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from rightscreen.store import Finding, ScreenedSubject, Store

POSTGRES = os.environ.get("RIGHTSCREEN_TEST_POSTGRES")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    if not POSTGRES:
        pytest.skip("RIGHTSCREEN_TEST_POSTGRES not set (.ci/postgres.sh starts a server)")
    name = f"rs_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES.replace("postgresql://", "postgresql+psycopg://"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield POSTGRES.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    yield opened
    opened.close()


def finding(entity_id: str, names: list[str], *, score: float = 0.9,
            programs: list[str] | None = None) -> Finding:
    entry = {"entity_id": entity_id, "entries": [entity_id], "lists": ["ofac-sdn"],
             "names": sorted(names), "identifiers": [], "programs": programs or ["SDGT"],
             "countries": []}
    return Finding(entity_id, names[0], ["ofac-sdn"], score, [f"matched {names[0]!r}"], entry)


def subject(row: int, name: str, findings: list[Finding], **fields: str) -> ScreenedSubject:
    return ScreenedSubject(row, {"name": name, **fields}, findings)
