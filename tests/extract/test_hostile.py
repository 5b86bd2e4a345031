"""Hostile and broken files: every one gets a status and a message naming what went wrong, fast
and in little memory, and the good files beside it are still read (issue 12)."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from rightscreen.extract import Document, extract_file
from rightscreen.extract.pdf import extract_pdf
from rightscreen.safety import Limits
from tests.extract.hostile_files import (
    DOCX_BODY,
    ENCRYPTED_OFFICE,
    LEGACY_DOC,
    MIB,
    PNG_IMAGE,
    WINDOWS_EXE,
    XLSX_SHEET,
    break_crc,
    break_deflate,
    encrypted_pdf,
    lie_about_size,
    lie_in_local_header,
    office_bomb,
    small_docx,
    small_pdf,
    small_xlsx,
    text_bomb,
    with_member,
    zip_of,
)

MAIN_PART = {"docx": DOCX_BODY, "xlsx": XLSX_SHEET}


@cache
def _bomb(kind: str, inflated: int) -> bytes:
    # Built once: streaming 256 MiB through deflate takes a second or two.
    return office_bomb(kind, inflated)


def _extract(tmp_path: Path, name: str, data: bytes, limits: Limits | None = None,
             ) -> dict[str, Document]:
    path = tmp_path / name
    path.write_bytes(data)
    documents = extract_file(path, limits=limits) if limits else extract_file(path)
    return {d.path.removeprefix(str(tmp_path) + "/"): d for d in documents}


def _measured(work: Callable[[], object]) -> tuple[float, int]:
    """Seconds and peak bytes allocated by Python while `work` runs."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        work()
        return time.perf_counter() - start, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("inflated", [256 * MIB, 64 * MIB], ids=["over-size", "over-ratio"])
def test_office_bomb_refused_from_its_headers(tmp_path: Path, kind: str, inflated: int) -> None:
    path = tmp_path / f"spec.{kind}"
    path.write_bytes(_bomb(kind, inflated))
    result: list[Document] = []
    seconds, peak = _measured(lambda: result.extend(extract_file(path)))
    (doc,) = result
    assert doc.status == "too-large" and doc.format == kind
    assert MAIN_PART[kind] in (doc.message or "") and "ZIP bomb" in (doc.message or "")
    assert seconds < 1 and peak < 16 * MIB


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_office_bomb_with_lying_sizes_is_not_inflated(tmp_path: Path, kind: str) -> None:
    # The headers declare 1 MB; zipfile stops there and the CRC shows the lie.
    bomb = lie_about_size(_bomb(kind, 256 * MIB), MAIN_PART[kind], file_size=MIB)
    path = tmp_path / f"spec.{kind}"
    path.write_bytes(bomb)
    result: list[Document] = []
    seconds, peak = _measured(lambda: result.extend(extract_file(path)))
    (doc,) = result
    assert doc.status == "broken" and MAIN_PART[kind] in (doc.message or "")
    assert seconds < 1 and peak < 16 * MIB


def test_nested_bombs_refused_and_the_rest_read(tmp_path: Path) -> None:
    inner = zip_of({"note.txt": "内层：人脸识别".encode(), "deep/bombs.zip": text_bomb(256 * MIB)})
    bundle = zip_of({"a.txt": "公告：采购人脸识别系统".encode(), "inner.zip": inner,
                     "spec.docx": _bomb("docx", 64 * MIB), "good.docx": small_docx()},
                    stored=frozenset({"inner.zip"}))
    result: dict[str, Document] = {}
    seconds, _ = _measured(lambda: result.update(_extract(tmp_path, "bundle.zip", bundle)))
    assert seconds < 2
    assert result["bundle.zip!inner.zip!deep/bombs.zip!bomb.txt"].status == "too-large"
    assert result["bundle.zip!spec.docx"].status == "too-large"
    assert "word/document.xml" in (result["bundle.zip!spec.docx"].message or "")
    assert result["bundle.zip!inner.zip!note.txt"].pages[0].text == "内层：人脸识别"
    assert result["bundle.zip!a.txt"].status == "ok"
    assert "兼容海康威视" in result["bundle.zip!good.docx"].pages[0].text


def test_one_budget_for_a_file_and_the_archives_inside_it(tmp_path: Path) -> None:
    # Each member is within the member limit; together they pass the budget for one file, so
    # a nested archive cannot multiply what one file may inflate to. (The inner archives,
    # a few KB each, count too.)
    limits = Limits(max_member_bytes=2 * MIB, max_archive_bytes=3 * MIB + 64 * 1024)
    inner = zip_of({f"{n}.txt": b"x" * MIB for n in range(2)})
    bundle = zip_of({"first.zip": inner, "second.zip": inner})
    result = _extract(tmp_path, "bundle.zip", bundle, limits)
    statuses = [result[f"bundle.zip!{z}!{n}.txt"].status for z in ("first.zip", "second.zip")
                for n in range(2)]
    assert statuses == ["ok", "ok", "ok", "too-large"]
    assert "for one file" in (result["bundle.zip!second.zip!1.txt"].message or "")


