from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from rightscreen import Screener
from rightscreen.errors import InputError
from rightscreen.reports.tabular import envelope_json, write_report
from rightscreen.screening.names import screen_file
from rightscreen.snapshot import Snapshot


@pytest.fixture()
def envelope(tmp_path: Path, screener: Screener, builtin: Snapshot) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "in.csv"
    path.write_text("name\nHIKVISION\nNorthwind Traders\n", "utf-8")
    return screen_file(path, screener, builtin.infos).to_dict()


def test_json_round_trip(tmp_path: Path, envelope: dict) -> None:  # type: ignore[type-arg]
    write_report(envelope, tmp_path / "out.json")
    assert json.loads((tmp_path / "out.json").read_text("utf-8")) == envelope


def test_csv_has_every_row_and_list_versions(tmp_path: Path, envelope: dict) -> None:  # type: ignore[type-arg]
    write_report(envelope, tmp_path / "out.csv")
    lines = (tmp_path / "out.csv").read_text("utf-8").splitlines()
    assert lines[0].startswith("# rightscreen") and "bis-entity-list" in lines[0]
    rows = list(csv.DictReader(lines[1:]))
    assert {r["query_name"] for r in rows} == {"HIKVISION", "Northwind Traders"}
    hik = next(r for r in rows if r["query_name"] == "HIKVISION")
    assert "bis-entity-list" in hik["lists"] and hik["explanation"]


def test_xlsx_sheets(tmp_path: Path, envelope: dict) -> None:  # type: ignore[type-arg]
    write_report(envelope, tmp_path / "out.xlsx")
    book = load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == ["hits", "problems", "lists"]
    assert book["hits"].max_row >= 3
    assert book["lists"].max_row == len(envelope["lists"]) + 1


def test_unknown_extension(tmp_path: Path, envelope: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match="out.pdf"):
        write_report(envelope, tmp_path / "out.pdf")


HOSTILE = ["=HYPERLINK(\"http://example.invalid\",\"click\")", "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(1,1)", "\tTAB Corp", "\rCR Corp"]


@pytest.fixture()
def hostile_envelope(tmp_path: Path, screener: Screener, builtin: Snapshot) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "hostile.csv"
    rows = "\n".join(f'"{name.replace(chr(34), chr(34) * 2)}"' for name in HOSTILE)
    path.write_text("name\n" + rows + "\n-12.5\n", "utf-8")
    return screen_file(path, screener, builtin.infos).to_dict()


def test_csv_cells_that_start_a_formula_are_text(tmp_path: Path,
                                                 hostile_envelope: dict) -> None:  # type: ignore[type-arg]
    write_report(hostile_envelope, tmp_path / "out.csv")
    lines = (tmp_path / "out.csv").read_text("utf-8").split("\n", 1)[1]
    names = [r["query_name"] for r in csv.DictReader(io.StringIO(lines))]
    read = {n.lstrip("'") for n in names}
    assert {h.strip() for h in HOSTILE} <= read | {h for h in HOSTILE}
    for name in names:
        if name.startswith(("=", "+", "@", "\t", "\r")) or (name.startswith("-")
                                                             and name != "-12.5"):
            pytest.fail(f"formula-like cell written live: {name!r}")
    assert "-12.5" in names  # a number stays a number


def test_xlsx_cells_that_start_a_formula_are_strings(tmp_path: Path,
                                                     hostile_envelope: dict) -> None:  # type: ignore[type-arg]
    write_report(hostile_envelope, tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx")["hits"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    typed = {c.value: c.data_type for c in cells}
    assert typed['=HYPERLINK("http://example.invalid","click")'] == "s"
    assert all(t != "f" for t in typed.values())
    assert typed["@SUM(1,1)"] == "s"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(), _JSON, max_size=6))
def test_envelope_json_reads_back_as_the_envelope(data: dict[str, object]) -> None:
    text = envelope_json(data)
    assert json.loads(text) == data
    assert text.endswith("}\n")
