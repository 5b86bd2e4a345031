from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docs_helpers import write_pdf

from rightscreen import Screener
from rightscreen.reports.tabular import write_report
from rightscreen.screening.documents import DocumentScreener
from rightscreen.screening.redflags import load_lexicon, parse_lexicon
from rightscreen.snapshot import Snapshot


@pytest.fixture(scope="module")
def documents(screener: Screener, builtin: Snapshot) -> DocumentScreener:
    return DocumentScreener(screener, builtin.infos)


def _screen(documents: DocumentScreener, path: Path) -> dict[str, Any]:
    return documents.screen_paths([path]).to_dict()


def _terms(envelope: dict[str, Any], kind: str) -> list[str]:
    return [f["term"] for f in envelope["findings"] if f["kind"] == kind]


def test_tender_pdf_findings_with_pages_lines_and_glosses(tmp_path: Path,
                                                          documents: DocumentScreener) -> None:
    path = write_pdf(tmp_path / "tender.pdf", [
        "第一章 招标公告\n本项目采购视频监控设备。",
        "技术要求\n1. 系统应支持人脸识别，建立黑名单人脸库，可布控报警。\n"
        "2. 前端设备须兼容海康威视或大华。\n3. 供应商：杭州海康威视数字技术股份有限公司",
    ])
    out = _screen(documents, path)
    flags = [f for f in out["findings"] if f["kind"] == "red_flag"]
    assert {f["page"] for f in flags} == {2}
    by_term = {f["term"]: f for f in flags}
    assert by_term["人脸识别"]["gloss"] == "face recognition"
    assert by_term["人脸识别"]["line"] == 2
    assert by_term["黑名单人脸库"]["severity"] == "critical"
    assert "兼容海康威视" in by_term
    entities = [f for f in out["findings"] if f["kind"] == "entity"]
    assert any(f["name"].startswith("Hangzhou Hikvision") and "bis-entity-list" in f["lists"]
               and f["gloss"] and "Hikvision" in f["gloss"] for f in entities)
    assert out["documents"][0] == {"path": str(path), "format": "pdf", "status": "ok",
                                   "pages": 2, "ocr_pages": []}


def test_context_rules_keep_unrelated_sentences_out(tmp_path: Path,
                                                    documents: DocumentScreener) -> None:
    path = tmp_path / "boilerplate.txt"
    path.write_text(
        "投标人不得被列入失信被执行人黑名单。\n"
        "项目地点：新疆维吾尔自治区乌鲁木齐市。\n"
        "设备应具备防电击保护，符合安全标准。\n"
        "The company was placed on a trade blacklist by the Commerce Department.\n"
        "学校开设维吾尔语课程。\n", "utf-8")
    out = _screen(documents, path)
    assert _terms(out, "red_flag") == []


def test_same_words_in_a_surveillance_sentence_are_flagged(tmp_path: Path,
                                                           documents: DocumentScreener) -> None:
    path = tmp_path / "spec.txt"
    path.write_text("系统可对黑名单人员布控报警。\n摄像机应能识别维吾尔族人员。\n"
                    "采购电击棍20根、防暴盾牌10面。\n"
                    "Cameras must identify Uighur/non-Uighur attributes.\n", "utf-8")
    out = _screen(documents, path)
    terms = _terms(out, "red_flag")
    assert {"黑名单", "布控报警", "维吾尔", "电击棍", "防暴盾牌", "Uighur"} <= set(terms)
    lines = {f["term"]: f["line"] for f in out["findings"]}
    assert lines["电击棍"] == 3 and lines["Uighur"] == 4


def test_chinese_word_broken_across_lines(tmp_path: Path, documents: DocumentScreener) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text("第一行\n系统应支持人脸识\n别功能。\n", "utf-8")
    out = _screen(documents, path)
    (finding,) = [f for f in out["findings"] if f["kind"] == "red_flag"]
    assert finding["term"] == "人脸识别" and finding["line"] == 2


def test_bad_files_get_a_status_and_the_rest_is_screened(tmp_path: Path,
                                                         documents: DocumentScreener) -> None:
    write_pdf(tmp_path / "locked.pdf", ["人脸识别"], encrypt=True)
    (tmp_path / "empty.docx").write_bytes(b"")
    (tmp_path / "fake.pdf").write_text("<html><body>兼容大华</body></html>")
    (tmp_path / "good.txt").write_text("要求人脸识别。", "utf-8")
    out = _screen(documents, tmp_path)
    statuses = {Path(d["path"]).name: d["status"] for d in out["documents"]}
    assert statuses == {"locked.pdf": "encrypted", "empty.docx": "empty", "fake.pdf": "ok",
                        "good.txt": "ok"}
    assert {Path(f["path"]).name for f in out["findings"]} == {"fake.pdf", "good.txt"}
    assert out["summary"]["unread"]


def test_reports(tmp_path: Path, documents: DocumentScreener) -> None:
    path = tmp_path / "t.txt"
    path.write_text("须兼容海康威视，支持人脸识别。", "utf-8")
    out = _screen(documents, path)
    write_report(out, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text("utf-8")
    assert "<mark>人脸识别</mark>" in html and "face recognition" in html
    assert "bis-entity-list" in html or "BIS Entity List" in html
    write_report(out, tmp_path / "r.csv")
    assert "人脸识别" in (tmp_path / "r.csv").read_text("utf-8")
    write_report(out, tmp_path / "r.xlsx")
    assert (tmp_path / "r.xlsx").stat().st_size > 0


def test_lexicon_is_complete_data() -> None:
    lexicon = load_lexicon()
    entries = {t.entry for t in lexicon.terms}
    assert {"face-recognition", "ethnicity-identification", "riot-control",
            "detention-facility", "phone-wifi-sniffing"} <= entries
    for term in lexicon.terms:
        assert term.gloss and term.source in lexicon.sources and term.severity
    with pytest.raises(ValueError, match="avoids"):
        parse_lexicon({"sources": {"s": "x"}, "entries": [
            {"id": "x", "category": "c", "severity": "low", "source": "s", "en": ["x"]}]})


def test_large_pdf_read_in_parallel_gives_the_same_findings(
        tmp_path: Path, screener: Screener, builtin: Snapshot) -> None:
    from rightscreen.screening.documents import PARALLEL_MIN_PAGES

    pages = [f"第{n}页 招标文件。" + ("系统应支持人脸识别。" if n % 50 == 0 else "付款方式见合同。")
             for n in range(PARALLEL_MIN_PAGES + 10)]
    path = write_pdf(tmp_path / "long.pdf", pages)
    serial = DocumentScreener(screener, builtin.infos, workers=1).screen_paths([path]).to_dict()
    parallel = DocumentScreener(screener, builtin.infos, workers=2).screen_paths([path]).to_dict()
    assert parallel == serial
    assert [f["page"] for f in serial["findings"]] == [n + 1 for n in range(0, len(pages), 50)]


def test_listed_name_found_whatever_legal_form_spelling(tmp_path: Path,
                                                         documents: DocumentScreener) -> None:
    path = tmp_path / "contract.txt"
    path.write_text("This contract is made with Wuxi Jiangnan Institute of Computing Technology "
                    "and with Chengdu Haiguang Integrated Circuit Design Company Limited.",
                    "utf-8")
    out = _screen(documents, path)
    names = {f["name"] for f in out["findings"] if f["kind"] == "entity"}
    assert "Wuxi Jiangnan Institute of Computing Technology" in names
    assert any(n.startswith("Chengdu Haiguang Integrated Circuit") for n in names)
