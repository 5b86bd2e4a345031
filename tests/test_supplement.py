from __future__ import annotations

from pathlib import Path

import pytest

from rightscreen import Screener, load_snapshot
from rightscreen.snapshot import Snapshot
from rightscreen.supplement import load_supplement, name_key, parse_supplement


def test_every_fact_has_a_known_source() -> None:
    supplement = load_supplement()
    for subject in supplement.subjects:
        for name in subject.names:
            assert name.origin.removeprefix("supplement:") in supplement.sources
        for ident in subject.identifiers:
            assert (ident.source or "").removeprefix("supplement:") in supplement.sources


def test_unknown_source_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown source"):
        parse_supplement({"sources": {}, "subjects": [
            {"id": "x", "name": "X", "names": [{"value": "X", "source": "nowhere"}]}]})


def test_name_key_keeps_places_and_drops_loose_endings() -> None:
    assert name_key("Zhejiang Dahua Technology Co., Ltd.") == "zhejiang dahua technology"
    assert name_key("Dahua Technology Company") == "dahua technology"
    assert name_key("SMIC (Beijing) Corporation") != name_key("SMIC Corporation")


def test_enriches_a_users_own_list(tmp_path: Path) -> None:
    own = tmp_path / "own.csv"
    own.write_text('name\n"Hangzhou Hikvision Digital Technology Co., Ltd."\nAcme Ltd\n', "utf-8")
    snapshot = load_snapshot([own])
    hik = next(e for e in snapshot.entities if e.name.startswith("Hangzhou"))
    assert hik.subject == "hikvision"
    assert "杭州海康威视数字技术股份有限公司" in {n.value for n in hik.names}
    hits = Screener(snapshot.entities).screen("海康威视")
    assert hits and hits[0].entity_id == hik.id


def test_dpl_dahua_electronics_is_not_dahua(fixtures: Path) -> None:
    snapshot = load_snapshot([fixtures / "dpl_sample.txt"])
    us_firm = next(e for e in snapshot.entities if e.name == "DAHUA ELECTRONICS CORPORATION")
    assert us_firm.subject is None


def test_a_parent_group_is_not_merged_into_its_listed_company() -> None:
    from rightscreen import load_snapshot

    snapshot = load_snapshot()
    subjects = {e.name.upper(): e.subject for e in snapshot.entities}
    assert subjects["CHINA MOBILE LIMITED"] == "china-mobile"
    assert subjects["CHINA MOBILE COMMUNICATIONS GROUP CO., LTD."] is None
    assert subjects["CHINA TELECOM GROUP CO., LTD."] is None


def test_chinese_names_are_keyed_by_their_characters(builtin: Snapshot) -> None:
    # 华为技术有限公司 reads "huawei technology", the name of Huawei's Egyptian affiliate.
    assert name_key("华为技术有限公司") == "zh:华为技术"
    assert name_key("華為技術有限公司") == "zh:华为技术"
    egypt = next(e for e in builtin.entities if e.name == "Huawei Technology")
    assert egypt.subject is None


@pytest.mark.parametrize(("query", "listed"), [
    ("新疆生产建设兵团", "Xinjiang Production and Construction Corps (XPCC)"),
    ("兵团", "Xinjiang Production and Construction Corps (XPCC)"),
    ("海能达", "Hytera Communications Limited"),
    ("浪潮", "Inspur Group Co., Ltd."),
    ("大疆", "DJI"),
    ("烽火通信科技股份有限公司", "FiberHome Technologies Group"),
    ("东方网力", "NetPosa"),
    ("哈尔滨工程大学", "Harbin Engineering University"),
    ("中国电子科技集团公司第二十八研究所",
     "China Electronics Technology Group Corporation No. 28 Institute"),
])
def test_issue_7_chinese_names_find_english_only_entries(screener: Screener, query: str,
                                                         listed: str) -> None:
    hits = screener.screen(query)
    assert hits and hits[0].score >= 0.99
    related = [screener.entity(i)[1].name for i in [hits[0].entity_id, *hits[0].related]]
    assert listed in related


def test_every_new_subject_is_recognised_in_the_builtin_lists(builtin: Snapshot) -> None:
    subjects = {e.subject for e in builtin.entities}
    for subject in ("xpcc", "hytera", "inspur-group", "inspur-information", "dji", "fiberhome",
                    "netposa", "cgn", "beihang", "bit", "hit", "heu", "nuaa", "njust", "nwpu",
                    "cetc-14", "cetc-28", "cetc-55"):
        assert subject in subjects
