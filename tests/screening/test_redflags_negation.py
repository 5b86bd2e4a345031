"""A red flag its own clause denies is kept, marked negated, at the lexicon's lower severity;
quantity words, other clauses and but-words do not deny."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rightscreen.extract.normalize import normalize_text
from rightscreen.reports.tabular import write_report
from rightscreen.screening.documents import DocumentScreener
from rightscreen.screening.redflags import load_lexicon, parse_negation
from rightscreen.screening.text_units import PageText
from rightscreen.snapshot import Snapshot


def _hits(text: str) -> dict[str, str | None]:
    """Each term found, with the words that deny it (None when none do)."""
    page = PageText.build(normalize_text(text))
    return {page.joined[h.start:h.end]: None if h.negated_by is None
            else page.joined[h.negated_by[0]:h.negated_by[1]]
            for h in load_lexicon().find(page)}


@pytest.mark.parametrize(("text", "term", "cue"), [
    ("目前科技執法的系統並無人臉辨識,主要是車輛辨識。", "人脸辨识", "并无"),
    ("本系统并无人脸识别功能。", "人脸识别", "并无"),
    ("前端设备不得具备人脸识别功能。", "人脸识别", "不得"),
    ("系统不具备人脸识别模块。", "人脸识别", "不具备"),
    ("校园内严禁部署人脸识别系统。", "人脸识别", "严禁"),
    ("The system does not include facial recognition.", "facial recognition", "not"),
    ("Cameras shall not support face recognition.", "face recognition", "not"),
    ("A camera without facial recognition or analytics.", "facial recognition", "without"),
    ("The platform doesn't offer face recognition.", "face recognition", "doesn't"),
])
def test_a_denied_term_is_marked_with_what_denies_it(text: str, term: str, cue: str) -> None:
    assert _hits(text)[term] == cue


def test_one_denial_covers_the_terms_it_lists() -> None:
    assert _hits("不得使用人脸识别、步态识别等技术。") == {"人脸识别": "不得", "步态识别": "不得"}


@pytest.mark.parametrize(("text", "term"), [
    ("系统应支持人脸识别，人脸比对准确率不低于99%。", "人脸识别"),
    ("准确率不低于99%的人脸识别系统", "人脸识别"),  # a quantity, not a denial
    ("响应时间不得低于1秒，支持人脸识别。", "人脸识别"),  # the denial is in another clause
    ("系统不具备车牌识别但支持人脸识别。", "人脸识别"),  # 但 ends the denial
    ("无死角人脸抓拍，全天候布控。", "人脸抓拍"),
    ("无人值守人脸识别卡口", "人脸识别"),
    ("禁止黑名单人员进入时布控报警，建立黑名单人脸库。", "黑名单人脸库"),
    ("including but not limited to face recognition and gait recognition", "face recognition"),
    ("No. 3: face recognition camera", "face recognition"),
    ("The bidder shall not be a subcontractor; the system shall support facial recognition.",
     "facial recognition"),
    ("Providing not only face recognition but blacklist alarms.", "face recognition"),
])
def test_what_only_looks_like_a_denial_keeps_the_flag(text: str, term: str) -> None:
    assert _hits(text)[term] is None


def test_a_denied_finding_is_kept_at_low_severity(tmp_path: Path, builtin: Snapshot) -> None:
    path = tmp_path / "statement.txt"
    path.write_text("系统并无人脸识别功能。视频平台应支持人脸识别和布控报警。", "utf-8")
    envelope = DocumentScreener.from_snapshot(builtin).screen_paths([path]).to_dict()
    faces = [f for f in envelope["findings"] if f["term"] == "人脸识别"]
    assert [(f["severity"], f.get("negated"), f.get("negated_by"), f.get("term_severity"))
            for f in faces] == [("low", True, "并无", "high"), ("high", None, None, None)]
    assert envelope["summary"]["negated_red_flags"] == 1
    assert envelope["summary"]["severities"]["low"] == 1
    # a reviewer reading the CSV or the HTML report sees the denial too, not only JSON readers
    write_report(envelope, tmp_path / "findings.csv")
    with (tmp_path / "findings.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))
                if r["term"] == "人脸识别"]
    assert [(r["severity"], r["negated_by"], r["term_severity"]) for r in rows] == [
        ("low", "并无", "high"), ("high", "", "")]
    write_report(envelope, tmp_path / "findings.html")
    assert "denied by '并无' (a high term)" in (tmp_path / "findings.html").read_text("utf-8")


def test_negation_words_are_text_and_explained() -> None:
    negation = load_lexicon().negation
    assert negation is not None
    # YAML reads a bare `no` as false: every word must have stayed a word
    assert "no" in negation.en and all(isinstance(w, str) and w for w in
                                       (*negation.zh, *negation.en, *negation.not_negations))
    assert negation.severity not in ("high", "critical")
    with pytest.raises(ValueError, match="avoids"):
        parse_negation({"severity": "low", "source": "s", "zh": ["无"], "en": ["not"],
                        "max_gap": {"zh": 8, "en": 5}})


@pytest.mark.parametrize(("text", "term"), [
    ("对未登记人员进行人脸识别比对并报警。", "人脸识别"),
    ("发现无证人员立即进行人脸识别报警。", "人脸识别"),
    ("对不戴口罩人员进行人脸识别。", "人脸识别"),
    ("支持对无身份证人员的人脸识别布控。", "人脸识别"),
    ("对未授权人员自动人脸识别。", "人脸识别"),
    ("Cameras must detect people who are not registered using facial recognition.",
     "facial recognition"),
    ("No person may enter without facial recognition.", "facial recognition"),
])
def test_a_denial_about_people_leaves_the_requirement_standing(text: str, term: str) -> None:
    # Found in review: the denial words describe the people watched, not the feature.
    assert _hits(text)[term] is None


@pytest.mark.parametrize(("text", "term", "cue"), [
    ("本系统不支持或者不具备人脸识别功能。", "人脸识别", "不具备"),  # 或者 is "or", not a person
    ("本项目不涉及个人人脸识别。", "人脸识别", "不涉及"),  # 个人 is "personal"
    ("系统无需人工进行人脸识别。", "人脸识别", "无需"),  # 人工 is "manual"
    ("Visitors' entrance does not use face recognition.", "face recognition", "not"),  # a thing
])
def test_words_that_only_contain_a_people_word_do_not_cancel_a_denial(
        text: str, term: str, cue: str) -> None:
    # Found in review: 或者, 个人, 人工 and "visitors'" are not people the clause names.
    assert _hits(text)[term] == cue
