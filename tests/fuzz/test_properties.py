"""Property tests over the fuzz targets: whatever bytes a reader is given (random, random behind
a real file signature, or a seed through a stack of mutations), it reads them or refuses them
by name; it never crashes. Bounded and derandomised, so that `make test` is repeatable; the
benchmark explores further with new seeds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .harness import TARGETS, TARGETS_BY_NAME, Case, crash_lines
from .mutations import MUTATIONS, applicable
from .runner import Runner, prepare
from .seeds import all_seeds
from .test_fuzz import MEMORY_LIMIT

READERS = [t.name for t in TARGETS]
# The first bytes each format is recognised by, so that random bytes get past the sniffers.
SIGNATURES = [b"", b"PK\x03\x04", b"PK\x05\x06", b"%PDF-1.7\n", b'<?xml version="1.0"?>',
              b"<html>", b'{"schema": "Company", "properties": ', b'{"list_id": "x", "entities": [',
              b"\xef\xbb\xbf", b"\xff\xfe", b"name,country\n", b"Name\tStreet_Address\t"]
# No shrinking: a failing case is already reported by its reader, seed, mutations and case
# seed, and shrinking would rerun the expensive ones (a bomb, an amplification) many times.
BOUNDED = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    prepare()
    with Runner(tmp_path_factory.mktemp("properties"), timeout=10.0,
                memory_limit=MEMORY_LIMIT) as run:
        yield run


def _check(runner: Runner, case: Case) -> None:
    result = runner.run(case)
    assert result.outcome != "crashed", "\n".join(crash_lines([result]))


@BOUNDED
@given(reader=st.sampled_from(READERS), data=st.binary(max_size=4096))
def test_random_bytes(runner: Runner, reader: str, data: bytes) -> None:
    _check(runner, Case(reader, TARGETS_BY_NAME[reader].seeds[0], (), 0, data))


@BOUNDED
@given(reader=st.sampled_from(READERS), head=st.sampled_from(SIGNATURES),
       data=st.binary(max_size=4096))
def test_random_bytes_behind_a_signature(runner: Runner, reader: str, head: bytes,
                                         data: bytes) -> None:
    _check(runner, Case(reader, TARGETS_BY_NAME[reader].seeds[0], (), 0, head + data))


@BOUNDED
@given(reader=st.sampled_from(READERS), draw=st.data(),
       case_seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_stacked_mutations(runner: Runner, reader: str, draw: st.DataObject,
                           case_seed: int) -> None:
    seed = draw.draw(st.sampled_from(TARGETS_BY_NAME[reader].seeds), label="seed")
    names = draw.draw(st.lists(st.sampled_from(applicable(all_seeds()[seed], heavy=False)),
                               min_size=1, max_size=3), label="mutations")
    _check(runner, Case(reader, seed, tuple(names), case_seed))


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(seed=st.sampled_from(sorted(all_seeds())), draw=st.data(),
       case_seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutations_are_deterministic(seed: str, draw: st.DataObject, case_seed: int) -> None:
    names = applicable(all_seeds()[seed], heavy=False)
    name = draw.draw(st.sampled_from(names), label="mutation")
    case = Case("-", seed, (name,), case_seed)
    first = case.files()
    assert first == case.files()
    assert set(first) == set(all_seeds()[seed].files)
    assert not MUTATIONS[name].bomb
