from __future__ import annotations

from pathlib import Path

from rightscreen.sources import load_lists


def _one(path: Path):  # type: ignore[no-untyped-def]
    snapshots = load_lists([path]).snapshots
    assert len(snapshots) == 1
    return snapshots[0]


def test_sdn_set_is_joined_on_entry_number(fixtures: Path) -> None:
    sdn = _one(fixtures / "ofac-sdn")
    assert sdn.info.id == "ofac-sdn"
    assert sdn.info.entities == 5
    by_entry = {e.sources[0].entry_id: e for e in sdn.entities}
    cuba = by_entry["306"]
    assert cuba.name == "BANCO NACIONAL DE CUBA"
    names = {n.value for n in cuba.names}
    assert "NATIONAL BANK OF CUBA" in names  # from alt.csv
    assert "BNC" in names  # a.k.a. in the remarks
    assert any("Zurich" in a for a in cuba.addresses)  # from add.csv
    assert "Switzerland" in cuba.countries
    assert cuba.sources[0].file == "sdn.csv" and cuba.sources[0].row is not None


def test_remarks_continue_in_comments_file(fixtures: Path) -> None:
    sdn = _one(fixtures / "ofac-sdn")
    entity = next(e for e in sdn.entities if e.sources[0].entry_id == "12300")
    assert entity.remarks is not None and "Linked To: RED MUNDIAL" in entity.remarks


def test_consolidated_list_recognised_and_identifiers_parsed(fixtures: Path) -> None:
    cons = _one(fixtures / "ofac-cons")
    assert cons.info.id == "ofac-nonsdn"
    hik = next(e for e in cons.entities if e.sources[0].entry_id == "30946")
    idents = {(i.scheme, i.value) for i in hik.identifiers}
    assert ("isin", "CNE100000PM8") in idents
    assert ("uscc", "91330000733796106P") in idents
    assert ("ticker", "002415 CN") in idents
    assert hik.sources[0].program == "CMIC-EO13959"
    assert hik.sources[0].listed == "2021-06-03"


def test_main_file_given_alone_joins_its_siblings(fixtures: Path) -> None:
    sdn = _one(fixtures / "ofac-sdn" / "sdn.csv")
    cuba = next(e for e in sdn.entities if e.sources[0].entry_id == "306")
    assert "NATIONAL BANK OF CUBA" in {n.value for n in cuba.names}


def test_broken_row_is_reported_and_others_kept(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "ofac-sdn" / "sdn.csv").read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    lines.insert(2, '999,"BROKEN ROW",-0-')
    (tmp_path / "sdn.csv").write_bytes("\r\n".join(lines).encode("utf-8"))
    sdn = _one(tmp_path / "sdn.csv")
    assert sdn.info.entities == 5
    assert len(sdn.problems) == 1
    assert sdn.problems[0].row == 3 and "sdn.csv" in sdn.problems[0].file
