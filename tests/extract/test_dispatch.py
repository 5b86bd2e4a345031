from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docs_helpers import write_pdf, write_scanned_pdf, write_scanned_text_pdf
from openpyxl import Workbook

from rightscreen.extract import extract_file
from rightscreen.extract.normalize import normalize_text
from rightscreen.extract.ocr import ocr_available


def test_pdf_pages_are_numbered(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "tender.pdf", ["第一页 视频监控", "second page 人脸识别"])
    (doc,) = extract_file(path)
    assert doc.status == "ok" and doc.format == "pdf"
    assert [p.number for p in doc.pages] == [1, 2]
    assert "人脸识别" in doc.pages[1].text


def test_encrypted_and_truncated_pdf(tmp_path: Path) -> None:
    (locked,) = extract_file(write_pdf(tmp_path / "locked.pdf", ["秘密"], encrypt=True))
    assert locked.status == "encrypted"
    data = write_pdf(tmp_path / "full.pdf", ["内容 " * 200] * 3).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    (cut,) = extract_file(tmp_path / "cut.pdf")
    assert cut.status in ("broken", "partial", "ok")  # MuPDF repairs what it can
    assert cut.status != "ok" or cut.pages


def test_scanned_page_is_never_skipped_in_silence(tmp_path: Path) -> None:
    (doc,) = extract_file(write_scanned_pdf(tmp_path / "scan.pdf"))
    if ocr_available():
        assert doc.ocr_pages == [1]
    else:
        assert doc.status == "partial" and doc.unread_pages == [1]


def test_scanned_tender_is_read_by_ocr_when_tesseract_is_installed(tmp_path: Path) -> None:
    path = write_scanned_text_pdf(tmp_path / "scan.pdf", "招标要求：系统应支持人脸识别。")
    (doc,) = extract_file(path)
    if not ocr_available():
        assert doc.unread_pages == [1]
        return
    assert doc.ocr_pages == [1] and doc.status == "ok"
    assert "人脸识别" in normalize_text(doc.pages[0].text)


def test_html_named_pdf_and_empty_file(tmp_path: Path) -> None:
    (tmp_path / "page.pdf").write_text("<!DOCTYPE html><html><body><p>要求人脸识别</p>"
                                       "<script>var x='ignored'</script></body></html>")
    (html,) = extract_file(tmp_path / "page.pdf")
    assert html.format == "html" and "人脸识别" in html.pages[0].text
    assert "ignored" not in html.pages[0].text
    (tmp_path / "empty.txt").write_bytes(b"")
    (empty,) = extract_file(tmp_path / "empty.txt")
    assert empty.status == "empty"


def test_gbk_and_utf16_text(tmp_path: Path) -> None:
    (tmp_path / "gbk.txt").write_bytes("采购人脸识别摄像机".encode("gbk"))
    (tmp_path / "u16.txt").write_bytes("采购人脸识别摄像机".encode("utf-16"))
    for name in ("gbk.txt", "u16.txt"):
        (doc,) = extract_file(tmp_path / name)
        assert doc.pages[0].text == "采购人脸识别摄像机", name


def test_docx_and_xlsx(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("设备须兼容海康威视")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "人脸识别"
    document.save(str(tmp_path / "spec.docx"))
    (doc,) = extract_file(tmp_path / "spec.docx")
    assert doc.format == "docx" and "兼容海康威视" in doc.pages[0].text
    assert "人脸识别" in doc.pages[0].text
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["品名", "夜视摄像机"])
    book.create_sheet("second").append(["防暴盾牌"])
    book.save(tmp_path / "list.xlsx")
    (sheets,) = extract_file(tmp_path / "list.xlsx")
    assert [p.number for p in sheets.pages] == [1, 2]
    assert "防暴盾牌" in sheets.pages[1].text


def test_zip_members_and_zip_bomb(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/notice.txt", "公告：采购人脸识别系统")
        archive.writestr("bomb.txt", b"0" * 20_000_000)
    (tmp_path / "bundle.zip").write_bytes(buffer.getvalue())
    documents = {d.path.split("!")[1]: d for d in extract_file(tmp_path / "bundle.zip")}
    assert documents["a/notice.txt"].status == "ok"
    assert documents["bomb.txt"].status == "too-large"
    assert "ZIP bomb" in (documents["bomb.txt"].message or "")


def test_normalisation() -> None:
    assert normalize_text("ＨＩＫＶＩＳＩＯＮ") == "HIKVISION"
    assert normalize_text("人臉識別") == "人脸识别"
    assert normalize_text("surveil\ufffelance") == "surveillance"
    assert normalize_text("\u2f08") == "人"  # a Kangxi radical from an embedded PDF font
