from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rightscreen.errors import ListFormatError
from rightscreen.sources import load_lists, sniff_format


def test_csl_split_by_source_and_bad_rows_reported(fixtures: Path) -> None:
    snapshots = load_lists([fixtures / "csl_sample.csv"]).snapshots
    ids = {s.info.id for s in snapshots}
    assert {"csl-cmic", "csl-el"} <= ids
    cmic = next(s for s in snapshots if s.info.id == "csl-cmic")
    hik = cmic.entities[0]
    assert "Hikvision" in {n.value for n in hik.names}
    assert ("isin", "CNE100000PM8") in {(i.scheme, i.value) for i in hik.identifiers}
    problems = [p for s in snapshots for p in s.problems]
    messages = " ".join(p.message for p in problems)
    assert "repeated header" in messages and "fields" in messages
    assert len({s.info.sha256 for s in snapshots}) == 1


def test_un_xml(fixtures: Path) -> None:
    (un,) = load_lists([fixtures / "un_sample.xml"]).snapshots
    assert un.info.id == "un-sc" and un.info.date == "2026-02-27"
    assert un.info.entities == 3
    schemas = sorted(e.schema for e in un.entities)
    assert schemas == ["Organization", "Person", "Person"]
    saddam = next(e for e in un.entities if any("صدام" in n.value for n in e.names))
    assert saddam.sources[0].entry_id.startswith("IQi")


def test_un_xml_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "un.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
                    "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol2;"
                    "</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n")
    with pytest.raises(ListFormatError, match="un.xml"):
        load_lists([bomb])


def test_dpl_text(fixtures: Path) -> None:
    (dpl,) = load_lists([fixtures / "dpl_sample.txt"]).snapshots
    assert dpl.info.id == "bis-dpl"
    names = {e.name for e in dpl.entities}
    assert "DAHUA ELECTRONICS CORPORATION" in names
    dahua = next(e for e in dpl.entities if e.name == "DAHUA ELECTRONICS CORPORATION")
    assert dahua.sources[0].federal_register


def test_us_lists_json(fixtures: Path) -> None:
    (el,) = load_lists([fixtures / "bis_entity_list_sample.json"]).snapshots
    assert el.info.id == "bis-entity-list" and el.info.date == "2026-07-09"
    hik = next(e for e in el.entities if e.name.startswith("Hangzhou Hikvision"))
    assert "Hikvision" in {n.value for n in hik.names}
    assert hik.sources[0].federal_register and "84 FR 54004" in hik.sources[0].federal_register


def test_dod_1260h_drops_delisted_rows(fixtures: Path) -> None:
    (dod,) = load_lists([fixtures / "dod_1260h_sample.csv"]).snapshots
    assert dod.info.id == "dow-1260h"
    assert dod.info.entities == 3  # 5 rows, 2 with an end date
    assert all(e.sources[0].listed for e in dod.entities)


def test_statutory_table_named_by_its_program(fixtures: Path) -> None:
    (s889,) = load_lists([fixtures / "section_889.csv"]).snapshots
    assert s889.info.id == "ndaa-889"
    assert "Hangzhou Hikvision Digital Technology Company" in {e.name for e in s889.entities}


def test_ftm_json_lines(tmp_path: Path) -> None:
    # An FtM rendering of the OFAC Hikvision entry (US-government facts).
    path = tmp_path / "entities.ftm.json"
    path.write_text(
        '{"id": "ofac-30946", "schema": "Company", "datasets": ["us_ofac_cons"], '
        '"properties": {"name": ["HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."], '
        '"alias": ["HIKVISION"], "isinCode": ["CNE100000PM8"], "country": ["cn"]}}\n'
        '{"id": "addr-1", "schema": "Address", "properties": {"full": ["Hangzhou"]}}\n'
        "not json\n", "utf-8")
    (ftm,) = load_lists([path]).snapshots
    assert ftm.info.id == "ftm-us_ofac_cons"
    assert ftm.info.entities == 1
    assert ("isin", "CNE100000PM8") in {(i.scheme, i.value) for i in ftm.entities[0].identifiers}
    assert len(ftm.problems) == 1 and ftm.problems[0].row == 3


def test_formats_recognised_by_content_not_name(tmp_path: Path, fixtures: Path) -> None:
    disguised = tmp_path / "list.dat"
    shutil.copy(fixtures / "un_sample.xml", disguised)
    assert sniff_format(disguised) == "un-xml"
    shutil.copy(fixtures / "dpl_sample.txt", tmp_path / "something.csv")
    assert sniff_format(tmp_path / "something.csv") == "bis-dpl-txt"


def test_unknown_single_file_is_an_error_naming_it(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("just some words\nand more\n")
    with pytest.raises(ListFormatError, match="notes.txt"):
        load_lists([junk])


def test_user_list_csv_and_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    csv_path = tmp_path / "our watchlist.csv"
    csv_path.write_text("Company Name,Country,ISIN\nHikvision,CN,CNE100000PM8\n,CN,\n", "utf-8")
    (user,) = load_lists([csv_path]).snapshots
    assert user.info.id == "user-our-watchlist"
    assert user.info.entities == 1 and user.problems[0].row == 2
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "aliases"])
    sheet.append(["Zhejiang Dahua Technology Co., Ltd.", "Dahua; DH"])
    book.save(tmp_path / "list.xlsx")
    (xlsx,) = load_lists([tmp_path / "list.xlsx"]).snapshots
    assert {n.value for n in xlsx.entities[0].names} >= {"Dahua", "DH"}
