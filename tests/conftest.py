from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from rightscreen import Screener, load_snapshot
from rightscreen.snapshot import Snapshot

FIXTURES = Path(__file__).parent / "fixtures"

# The warm-start cache of a test run lives and dies with it, never in the user's ~/.cache; an
# explicit RIGHTSCREEN_CACHE (CI may keep one between runs) is respected.
os.environ.setdefault("RIGHTSCREEN_CACHE", tempfile.mkdtemp(prefix="rightscreen-test-cache-"))
# Nor do tests read list versions fetched on this machine, or its default case store.
os.environ["RIGHTSCREEN_LISTS"] = tempfile.mkdtemp(prefix="rightscreen-test-lists-")
os.environ.pop("RIGHTSCREEN_STORE", None)


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def builtin() -> Snapshot:
    return load_snapshot()


@pytest.fixture(scope="session")
def screener(builtin: Snapshot) -> Screener:
    return Screener(builtin.entities)


@pytest.fixture(scope="session")
def fixture_snapshot() -> Snapshot:
    return load_snapshot([FIXTURES])


@pytest.fixture(scope="session")
def fixture_screener(fixture_snapshot: Snapshot) -> Screener:
    return Screener(fixture_snapshot.entities)
