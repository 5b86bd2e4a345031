"""Files that are not lists at all, or lists cut short or scrambled: refused or reported by name,
whatever the bytes; properties over random bytes and random mutations of the real fixtures."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightscreen.errors import FileRefused, ListFormatError, RightscreenError
from rightscreen.model import ListSnapshot
from rightscreen.safety import Limits
from rightscreen.sources import (
    csl,
    dod1260h,
    dpl,
    ftm,
    load_lists,
    nsfreg,
    ofac,
    sniff_format,
    table,
    un,
)
from rightscreen.sources.remarks import parse_remarks

FIXTURES = Path(__file__).parent.parent / "fixtures"
ONE_FILE_LISTS = ["csl_sample.csv", "dpl_sample.txt", "dod_1260h_sample.csv",
                  "bis_entity_list_sample.json", "un_sample.xml", "section_889.csv"]
# The first bytes of real files of each kind, as a damaged or mislabelled copy starts.
FOREIGN = {
    "executable": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
    "PNG": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "OLE": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00",
    "PDF": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
}


def _read_all(path: Path) -> list[ListSnapshot]:
    """Every reader on one file, whatever its format: each must cope with any bytes."""
    out: list[ListSnapshot] = []
    readers: list[Callable[[Path], list[ListSnapshot]]] = [csl.read] + [
        lambda p, r=r: [r(p)]  # type: ignore[misc]
        for r in (dpl.read, dod1260h.read, ftm.read, nsfreg.read, un.read, table.read)]
    for reader in readers:
        try:
            out.extend(reader(path))
        except RightscreenError as exc:
            assert str(exc).startswith(str(path)), exc
    return out


def _assert_names_file(call: Callable[[], object], path: Path) -> None:
    """`call` returns, or raises one of our errors whose message names the file."""
    try:
        call()
    except RightscreenError as exc:
        assert path.name in str(exc)


@pytest.mark.parametrize("kind", sorted(FOREIGN))
@pytest.mark.parametrize("name", ["csl_sample.csv", "dpl_sample.txt", "un_sample.xml",
                                  "section_889.csv"])
def test_foreign_header_is_refused_as_what_it_is(tmp_path: Path, kind: str, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(FOREIGN[kind] + (FIXTURES / name).read_bytes())
    with pytest.raises(FileRefused, match=rf"{path.name}: is an? .*{kind}"):
        load_lists([path])
    assert sniff_format(path) is None


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_foreign_file_in_a_folder_is_skipped_with_its_reason(tmp_path: Path, kind: str) -> None:
    shutil.copy(FIXTURES / "dpl_sample.txt", tmp_path / "dpl.txt")
    bad = tmp_path / "list.csv"
    bad.write_bytes(FOREIGN[kind] + b"name\nHikvision\n")
    result = load_lists([tmp_path])
    assert [s.info.id for s in result.snapshots] == ["bis-dpl"]
    assert result.skipped == [str(bad)] and kind in result.reasons[str(bad)]


def test_gzipped_list_is_refused_as_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_bytes(gzip.compress((FIXTURES / "csl_sample.csv").read_bytes(), mtime=0))
    with pytest.raises(FileRefused, match="csl.csv: is a gzip archive"):
        load_lists([path])


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    shutil.copy(FIXTURES / "csl_sample.csv", path)
    small = Limits(max_file_bytes=1000)
    with pytest.raises(FileRefused, match="csl.csv: 3,734 bytes, over the limit of 1,000"):
        load_lists([path], limits=small)
    with pytest.raises(FileRefused, match="csl.csv"):
        csl.read(path, limits=small)
    assert load_lists([tmp_path], limits=small).reasons[str(path)].startswith("3,734 bytes")
    assert sniff_format(path) == "csl-csv" and sniff_format(path, limits=small) is None


def test_empty_statutory_table_is_a_list_format_error(tmp_path: Path) -> None:
    path = tmp_path / "section_889.csv"
    path.write_bytes(b"")
    with pytest.raises(ListFormatError, match="section_889.csv"):
        table.read(path)


def test_ofac_set_without_a_main_file_is_our_error(fixtures: Path) -> None:
    parts = [ofac.Part("add", fixtures / "ofac-sdn" / "add.csv")]
    with pytest.raises(ListFormatError, match="add.csv: .*exactly one main file"):
        ofac.read(parts)


@pytest.mark.parametrize("name", ONE_FILE_LISTS)
@pytest.mark.parametrize("keep", [0.0, 0.1, 0.5, 0.9, 0.99])
def test_truncated_list_is_read_in_part_or_refused_by_name(tmp_path: Path, name: str,
                                                          keep: float) -> None:
    data = (FIXTURES / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: int(len(data) * keep)])
    if keep == 0 or name.endswith((".xml", ".json")):  # empty, or one document cut short
        with pytest.raises(ListFormatError, match=f"^{re.escape(str(path))}: "):
            load_lists([path])
        return
    snapshots = load_lists([path]).snapshots
    assert all(p.file == str(path) for s in snapshots for p in s.problems)
    whole = load_lists([FIXTURES / name]).snapshots
    assert sum(len(s.entities) for s in snapshots) <= sum(len(s.entities) for s in whole)


def test_dod_row_cut_before_its_end_date_is_reported_not_listed(tmp_path: Path) -> None:
    data = (FIXTURES / "dod_1260h_sample.csv").read_bytes()
    path = tmp_path / "dod.csv"
    path.write_bytes(data[: data.rindex(b",2025-01-07")])  # CRCC, delisted, loses its end date
    (dod,) = load_lists([path]).snapshots
    assert "CRCC" not in " ".join(e.name for e in dod.entities)
    assert [(p.row, p.message) for p in dod.problems] == [(5, "fewer fields than the header")]


def test_truncated_xml_and_json_lose_the_file_not_its_tail(tmp_path: Path) -> None:
    for name in ("un_sample.xml", "bis_entity_list_sample.json"):
        data = (FIXTURES / name).read_bytes()
        path = tmp_path / name
        path.write_bytes(data[: len(data) // 2])
        reader = un.read if name.endswith("xml") else nsfreg.read
        with pytest.raises(ListFormatError, match=name):
            reader(path)


def test_truncated_ofac_main_file_reports_its_last_row(tmp_path: Path, fixtures: Path) -> None:
    shutil.copytree(fixtures / "ofac-sdn", tmp_path / "sdn")
    main = tmp_path / "sdn" / "sdn.csv"
    data = main.read_bytes()
    main.write_bytes(data[: data.index(b"\r\n15599") + 20])
    (sdn,) = load_lists([tmp_path / "sdn"]).snapshots
    assert sdn.info.entities == 4
    assert [(p.file, p.row) for p in sdn.problems] == [(str(main), 5)]


def test_readers_agree_run_after_run(tmp_path: Path) -> None:
    # Same bytes, same output: problems included, for a file with damage in it.
    data = (FIXTURES / "csl_sample.csv").read_bytes()
    path = tmp_path / "csl.csv"
    path.write_bytes(data[:1500] + b"\x00\xff\"\n" + data[1500:])
    first = [(s.info, [e.to_dict() for e in s.entities], s.problems) for s in csl.read(path)]
    again = [(s.info, [e.to_dict() for e in s.entities], s.problems) for s in csl.read(path)]
    assert first == again and any(s[2] for s in first)


def test_crafted_remarks_take_linear_time() -> None:
    # Before the bounds these took minutes: every "citizen" rescanned the rest of the text up
    # to the digit that makes it fail, every "Listing Date (" up to a ")" that never comes.
    for text in ("citizen A " * 40_000 + "1", "Listing Date (" * 100_000):
        start = time.perf_counter()
        facts = parse_remarks(text)
        assert time.perf_counter() - start < 5.0
        assert facts.listing_date is None
    assert parse_remarks("nationality China; DOB 1970").nationalities == ["China"]


def test_folder_or_pipe_given_as_a_list_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a folder named like a list.csv"
    folder.mkdir()
    with pytest.raises(FileRefused, match="a folder named like a list.csv: is not a regular"):
        csl.read(folder)
    pipe = tmp_path / "list.csv"
    os.mkfifo(pipe)  # opening it to read would wait for a writer forever
    with pytest.raises(FileRefused, match="list.csv: is not a regular file"):
        load_lists([pipe])


def test_unclosed_quote_in_an_ofac_file_does_not_swallow_the_rows_after_it(
        tmp_path: Path, fixtures: Path) -> None:
    shutil.copytree(fixtures / "ofac-sdn", tmp_path / "sdn")
    main = tmp_path / "sdn" / "sdn.csv"
    # The last field of row 2 opens a quote that the line never closes; read as one stream,
    # rows 2 and 3 became one 22-field record and both entries were lost.
    main.write_bytes(main.read_bytes().replace(b"-0- \r\n306", b'"-0- \r\n306', 1))
    (sdn,) = load_lists([tmp_path / "sdn"]).snapshots
    assert {e.sources[0].entry_id for e in sdn.entities} == {"36", "173", "306", "12300", "15599"}
    assert sdn.problems == []


# --- properties -------------------------------------------------------------------------------

PROPERTY = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".csv", ".txt", ".json", ".xml"]))
def test_random_bytes_never_escape(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    _assert_names_file(lambda: load_lists([path]), path)
    _assert_names_file(lambda: _read_all(path), path)


_MUTATION = st.tuples(st.sampled_from(["flip", "insert", "delete", "cut", "repeat"]),
                      st.floats(0, 1), st.binary(min_size=1, max_size=8))


def _mutate(data: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    for op, where, chunk in mutations:
        at = int(where * len(data))
        if op == "flip":
            data = data[:at] + chunk + data[at + len(chunk):]
        elif op == "insert":
            data = data[:at] + chunk + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + len(chunk) * 8:]
        elif op == "cut":
            data = data[:at]
        else:
            data = data[:at] + data[at:at + 200] * (1 + chunk[0] % 50) + data[at:]
    return data


@PROPERTY
@given(name=st.sampled_from(ONE_FILE_LISTS), mutations=st.lists(_MUTATION, min_size=1,
                                                                 max_size=4))
def test_mutated_fixture_never_escapes(tmp_path: Path, name: str,
                                       mutations: list[tuple[str, float, bytes]]) -> None:
    path = tmp_path / name
    path.write_bytes(_mutate((FIXTURES / name).read_bytes(), mutations))
    _assert_names_file(lambda: load_lists([path]), path)
    for snapshot in _read_all(path):
        assert all(p.file == str(path) for p in snapshot.problems)


@PROPERTY
@given(part=st.sampled_from(["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]),
       mutations=st.lists(_MUTATION, min_size=1, max_size=4))
def test_mutated_ofac_set_never_escapes(tmp_path: Path, part: str,
                                        mutations: list[tuple[str, float, bytes]]) -> None:
    folder = tmp_path / "sdn"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(FIXTURES / "ofac-sdn", folder)
    path = folder / part
    path.write_bytes(_mutate(path.read_bytes(), mutations))
    try:
        result = load_lists([folder])
    except RightscreenError as exc:
        assert "sdn" in str(exc)
        return
    files = {str(p) for p in folder.iterdir()}
    assert all(p.file in files for s in result.snapshots for p in s.problems)