def test_archives_nested_too_deep(tmp_path: Path) -> None:
    data = zip_of({"notice.txt": "人脸识别".encode()})
    for level in range(4):
        data = zip_of({f"level{level}.zip": data})
    (doc,) = _extract(tmp_path, "deep.zip", data).values()
    assert doc.status == "too-large" and "nested" in (doc.message or "")


@pytest.mark.parametrize("damage", [break_crc, break_deflate, lie_in_local_header])
def test_damaged_member_beside_good_ones(tmp_path: Path,
                                         damage: Callable[[bytes, str], bytes]) -> None:
    archive = zip_of({"notice.txt": "公告：采购人脸识别系统".encode(),
                      "bad.txt": "损坏的成员 ".encode() * 2000, "spec.docx": small_docx(),
                      "list.xlsx": small_xlsx()})
    result = _extract(tmp_path, "bundle.zip", damage(archive, "bad.txt"))
    bad = result["bundle.zip!bad.txt"]
    assert bad.status == "broken" and "damaged archive member" in (bad.message or "")
    assert result["bundle.zip!notice.txt"].pages[0].text == "公告：采购人脸识别系统"
    assert "兼容海康威视" in result["bundle.zip!spec.docx"].pages[0].text
    assert "布控报警" in result["bundle.zip!list.xlsx"].pages[1].text


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("damage", [break_crc, break_deflate, lie_in_local_header])
def test_damaged_office_part(tmp_path: Path, kind: str,
                             damage: Callable[[bytes, str], bytes]) -> None:
    data = small_docx("设备须兼容海康威视 " * 300) if kind == "docx" else small_xlsx(
        tuple((f"第{n}行", "夜视摄像机") for n in range(300)))
    (doc,) = _extract(tmp_path, f"spec.{kind}", damage(data, MAIN_PART[kind])).values()
    assert doc.status == "broken" and MAIN_PART[kind] in (doc.message or "")


