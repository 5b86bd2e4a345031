"""The bounded fuzz run of `make test`: a few hundred seeded mutations of real files through
every reader, none of which may crash, and the bombs, each refused in well under a second.

A failure lists every crashing case as `reader seed mutation #case-seed: exception raised at
file:line`; `python -m tests.fuzz.repro reader seed mutation case-seed` rebuilds that case and
runs it in the foreground with its traceback. The longer run is `benchmarks/fuzz.py`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rightscreen.errors import InputError

from .harness import (
    MIB,
    TARGETS,
    TARGETS_BY_NAME,
    Case,
    Target,
    bomb_plan,
    crash_lines,
    json_sweep_plan,
    plan,
)
from .runner import Runner, prepare

SEED = 20_261_127
CASES_PER_READER = 16
CASE_TIMEOUT = 10.0  # CPU seconds (wall: 4x); a case over it is a crash (a hang)
# A correctness guard with a wide margin, not a timed benchmark: CPU seconds, so that other
# work on a shared 2-core machine does not fail it (wall time is bounded by CASE_TIMEOUT).
BOMB_SECONDS = 1.0
# Address space a case may add to its worker: a reader past it fails with MemoryError, a crash.
MEMORY_LIMIT = 2048 * MIB


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    prepare()
    with Runner(tmp_path_factory.mktemp("fuzz"), timeout=CASE_TIMEOUT,
                memory_limit=MEMORY_LIMIT) as run:
        yield run


CASES = plan(per_target=CASES_PER_READER, seed=SEED)


@pytest.mark.parametrize("reader", [t.name for t in TARGETS])
def test_no_crash(runner: Runner, reader: str) -> None:
    results = [runner.run(c) for c in CASES if c.target == reader]
    assert len(results) == CASES_PER_READER
    crashes = crash_lines(results)
    if crashes:
        pytest.fail(f"{len(crashes)} of {len(results)} cases crashed {reader}:\n"
                    + "\n".join(crashes), pytrace=False)


SWEEP = json_sweep_plan()


@pytest.mark.parametrize("reader", sorted({c.target for c in SWEEP}))
def test_json_every_key_every_type(runner: Runner, reader: str) -> None:
    """Each key of the JSON seeds set to {}, [], null, true, 1 and "x" in turn."""
    results = [runner.run(c) for c in SWEEP if c.target == reader]
    crashes = crash_lines(results)
    if crashes:
        pytest.fail(f"{len(crashes)} of {len(results)} cases crashed {reader}:\n"
                    + "\n".join(crashes), pytrace=False)


BOMBS = bomb_plan(distinct=True)


@pytest.fixture(scope="module")
def bomb_runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    """A bomb still inflating after twice its allowance is stopped: it has failed already."""
    prepare()
    with Runner(tmp_path_factory.mktemp("bombs"), timeout=2 * BOMB_SECONDS,
                memory_limit=MEMORY_LIMIT) as run:
        yield run


@pytest.mark.parametrize("reader", sorted({c.target for c in BOMBS}))
def test_bombs_refused_fast(bomb_runner: Runner, reader: str) -> None:
    results = [bomb_runner.run(c) for c in BOMBS if c.target == reader]
    expected = {"refused"} if TARGETS_BY_NAME[reader].refuses_bombs else {"refused", "read"}
    wrong = [f"{r.case.label}: {r.outcome} in {r.cpu_seconds or 0:.2f} s CPU ({r.seconds:.2f} s)"
             f" ({r.error or ''} {(r.message or '; '.join(r.notes))[:160]!r}"
             f" at {r.raised_at})" for r in results
             if r.outcome not in expected or (r.cpu_seconds or r.seconds) > BOMB_SECONDS]
    if wrong:
        pytest.fail(f"bombs not refused within {BOMB_SECONDS} s of CPU by {reader}:\n"
                    + "\n".join(wrong), pytrace=False)


def test_cases_are_reproducible(tmp_path: Path) -> None:
    """A reported case is rebuilt from its four values, byte for byte."""
    for case in CASES[::37]:
        again = Case(case.target, case.seed, case.mutations, case.case_seed)
        assert case.files() == again.files()


def _dies(path: Path) -> object:
    os._exit(3)


def _hangs(path: Path) -> object:
    time.sleep(60)
    return None


def _unnamed(path: Path) -> object:
    raise InputError("no name column")  # an error that does not say which file


def test_runner_outlives_its_readers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader that kills its process, hangs, or raises without naming the file costs one case
    each, judged a crash, and the next case still runs."""
    readers = {"dies": _dies, "hangs": _hangs, "unnamed": _unnamed}
    for name, read in readers.items():
        monkeypatch.setitem(TARGETS_BY_NAME, name, Target(name, ("own-list-csv",), read))
    monkeypatch.setitem(TARGETS_BY_NAME, "fine", TARGETS_BY_NAME["lists:own-csv"])
    with Runner(tmp_path, timeout=1.0, wall_factor=2.0) as run:
        results = [run.run(Case(name, "own-list-csv", ("bit-flip",), 1))
                   for name in ("dies", "fine", "hangs", "unnamed", "fine")]
    assert [r.outcome for r in results] == ["crashed", "read", "crashed", "crashed", "read"]
    assert [r.error for r in results[0:4:2] + results[3:4]] == [
        "WorkerDied", "Timeout", "InputError"]
