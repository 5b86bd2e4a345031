"""Damaged and hostile copies of the real fixtures: every list reader reports a bad row and reads
the rest, or refuses the file with our own error naming it; nothing else ever escapes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from rightscreen.errors import FileRefused, ListFormatError
from rightscreen.model import ListSnapshot, RowProblem
from rightscreen.safety import DEFAULT_LIMITS, Limits
from rightscreen.sources import csl, ftm, load_lists, nsfreg

BIG = "x" * (DEFAULT_LIMITS.max_field_chars + 1)
# Python's own csv field limit, which used to lose the whole file.
PYTHON_CSV_LIMIT = 131_072


def _records(path: Path, **dialect: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"), newline=""), **dialect))


def _write(path: Path, records: list[list[str]], **dialect: Any) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n", **dialect).writerows(records)
    path.write_text(buffer.getvalue(), "utf-8")
    return path


def _problems(snapshots: list[ListSnapshot]) -> list[RowProblem]:
    return [p for s in snapshots for p in s.problems]


def _ids(snapshots: list[ListSnapshot]) -> set[str]:
    return {e.id for s in snapshots for e in s.entities}


# (fixture, dialect, data record index to damage, field index, is there a header row)
CSV_CASES = [
    ("ofac-sdn/sdn.csv", {}, 2, 11, False),
    ("csl_sample.csv", {}, 3, 5, True),
    ("dpl_sample.txt", {"delimiter": "\t", "quoting": csv.QUOTE_ALL}, 2, 1, True),
    ("dod_1260h_sample.csv", {}, 1, 5, True),
]


def _damage(fixtures: Path, tmp_path: Path, name: str, dialect: dict[str, Any], index: int,
            field: int, value: str) -> tuple[Path, Path]:
    """The fixture (rewritten unchanged) and a copy with one field replaced, in two folders
    that also hold the OFAC sibling files the main file is read with."""
    original, damaged = tmp_path / "original", tmp_path / "damaged"
    for folder in (original, damaged):
        if name.startswith("ofac"):
            shutil.copytree((fixtures / name).parent, folder)
        else:
            folder.mkdir()
    records = _records(fixtures / name, **dialect)
    _write(original / Path(name).name, records, **dialect)
    records[index][field] = value
    return original / Path(name).name, _write(damaged / Path(name).name, records, **dialect)


@pytest.mark.parametrize(("name", "dialect", "index", "field", "header"), CSV_CASES)
def test_oversized_field_loses_one_row(fixtures: Path, tmp_path: Path, name: str,
                                       dialect: dict[str, Any], index: int, field: int,
                                       header: bool) -> None:
    original, damaged = _damage(fixtures, tmp_path, name, dialect, index, field, BIG)
    before = load_lists([original]).snapshots
    after = load_lists([damaged]).snapshots
    added = [p for p in _problems(after) if "characters, over the limit" in p.message]
    assert len(added) == 1
    row = index if header else index + 1
    assert added[0].row == row and added[0].file == str(damaged)
    assert len(_problems(after)) == len(_problems(before)) + 1
    # That row's entity is lost, and only it.
    lost = [e for s in before for e in s.entities if e.id not in _ids(after)]
    assert [e.sources[0].row for e in lost] == [row]
    assert sum(len(s.entities) for s in after) == sum(len(s.entities) for s in before) - 1


@pytest.mark.parametrize(("name", "dialect", "index", "field", "header"), CSV_CASES)
def test_field_over_pythons_csv_limit_is_read(fixtures: Path, tmp_path: Path, name: str,
                                              dialect: dict[str, Any], index: int, field: int,
                                              header: bool) -> None:
    long = "y" * (PYTHON_CSV_LIMIT + 1)
    original, damaged = _damage(fixtures, tmp_path, name, dialect, index, field, long)
    before, after = load_lists([original]).snapshots, load_lists([damaged]).snapshots
    assert len(_problems(after)) == len(_problems(before))
    assert _ids(after) == _ids(before)


def test_field_limit_is_a_parameter(fixtures: Path, tmp_path: Path) -> None:
    _, damaged = _damage(fixtures, tmp_path, "csl_sample.csv", {}, 2, 20, "z" * 5000)
    assert not any("limit" in p.message for p in _problems(load_lists([damaged]).snapshots))
    small = Limits(max_field_chars=4000)
    problems = _problems(load_lists([damaged], limits=small).snapshots)
    assert [p.row for p in problems if "limit of 4,000" in p.message] == [2]


def test_renamed_csl_column_is_reported_not_a_crash(fixtures: Path, tmp_path: Path) -> None:
    records = _records(fixtures / "csl_sample.csv")
    records[0][records[0].index("alt_names")] = "alternate_names"
    path = _write(tmp_path / "csl.csv", records)
    snapshots = csl.read(path)
    assert _ids(snapshots) == _ids(csl.read(fixtures / "csl_sample.csv"))
    (header_problem,) = [p for p in _problems(snapshots) if p.row is None]
    assert "alt_names" in header_problem.message and header_problem.file == str(path)
    hik = next(e for s in snapshots for e in s.entities if "Hikvision" in e.name)
    assert "Hikvision" not in {n.value for n in hik.names[1:]}  # its aliases were not read


def test_csl_without_a_name_column_is_a_list_format_error(fixtures: Path, tmp_path: Path) -> None:
    records = _records(fixtures / "csl_sample.csv")
    records[0][records[0].index("name")] = "entity_name"
    path = _write(tmp_path / "csl.csv", records)
    with pytest.raises(ListFormatError, match=r"csl\.csv.*no name column"):
        csl.read(path)


def test_csl_with_every_row_broken_keeps_its_problems(tmp_path: Path, fixtures: Path) -> None:
    header = (fixtures / "csl_sample.csv").read_text("utf-8").splitlines()[0]
    path = tmp_path / "csl.csv"
    path.write_text(header + "\n1,2,3\n4,5\n", "utf-8")
    (snapshot,) = csl.read(path)
    assert snapshot.entities == [] and [p.row for p in snapshot.problems] == [1, 2]


# --- JSON readers: one wrong type is one row problem ------------------------------------------


def _ftm_lines(fixtures: Path) -> list[dict[str, Any]]:
    """The BIS Entity List sample as FollowTheMoney entities: real names, aliases, countries."""
    data = json.loads((fixtures / "bis_entity_list_sample.json").read_text("utf-8"))
    return [{"id": f"bis-{n}", "schema": "Company", "datasets": ["us_bis_entity_list"],
             "properties": {"name": [e["name"]], "alias": e["aliases"],
                            "country": [e["country"]] if e["country"] else []}}
            for n, e in enumerate(data["entities"], start=1)]


DEEP = "[" * 100_000 + "]" * 100_000
FTM_DAMAGE = {
    "schema is an object": lambda e: {**e, "schema": {}},
    "properties is a list": lambda e: {**e, "properties": []},
    "name is null": lambda e: {**e, "properties": {**e["properties"], "name": None}},
    "name is true": lambda e: {**e, "properties": {**e["properties"], "name": True}},
    "alias is a number": lambda e: {**e, "properties": {**e["properties"], "alias": 1}},
    "name holds an object": lambda e: {**e, "properties": {"name": [{"a": 1}]}},
    "datasets is a string": lambda e: {**e, "datasets": "us_bis_entity_list"},
    "line is a list": lambda e: [e],
    "line is true": lambda e: True,
}


@pytest.mark.parametrize("damage", sorted(FTM_DAMAGE))
def test_ftm_wrong_type_is_one_row_problem(fixtures: Path, tmp_path: Path, damage: str) -> None:
    entities = _ftm_lines(fixtures)
    lines = [json.dumps(e) for e in entities]
    lines[2] = json.dumps(FTM_DAMAGE[damage](entities[2]))
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    (snapshot,) = load_lists([path]).snapshots
    assert [(p.file, p.row) for p in snapshot.problems] == [(str(path), 3)]
    assert snapshot.info.entities == len(entities) - 1
    assert f"ftm-us_bis_entity_list:{entities[2]['id']}" not in {e.id for e in snapshot.entities}


def test_ftm_deep_nesting_is_one_row_problem(fixtures: Path, tmp_path: Path) -> None:
    lines = [json.dumps(e) for e in _ftm_lines(fixtures)]
    lines.insert(1, '{"schema": "Company", "properties": {"name": ' + DEEP + "}}")
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(lines), "utf-8")
    (snapshot,) = load_lists([path]).snapshots
    (problem,) = snapshot.problems
    assert problem.row == 2 and "nested too deep" in problem.message
    assert snapshot.info.entities == len(lines) - 1


def test_ftm_line_separator_inside_a_name_does_not_split_the_line(fixtures: Path,
                                                                  tmp_path: Path) -> None:
    entities = _ftm_lines(fixtures)
    entities[0]["properties"]["name"] = ["Dahua\u2028Technology"]  # JSON allows it unescaped
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities), "utf-8")
    snapshot = ftm.read(path)
    assert snapshot.problems == [] and snapshot.info.entities == len(entities)


def test_ftm_deep_nesting_on_the_first_line_is_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text(DEEP + "\n", "utf-8")
    with pytest.raises(ListFormatError, match="entities.ftm.json: not a list in any format"):
        load_lists([path])  # recognising the format parses the first line too
    assert [(p.row, p.message) for p in ftm.read(path).problems] == [
        (1, "JSON nested too deep to read")]


NSFREG_DAMAGE = {
    "name is null": {"name": None},
    "name is true": {"name": True},
    "name is a list": {"name": ["Dahua"]},
    "aliases is a number": {"aliases": 1},
    "aliases holds null": {"aliases": [None]},
    "country is an object": {"country": {}},
    "notes is a number": {"notes": 7},
    "effective_date is a list": {"effective_date": []},
}


@pytest.mark.parametrize("damage", sorted(NSFREG_DAMAGE))
def test_us_lists_json_wrong_type_is_one_row_problem(fixtures: Path, tmp_path: Path,
                                                     damage: str) -> None:
    data = json.loads((fixtures / "bis_entity_list_sample.json").read_text("utf-8"))
    data["entities"][3].update(NSFREG_DAMAGE[damage])
    path = tmp_path / "bis.json"
    path.write_text(json.dumps(data), "utf-8")
    (snapshot,) = load_lists([path]).snapshots
    rows = [p.row for p in snapshot.problems if p.row is not None]
    assert rows == [4] and snapshot.problems[0].file == str(path)
    assert snapshot.info.entities == len(data["entities"]) - 1
    assert "bis-entity-list:4" not in {e.id for e in snapshot.entities}


@pytest.mark.parametrize(("change", "error", "words"), [
    ({"entities": True}, ListFormatError, "entities is a JSON bool"),
    ({"entities": {"a": 1}}, ListFormatError, "entities is a JSON dict"),
    ({"list_id": 5}, ListFormatError, "list_id is not a string"),
    ([], ListFormatError, "a JSON list, not a list object"),
])
def test_us_lists_json_broken_envelope(fixtures: Path, tmp_path: Path, change: Any,
                                       error: type[Exception], words: str) -> None:
    data = json.loads((fixtures / "bis_entity_list_sample.json").read_text("utf-8"))
    path = tmp_path / "bis.json"
    path.write_text(json.dumps({**data, **change} if change else [data]), "utf-8")
    with pytest.raises(error, match=rf"bis\.json: {words}"):
        nsfreg.read(path)


def test_us_lists_json_entries_that_are_not_objects(fixtures: Path, tmp_path: Path) -> None:
    data = json.loads((fixtures / "bis_entity_list_sample.json").read_text("utf-8"))
    data["entities"][1:1] = [1, "Hikvision", None, json.loads("[" * 500 + "]" * 500)]
    path = tmp_path / "bis.json"
    path.write_text(json.dumps(data), "utf-8")
    snapshot = nsfreg.read(path)
    assert [p.row for p in snapshot.problems if p.row] == [2, 3, 4, 5]
    assert snapshot.info.entities == len(data["entities"]) - 4


def test_us_lists_json_entry_too_deep_is_one_row_problem(fixtures: Path, tmp_path: Path) -> None:
    data = json.loads((fixtures / "bis_entity_list_sample.json").read_text("utf-8"))
    text = json.dumps(data).replace('"aliases": []', '"aliases": ' + DEEP, 1)
    deep_entry = next(n for n, e in enumerate(data["entities"], start=1) if e["aliases"] == [])
    path = tmp_path / "bis.json"
    path.write_text(text, "utf-8")
    (snapshot,) = load_lists([path]).snapshots
    assert [(p.row, p.message) for p in snapshot.problems if p.row] == [
        (deep_entry, "entry nested too deep to read")]
    assert snapshot.info.entities == len(data["entities"]) - 1


def test_us_lists_json_too_deep_elsewhere_is_refused_by_name(fixtures: Path,
                                                             tmp_path: Path) -> None:
    text = (fixtures / "bis_entity_list_sample.json").read_text("utf-8")
    path = tmp_path / "bis.json"
    path.write_text(text.rstrip()[:-1] + ', "extra": ' + DEEP + "}", "utf-8")
    with pytest.raises(FileRefused, match=r"bis\.json.*nested too deep"):
        load_lists([path])
