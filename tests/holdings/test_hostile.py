"""Broken and hostile holdings files: an error naming the file, or one reported row, never a
crash; every other position is still read."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from rightscreen.errors import FileRefused, InputError, RightscreenError
from rightscreen.holdings import read_holdings
from rightscreen.safety import Limits

DATA = Path(__file__).parent / "data"
# Slices of real SEC filings, copied unchanged (see data/README.md).
NPORT = (DATA / "nport_dupree_slice.xml").read_bytes()
F13 = (DATA / "13f_infotable_slice.xml").read_bytes()
# The first three positions of the same 13F information table, as a trustee's CSV.
CSV_ROWS = [("3M CO", "88579Y101", "409469"), ("ABBOTT LABS", "002824100", "470615"),
            ("ABBVIE INC", "00287Y109", "1200749")]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def holdings_csv(middle_name: str = "ABBOTT LABS") -> bytes:
    rows = ["Name,CUSIP,Market Value"]
    for name, cusip, value in CSV_ROWS:
        rows.append(f"{middle_name if name == 'ABBOTT LABS' else name},{cusip},{value}")
    return ("\n".join(rows) + "\n").encode()


def test_real_slices_read() -> None:
    nport = read_holdings(DATA / "nport_dupree_slice.xml")
    assert nport.format == "n-port" and nport.as_of == "2022-12-31"
    assert nport.identifiers == {"lei": "5493006TF05454RBY690"}
    assert [h.identifiers["isin"] for h in nport.holdings] == ["US49151FGH73", "US49151FHF09"]
    f13 = read_holdings(DATA / "13f_infotable_slice.xml")
    assert [h.name for h in f13.holdings] == ["3M CO", "ABBOTT LABS", "ABBVIE INC"]


def test_oversized_field_in_holdings_csv_is_one_row(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", holdings_csv("A" * 2_000_000))
    result = read_holdings(path)
    assert [(h.row, h.name) for h in result.holdings] == [(2, "3M CO"), (4, "ABBVIE INC")]
    (problem,) = result.problems
    assert problem.file == str(path) and problem.row == 3 and "characters" in problem.message


def test_field_past_pythons_csv_limit_is_read(tmp_path: Path) -> None:
    result = read_holdings(write(tmp_path, "h.csv", holdings_csv("ABBOTT LABS " * 20_000)))
    assert len(result.holdings) == 3 and not result.problems


def test_row_numbers_survive_a_bad_row(tmp_path: Path) -> None:
    data = b"Fund holdings as of 2024-06-28\n" + holdings_csv().replace(
        b"ABBOTT LABS,", b"ABBOTT LABS,x,y,z,")
    result = read_holdings(write(tmp_path, "h.csv", data), limits=Limits(max_columns=4))
    assert [h.row for h in result.holdings] == [3, 5] and result.as_of == "2024-06-28"
    assert [p.row for p in result.problems] == [4]


def test_not_a_number_is_not_a_value(tmp_path: Path) -> None:
    data = holdings_csv().replace(b"409469", b"nan").replace(b"470615", b"1e999")
    result = read_holdings(write(tmp_path, "h.csv", data))
    assert [h.value for h in result.holdings] == [None, None, 1200749.0]
    assert [p.row for p in result.problems] == [2, 3]


@pytest.mark.parametrize(("head", "what"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "OLE compound file"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50), "Windows executable"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "PNG image"),
])
def test_other_kinds_named_csv(tmp_path: Path, head: bytes, what: str) -> None:
    with pytest.raises(FileRefused, match=rf"holdings\.csv: is an? {what}"):
        read_holdings(write(tmp_path, "holdings.csv", head))


def test_broken_holdings_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "CUSIP", "Market Value"])
    for row in CSV_ROWS:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    good = write(tmp_path, "h.xlsx", out.getvalue())
    assert [h.row for h in read_holdings(good).holdings] == [2, 3, 4]
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body[:-40]
            target.writestr(info.filename, body)
    with pytest.raises(InputError, match=r"bad\.xlsx, sheet 'Sheet': damaged XLSX"):
        read_holdings(write(tmp_path, "bad.xlsx", broken.getvalue()))


def test_truncated_nport_and_13f(tmp_path: Path) -> None:
    for name, data in (("nport.xml", NPORT), ("13f.xml", F13)):
        path = write(tmp_path, name, data[: len(data) * 3 // 4])
        with pytest.raises(InputError, match=rf"{name}: XML cannot be parsed safely"):
            read_holdings(path)


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE informationTable [<!ENTITY a "aaaaaaaaaa">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;'
              b'&b;&b;&b;">]>')
    data = F13.replace(b'<?xml version="1.0" ?>', laughs).replace(b"3M CO", b"&c;")
    with pytest.raises(InputError, match=r"bomb\.xml: XML cannot be parsed safely"):
        read_holdings(write(tmp_path, "bomb.xml", data))
    external = F13.replace(b'<?xml version="1.0" ?>', b'<?xml version="1.0"?><!DOCTYPE '
                           b'informationTable [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
    with pytest.raises(InputError, match=r"ext\.xml"):
        read_holdings(write(tmp_path, "ext.xml", external.replace(b"3M CO", b"&x;")))


def test_xml_record_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "13f.xml", F13)
    assert len(read_holdings(path, limits=Limits(max_rows=3)).holdings) == 3
    with pytest.raises(FileRefused, match=r"13f\.xml: more than 2 records"):
        read_holdings(path, limits=Limits(max_rows=2))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_holdings(tmp_path / "absent.csv")
    with pytest.raises(InputError, match=str(tmp_path)):
        read_holdings(tmp_path)


# --- properties ------------------------------------------------------------------------------

_PROPERTY = settings(max_examples=50, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
_EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(
    [b"<", b">", b"&", b"&amp", b'"', b"\x00", b"\xff\xfe", b"</invstOrSec>", b"<infoTable>",
     b"<!DOCTYPE x>", b"nan", b"1e999", b""])), min_size=1, max_size=8)


def _reads_or_names_file(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            result = read_holdings(path)
        except RightscreenError as exc:
            assert str(path) in str(exc)
        else:
            assert all(h.value is None or abs(h.value) < float("inf") for h in result.holdings)


def _edit(data: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, text in edits:
        at = position % (len(out) + 1)
        out[at:at + 1] = text
    return bytes(out)


@_PROPERTY
@given(st.sampled_from(["nport", "13f"]), _EDITS)
def test_mutated_real_filings(which: str, edits: list[tuple[int, bytes]]) -> None:
    _reads_or_names_file(_edit(NPORT if which == "nport" else F13, edits), f"{which}.xml")


@_PROPERTY
@given(_EDITS, st.one_of(st.none(), st.integers(0, 200)))
def test_mutated_holdings_csv(edits: list[tuple[int, bytes]], cut: int | None) -> None:
    data = _edit(holdings_csv(), edits)
    _reads_or_names_file(data[:cut] if cut is not None else data, "h.csv")


@_PROPERTY
@given(st.binary(max_size=2048), st.sampled_from([b"", b"<edgarSubmission nport>",
                                                   b"<informationTable>"]))
def test_random_bytes(data: bytes, prefix: bytes) -> None:
    _reads_or_names_file(prefix + data, "h.xml")