def test_sheet_broken_midway_keeps_its_rows_and_the_other_sheets(tmp_path: Path) -> None:
    book = small_xlsx(tuple((f"第{n}行", "夜视摄像机") for n in range(3000)))
    import io
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(book)).read(XLSX_SHEET)
    (doc,) = _extract(tmp_path, "list.xlsx",
                      with_member(book, XLSX_SHEET, sheet[:len(sheet) * 2 // 3])).values()
    assert doc.status == "partial"
    assert "sheet 1" in (doc.message or "") and "ParseError" in (doc.message or "")
    rows = doc.pages[0].text.splitlines()
    assert 100 < len(rows) < 3000 and rows[0] == "第0行\t夜视摄像机"
    assert doc.pages[1].text == "布控报警"


@pytest.mark.parametrize("cell", ['<c r="A1" t="n"><v>not a number</v></c>',
                                  '<c r="1A" t="s"><v>0</v></c>',
                                  '<c r="A1" t="s"><v>99999</v></c>'],
                         ids=["bad-number", "bad-reference", "missing-shared-string"])
def test_broken_sheet_xml(tmp_path: Path, cell: str) -> None:
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData><row r="1">{cell}</row></sheetData></worksheet>').encode()
    (doc,) = _extract(tmp_path, "list.xlsx",
                      with_member(small_xlsx(), XLSX_SHEET, sheet)).values()
    assert doc.status == "partial" and "sheet 1 (Sheet)" in (doc.message or "")
    assert doc.pages[1].text == "布控报警"


def test_hostile_sheet_dimensions_are_bounded(tmp_path: Path) -> None:
    # A sheet that claims 16,384 columns and a million rows, holding two cells.
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:XFD1048576"/><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>人脸识别</t></is></c></row>'
             '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>末行</t></is></c></row>'
             '</sheetData></worksheet>').encode()
    data = with_member(small_xlsx(), XLSX_SHEET, sheet)
    result: dict[str, Document] = {}
    seconds, _ = _measured(lambda: result.update(
        _extract(tmp_path, "wide.xlsx", data, Limits(max_rows=1000))))
    (doc,) = result.values()
    assert seconds < 2 and doc.status == "partial"
    assert "16,384 columns" in (doc.message or "") and "more than 1,000 rows" in doc.message
    lines = doc.pages[0].text.split("\n")  # one line per row, blank rows included
    assert lines[0] == "人脸识别" and len(lines) == 1000


def test_sheet_and_row_limits(tmp_path: Path) -> None:
    data = small_xlsx(tuple((f"第{n}行", "a", "b", "c") for n in range(5)))
    (doc,) = _extract(tmp_path, "list.xlsx", data,
                      Limits(max_sheets=1, max_rows=3, max_columns=2)).values()
    assert doc.status == "partial" and len(doc.pages) == 1
    assert doc.pages[0].text.splitlines() == ["第0行\ta", "第1行\ta", "第2行\ta"]
    assert "2 sheets, over the limit of 1" in (doc.message or "")


def test_truncated_encrypted_pdf_never_raises(tmp_path: Path) -> None:
    data = encrypted_pdf()
    statuses = set()
    for cut in range(64, len(data), 13):
        (doc,) = _extract(tmp_path, "cut.pdf", data[:cut]).values()
        statuses.add(doc.status)
        # Nothing of an encrypted file can be read without its key: never "ok".
        assert doc.status in {"broken", "encrypted", "empty"} and doc.message, cut
    assert "broken" in statuses  # the cuts reach the ones MuPDF cannot count the pages of


def test_pdf_page_limit_and_pages_past_the_end(tmp_path: Path) -> None:
    path = tmp_path / "five.pdf"
    path.write_bytes(small_pdf(tuple(f"第{n}页 人脸识别" for n in range(1, 6))))
    (doc,) = extract_file(path, limits=Limits(max_pages=2))
    assert doc.status == "partial" and [p.number for p in doc.pages] == [1, 2]
    assert "5 pages, over the limit of 2" in (doc.message or "")
    # A worker of the parallel path given pages the file no longer has (it changed after it
    # was counted): the pages are reported unread, not raised.
    run = extract_pdf(path, str(path), pages=range(3, 8))
    assert run.status == "partial" and run.unread_pages == [6, 7, 8]
    assert "page 6 unreadable" in (run.message or "")
    (tmp_path / "cut.pdf").write_bytes(encrypted_pdf()[:240])
    gone = extract_pdf(tmp_path / "cut.pdf", "cut.pdf", pages=range(400, 410))
    assert gone.status in {"broken", "encrypted", "empty"} and gone.message


@pytest.mark.parametrize(("data", "status", "said"), [
    (ENCRYPTED_OFFICE, "encrypted", "OLE container"),
    (LEGACY_DOC, "unsupported", "OLE compound file"),
    (WINDOWS_EXE, "unsupported", "Windows executable"),
    (PNG_IMAGE, "unsupported", "PNG image"),
], ids=["encrypted-office", "legacy-doc", "exe", "png"])
def test_files_that_are_not_what_their_name_says(tmp_path: Path, data: bytes, status: str,
                                                 said: str) -> None:
    (doc,) = _extract(tmp_path, "tender.docx", data).values()
    assert doc.status == status and said in (doc.message or "")
    assert not doc.pages  # never read as UTF-16 text
    inside = _extract(tmp_path, "bundle.zip", zip_of({"secret.xlsx": data}))
    assert inside["bundle.zip!secret.xlsx"].status == status


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    (doc,) = _extract(tmp_path, "notice.txt", "人脸识别".encode() * 100,
                      Limits(max_file_bytes=100)).values()
    assert doc.status == "too-large" and "over the limit of 100" in (doc.message or "")


def _docx_with_table_rows(rows: str) -> bytes:
    body = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
            '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            f'<w:p><w:r><w:t>设备须兼容海康威视</w:t></w:r></w:p><w:tbl>{rows}</w:tbl>'
            '</w:body></w:document>')
    return with_member(small_docx(), DOCX_BODY, body.encode())


def _cell(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _row(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


_LONG_MERGE = _row(_cell("布控报警", '<w:vMerge w:val="restart"/>'), _cell("0")) + "".join(
    _row(_cell("", "<w:vMerge/>"), _cell(str(n))) for n in range(1, 3000))


@pytest.mark.parametrize(("rows", "expected"), [
    # python-docx would build a row of 10^8 cells from the declared span...
    (_row(_cell("人脸识别", '<w:gridSpan w:val="99999999"/>'), _cell("夜视")), "人脸识别\t夜视"),
    # ... and walk up to 3,000 rows for each cell of this vertical merge.
    (_LONG_MERGE, "\t2999"),
    (_row(_cell("人脸识别", '<w:gridSpan w:val="abc"/>')), "人脸识别"),
], ids=["wide-span", "long-merge", "bad-span"])
def test_hostile_docx_tables_read_cell_by_cell(tmp_path: Path, rows: str, expected: str) -> None:
    data = _docx_with_table_rows(rows)
    result: dict[str, Document] = {}
    seconds, _ = _measured(lambda: result.update(_extract(tmp_path, "spec.docx", data)))
    (doc,) = result.values()
    assert seconds < 5 and doc.status == "ok"
    lines = doc.pages[0].text.split("\n")
    assert lines[0] == "设备须兼容海康威视" and lines[-1] == expected


def test_merged_cells_of_an_ordinary_table_repeat_as_word_shows_them(tmp_path: Path) -> None:
    rows = _row(_cell("人脸识别", '<w:gridSpan w:val="2"/>'))
    (doc,) = _extract(tmp_path, "spec.docx", _docx_with_table_rows(rows)).values()
    assert doc.pages[0].text.split("\n")[1] == "人脸识别\t人脸识别"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_device_given_by_name_is_not_read() -> None:
    (doc,) = extract_file(Path("/dev/zero"))
    assert doc.status == "unsupported" and "not a regular file" in (doc.message or "")
