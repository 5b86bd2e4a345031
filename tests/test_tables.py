"""Users' tables (CSV, TSV, XLSX): broken and hostile files end as an error naming the file, or
as one reported row, and every other row is still read."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from rightscreen.errors import FileRefused, InputError, RightscreenError
from rightscreen.safety import Limits
from rightscreen.tables import read_raw_rows, read_table

FIXTURES = Path(__file__).parent / "fixtures"
SHEET = "xl/worksheets/sheet1.xml"
# Rows of the NDAA s.889 list (tests/fixtures/section_889.csv): real names in a real layout.
SECTION_889 = (FIXTURES / "section_889.csv").read_bytes()
VENDORS = [["vendor_id", "name", "country"], ["V001", "Hangzhou Hikvision Digital Technology",
           "CN"], ["V002", "浙江大华技术股份有限公司", "CN"], ["V003", "Huawei Technologies", "CN"]]


def xlsx(rows: list[list[object]], *, sheets: int = 1) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for number in range(1, sheets):
        book.create_sheet(f"extra{number}").append(["note"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The workbook with some members replaced (None: removed)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = replace.get(info.filename, source.read(info))
            if body is not None:
                target.writestr(info.filename, body)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- CSV -----------------------------------------------------------------------------------


def test_field_past_pythons_csv_limit_is_read(tmp_path: Path) -> None:
    # 200,000 characters: over csv's own 131,072 limit, which used to lose the whole file.
    notes = "x" * 200_000
    path = write(tmp_path, "v.csv", f"name,notes\nHikvision,{notes}\nDahua,short\n".encode())
    table = read_table(path)
    assert [cells[0] for _, cells in table.rows] == ["Hikvision", "Dahua"]
    assert len(table.rows[0][1][1]) == 200_000 and not table.problems


def test_oversized_field_is_one_row_problem(tmp_path: Path) -> None:
    huge = "y" * 2_000_000  # over the default limit of 1 MiB characters
    path = write(tmp_path, "v.csv",
                 f"name,notes\nHikvision,a\nDahua,{huge}\nHuawei,b\n".encode())
    table = read_table(path)
    assert [(n, cells[0]) for n, cells in table.rows] == [(1, "Hikvision"), (3, "Huawei")]
    (problem,) = table.problems
    assert problem.file == str(path) and problem.row == 2
    assert "2,000,000 characters" in problem.message


def test_limits_on_fields_columns_and_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", b"name,id\nA,1\nB,2,x,y,z,w\nC," + b"9" * 50 + b"\nD,4\n")
    table = read_table(path, limits=Limits(max_field_chars=20, max_columns=4))
    assert [n for n, _ in table.rows] == [1, 4]
    assert [(p.row, p.message.split(",")[0]) for p in table.problems] == [
        (2, "6 fields"), (3, "a field of 50 characters")]
    with pytest.raises(FileRefused, match=r"v\.csv.*more than 3 rows"):
        read_table(path, limits=Limits(max_rows=3))


def test_unreadable_header_refuses_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", b"name," + b"h" * 100 + b"\nHikvision,1\n")
    with pytest.raises(InputError, match=r"v\.csv, row 1: header row cannot be read"):
        read_table(path, limits=Limits(max_field_chars=50))


def test_row_numbers_count_blank_lines_and_keep_file_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", b"name,id\nA,1\n\nB,2\n,\nC,3\n")
    table = read_table(path)
    assert [(n, c[0]) for n, c in table.rows] == [(1, "A"), (3, "B"), (5, "C")]
    assert [(p.row, p.message) for p in table.problems] == [(4, "row has only empty cells")]
    raw = read_raw_rows(path)
    assert raw.rows[:3] == [(1, ["name", "id"]), (2, ["A", "1"]), (3, [])]
    raw = read_raw_rows(path, limits=Limits(max_field_chars=1))  # "name" is too long
    assert [n for n, _ in raw.rows] == [2, 3, 4, 5, 6] and [p.row for p in raw.problems] == [1]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030"])
def test_encodings_through_read_table(tmp_path: Path, encoding: str) -> None:
    text = "名称,国家\n浙江大华技术股份有限公司,CN\nSiemens AG,DE\n"
    table = read_table(write(tmp_path, "v.csv", text.encode(encoding)))
    assert table.header == ["名称", "国家"]
    assert [c for _, c in table.rows] == [["浙江大华技术股份有限公司", "CN"], ["Siemens AG", "DE"]]


def test_mixed_encodings_reported_by_line(tmp_path: Path) -> None:
    data = "name\nMüller GmbH\n".encode() + "浙江大华\n".encode("gbk") + b"Acme\n"
    table = read_table(write(tmp_path, "v.csv", data))
    assert [c[0] for _, c in table.rows] == ["Müller GmbH", "浙江大华", "Acme"]
    assert [(p.row, "not UTF-8" in p.message) for p in table.problems] == [(2, True)]


@pytest.mark.parametrize(("head", "what"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "OLE compound file"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50), "Windows executable"),
    (b"\x7fELF\x02\x01\x01" + bytes(57), "ELF executable"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "PNG image"),
    (b"\x1f\x8b\x08\x00" + bytes(40), "gzip archive"),
])
def test_other_kinds_of_file_named_csv_are_refused(tmp_path: Path, head: bytes,
                                                   what: str) -> None:
    path = write(tmp_path, "vendors.csv", head)
    for reader in (read_table, read_raw_rows):
        with pytest.raises(FileRefused, match=rf"vendors\.csv: is an? {what}") as info:
            reader(path)
        assert info.value.exit_code == FileRefused.exit_code


def test_csv_that_merely_starts_like_a_signature_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", b"MZ Holdings,BM Trading\nHikvision,Dahua\n")
    assert read_table(path).header == ["MZ Holdings", "BM Trading"]


def test_missing_empty_folder_and_oversized(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_table(tmp_path / "absent.csv")
    with pytest.raises(InputError, match="folder"):
        read_table(tmp_path)
    with pytest.raises(InputError, match="empty"):
        read_table(write(tmp_path, "blank.csv", b" \n\n"))
    with pytest.raises(FileRefused, match="over the limit of 10"):
        read_table(write(tmp_path, "big.csv", b"name\n" + b"A\n" * 10),
                   limits=Limits(max_file_bytes=10))


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_rows_and_numbers(tmp_path: Path) -> None:
    rows: list[list[object]] = [*VENDORS[:2], [None, None, None], *VENDORS[2:], [4.0, 12, None]]
    table = read_table(write(tmp_path, "v.xlsx", xlsx(rows)))
    assert table.header == ["vendor_id", "name", "country"] and table.encoding == "xlsx"
    assert [(n, c[0]) for n, c in table.rows] == [(1, "V001"), (3, "V002"), (4, "V003"),
                                                 (5, "4")]


def test_broken_sheet_xml_names_file_and_sheet(tmp_path: Path) -> None:
    sheet = zipfile.ZipFile(io.BytesIO(xlsx(VENDORS))).read(SHEET)
    broken = rezip(xlsx(VENDORS), {SHEET: sheet[: len(sheet) * 2 // 3]})
    path = write(tmp_path, "v.xlsx", broken)
    for reader in (read_table, read_raw_rows):
        with pytest.raises(InputError, match=r"v\.xlsx, sheet 'Sheet': damaged XLSX workbook"):
            reader(path)


def test_broken_workbook_part(tmp_path: Path) -> None:
    path = write(tmp_path, "v.xlsx", rezip(xlsx(VENDORS), {"xl/workbook.xml": b"<workbook"}))
    with pytest.raises(InputError, match=r"v\.xlsx: not a readable XLSX workbook"):
        read_table(path)


def test_missing_sheet(tmp_path: Path) -> None:
    path = write(tmp_path, "v.xlsx", rezip(xlsx(VENDORS), {SHEET: None}))
    with pytest.raises(InputError, match=r"v\.xlsx: workbook has no readable worksheet"):
        read_table(path)


def test_bad_deflate_stream(tmp_path: Path) -> None:
    data = bytearray(xlsx(VENDORS))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET)
    name_len, extra_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28],
                                         "little"), int.from_bytes(
        data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start:start + 8] = b"\xff" * 8  # block type 3 does not exist in deflate
    with pytest.raises(InputError, match=r"v\.xlsx, member xl/worksheets/sheet1\.xml: damaged"):
        read_table(write(tmp_path, "v.xlsx", bytes(data)))


def test_truncated_and_empty_archives(tmp_path: Path) -> None:
    data = xlsx(VENDORS)
    with pytest.raises(InputError, match=r"cut\.xlsx: not a readable ZIP"):
        read_table(write(tmp_path, "cut.xlsx", data[: len(data) // 2]))
    with pytest.raises(InputError, match=r"empty\.xlsx"):
        read_table(write(tmp_path, "empty.xlsx", b"PK\x05\x06" + bytes(18)))


def _bomb(inflated: int) -> bytes:
    """A workbook whose sheet is `inflated` bytes of the same row: deflate packs it ~300:1."""
    row = b'<row><c t="inlineStr"><is><t>Hangzhou Hikvision Digital Technology</t></is></c></row>'
    head = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData>")
    block = row * 10_000
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(xlsx(VENDORS)))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(SHEET, "w", force_zip64=True) as stream:
                stream.write(head)
                for _ in range(inflated // len(block)):
                    stream.write(block)
                stream.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_xlsx_bomb_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.xlsx", _bomb(64 * 1024 * 1024))
    assert path.stat().st_size < 400_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(FileRefused, match=r"bomb\.xlsx, member xl/worksheets/sheet1\.xml.*"
                                              r"ZIP bomb"):
            read_table(path)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0 and peak < 16 * 1024 * 1024


def test_sheet_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "v.xlsx", xlsx(VENDORS, sheets=3))
    assert len(read_table(path, limits=Limits(max_sheets=3)).rows) == 3
    with pytest.raises(FileRefused, match=r"v\.xlsx: more than 2 sheets"):
        read_table(path, limits=Limits(max_sheets=2))


def test_one_sheet_listed_many_times_is_refused_before_opening(tmp_path: Path) -> None:
    data = xlsx(VENDORS)
    book = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    entry = re.search(rb"<sheet [^>]*/>", book)
    assert entry is not None
    many = book.replace(entry.group(0), entry.group(0) * 5_000)
    with pytest.raises(FileRefused, match="more than 256 sheets"):
        read_table(write(tmp_path, "v.xlsx", rezip(data, {"xl/workbook.xml": many})))


def test_lying_dimension_neither_pads_nor_cuts(tmp_path: Path) -> None:
    data = xlsx(VENDORS)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    for ref, name in ((b"A1:XFD1048576", "wide.xlsx"), (b"A1", "short.xlsx")):
        lied = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', sheet)
        assert lied != sheet
        started = time.perf_counter()
        table = read_table(write(tmp_path, name, rezip(data, {SHEET: lied})))
        assert time.perf_counter() - started < 5.0
        assert [c for _, c in table.rows] == VENDORS[1:] and not table.problems


def test_xlsx_cell_limits_are_row_problems(tmp_path: Path) -> None:
    rows: list[list[object]] = [*VENDORS, ["V004", "Megvii", "CN", None, "far right"],
                                ["V005", "x" * 40, "CN"], ["V006", "SenseTime", "CN"]]
    path = write(tmp_path, "v.xlsx", xlsx(rows))
    table = read_table(path, limits=Limits(max_columns=4, max_field_chars=39))
    assert [(n, c[0]) for n, c in table.rows] == [(1, "V001"), (2, "V002"), (3, "V003"),
                                                 (6, "V006")]
    assert [(p.row, p.message.split(":")[0]) for p in table.problems] == [
        (4, "sheet 'Sheet'"), (5, "sheet 'Sheet'")]
    assert "beyond column 4" in table.problems[0].message
    assert "40 characters" in table.problems[1].message
    with pytest.raises(FileRefused, match=r"sheet 'Sheet'.*more than 3 rows"):
        read_table(path, limits=Limits(max_rows=3))


# --- properties: whatever the bytes, a table or an error naming the file --------------------

_PROPERTY = settings(max_examples=50, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


def _reads_or_names_file(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        for reader in (read_table, read_raw_rows):
            try:
                reader(path)
            except RightscreenError as exc:
                assert str(path) in str(exc)


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    out = bytearray(data)
    for position, value in edits:
        out[position % len(out)] = value
    return bytes(out[:cut] if cut is not None else out)


@_PROPERTY
@given(st.binary(max_size=4096), st.sampled_from(["v.csv", "v.xlsx", "v.tsv"]))
def test_random_bytes(data: bytes, name: str) -> None:
    _reads_or_names_file(data, name)


@_PROPERTY
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=12),
       st.one_of(st.none(), st.integers(0, len(SECTION_889))))
def test_mutated_real_csv(edits: list[tuple[int, int]], cut: int | None) -> None:
    _reads_or_names_file(_mutate(SECTION_889, edits, cut), "section_889.csv")


_REAL_ROWS: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(SECTION_889.decode()))]
_REAL_XLSX = xlsx(_REAL_ROWS)


@_PROPERTY
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=12),
       st.one_of(st.none(), st.integers(0, len(_REAL_XLSX))))
def test_mutated_real_xlsx_bytes(edits: list[tuple[int, int]], cut: int | None) -> None:
    _reads_or_names_file(_mutate(_REAL_XLSX, edits, cut), "section_889.xlsx")


_MEMBERS = zipfile.ZipFile(io.BytesIO(_REAL_XLSX)).namelist()


@_PROPERTY
@given(st.sampled_from(_MEMBERS),
       st.lists(st.tuples(st.integers(0, 10**5), st.sampled_from(
           [b"<", b">", b"&", b'"', b"\x00", b"\xff", b"</row>", b'<c r="XFD1"><v>1</v></c>',
            b'r="99999999"', b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b""])), min_size=1, max_size=6))
def test_mutated_workbook_members(member: str, edits: list[tuple[int, bytes]]) -> None:
    body = bytearray(zipfile.ZipFile(io.BytesIO(_REAL_XLSX)).read(member))
    for position, text in edits:
        at = position % (len(body) + 1)
        body[at:at + 1] = text  # replace one byte, or delete it
    _reads_or_names_file(rezip(_REAL_XLSX, {member: bytes(body)}), "section_889.xlsx")


def test_a_file_of_broken_rows_is_refused_past_the_problem_limit(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text("name\n" + "".join(f"x{n},extra,cells\n" for n in range(10)), "utf-8")
    table = read_table(path, limits=Limits(max_problems=20))
    assert len(table.problems) == 10 and table.rows == []
    with pytest.raises(FileRefused, match="broken.csv.*more than 3 broken rows"):
        read_table(path, limits=Limits(max_problems=3, max_columns=2))
