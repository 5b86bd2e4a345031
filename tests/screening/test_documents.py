from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docs_helpers import write_pdf

from rightscreen import Screener
from rightscreen.extract.pdf import extract_pdf
from rightscreen.extract.read_ahead import ReadAhead
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
    # read ahead by workers forked before the screener is made, as the command line does
    small = tmp_path / "short.txt"
    small.write_text("系统应支持人脸识别。", "utf-8")
    with ReadAhead([tmp_path], workers=2) as ahead:
        assert list(ahead._reading) == [str(path)]  # the text file is read when screened
        assert (ahead.page_count(path), ahead.page_count(small)) == (len(pages), 0)
        assert ahead.take(path) == extract_pdf(path, str(path))
        assert ahead.take(small) is None
    with ReadAhead([tmp_path], workers=2) as ahead:
        screening = DocumentScreener(screener, builtin.infos, workers=2)
        both = screening.screen_paths([tmp_path], ahead=ahead).to_dict()
    alone = DocumentScreener(screener, builtin.infos, workers=1).screen_paths([small]).to_dict()
    assert both["documents"] == serial["documents"] + alone["documents"]
    assert both["findings"] == serial["findings"] + alone["findings"]


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


def _found(documents: DocumentScreener, tmp_path: Path, text: str) -> dict[str, Any]:
    path = tmp_path / "page.txt"
    path.write_text(text, "utf-8")
    out = _screen(documents, path)
    return {"entities": {f["term"]: f for f in out["findings"] if f["kind"] == "entity"},
            "flags": {f["term"]: f for f in out["findings"] if f["kind"] == "red_flag"}}


def test_listed_firm_by_its_chinese_short_name(tmp_path: Path,
                                              documents: DocumentScreener) -> None:
    found = _found(documents, tmp_path,
                   "旷视建设了一套覆盖全市的人员卡口。\n上海康复中心采购病床。")
    megvii = found["entities"]["旷视"]
    assert "Megvii" in megvii["name"] and "bis-entity-list" in megvii["lists"]
    assert megvii["gloss"] and "Megvii" in megvii["gloss"]
    assert "海康" not in found["entities"]  # 上海/康复 is not Hikvision
    assert found["flags"]["人员卡口"]["category"] == "biometric surveillance"


@pytest.mark.parametrize(("text", "dahua"), [
    ("前端摄像机须与海康威视、大华平台兼容。", True),  # beside a listed brand, before 平台
    ("采购大华硬盘录像机2台。", True),
    ("品牌:大华", True),
    ("序号\t名称\t品牌\n1\t录像机\t大华\n", True),
    ("强大华夏,共迎复兴。", False),
    ("大华路小学教学楼维修。", False),
])
def test_ordinary_short_name_counts_only_in_context(tmp_path: Path, documents: DocumentScreener,
                                                    text: str, dahua: bool) -> None:
    found = _found(documents, tmp_path, text)
    names = {f["name"] for f in found["entities"].values()}
    assert any("Dahua" in n for n in names) is dahua


def test_chinese_compatibility_requirement(tmp_path: Path, documents: DocumentScreener) -> None:
    found = _found(documents, tmp_path,
                   "前端摄像机须与海康威视、大华平台兼容。\n系统兼容主流协议。")
    flag = found["flags"]["兼容"]
    assert flag["category"] == "compatibility with covered manufacturers"
    assert flag["line"] == 1 and flag["severity"] == "high"


def test_group_name_in_an_english_article(tmp_path: Path, documents: DocumentScreener) -> None:
    found = _found(documents, tmp_path, "The US placed Huawei on the entity list in May.")
    huawei = found["entities"]["Huawei"]
    assert huawei["name"].startswith("Huawei Technologies") and "bis-entity-list" in huawei["lists"]


def test_police_face_and_tracking_wording(tmp_path: Path, documents: DocumentScreener) -> None:
    found = _found(documents, tmp_path,
                   "市公安局已搭建人脸、车轨系统,具有人脸车辆智能解析服务器,对人、车形成完整轨迹。")
    flags = found["flags"]
    assert flags["人脸"]["severity"] == "high"
    assert flags["完整轨迹"]["category"] == "tracking of people"
    assert flags["车轨"]["severity"] == "low"  # vehicles alone stay beneath people


@pytest.mark.parametrize(("text", "term", "category", "severity"), [
    ("人脸识别门禁一体机,支持刷卡开门。", "人脸识别", "biometric access control", "low"),
    ("考生进入考场时进行人脸比对。", "人脸比对", "biometric access control", "low"),
    ("人脸抓拍机支持种族属性和肤色属性。", "种族属性", "ethnicity or minority identification",
     "critical"),
    ("电梯内安装防暴盾牌柜。", "防暴盾牌", "riot-control equipment", "high"),
])
def test_face_race_and_riot_terms(tmp_path: Path, documents: DocumentScreener, text: str,
                                  term: str, category: str, severity: str) -> None:
    flag = _found(documents, tmp_path, text)["flags"][term]
    assert (flag["category"], flag["severity"]) == (category, severity)


@pytest.mark.parametrize("text", [
    "(4)支持各种人种。",  # robustness to all faces, not race recognition
    "算法应避免种族歧视和肤色偏见。",
    "电梯内需防暴半球型摄像机。",  # vandal-proof dome
    "停车场出入口采用车牌识别一体化摄像机,道闸起落杆速度不大于3秒。",
    "评标室音视频监控和视频会议系统采购。",
    "同时通过人脸识别确定人证统一。",  # 通过人 is not 过人
    "考场视频监控系统支持考生异常行为分析和报警。",
    "电子巡更系统可查询巡更人员轨迹。",
    "伴随着经济发展,人员流动增加,视频监控需求上升。",
])
def test_ordinary_procurement_raises_no_serious_flag(tmp_path: Path,
                                                     documents: DocumentScreener,
                                                     text: str) -> None:
    flags = _found(documents, tmp_path, text)["flags"].values()
    assert not [f for f in flags if f["severity"] in ("high", "critical")]


def test_one_word_in_two_entries_counts_for_the_first_that_allows_it() -> None:
    lexicon = parse_lexicon({"sources": {"s": "x"}, "entries": [
        {"id": "watch", "category": "c", "severity": "high", "source": "s", "avoids": "a",
         "zh": {"人脸识别": "face recognition"}, "excludes": ["门禁"]},
        {"id": "door", "category": "d", "severity": "low", "source": "s", "avoids": "a",
         "zh": {"人脸识别": "face recognition"}, "requires": ["门禁"]}]})
    from rightscreen.screening.text_units import PageText

    def entries(text: str) -> list[str]:
        return [hit.term.entry for hit in lexicon.find(PageText.build(text))]

    assert entries("公安人脸识别。人脸识别门禁。") == ["watch", "door"]
