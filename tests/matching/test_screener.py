from __future__ import annotations

from pathlib import Path

from rightscreen import Query, Screener


def _top(screener: Screener, query: Query | str):  # type: ignore[no-untyped-def]
    hits = screener.screen(query)
    assert hits, f"no hit for {query}"
    return hits[0]


def test_hikvision_in_three_scripts(screener: Screener) -> None:
    for name in ("HIKVISION", "杭州海康威视数字技术股份有限公司", "海康威视", "Haikang Weishi",
                 "杭州海康威視數字技術股份有限公司"):
        hit = _top(screener, name)
        assert hit.subject == "hikvision", name
        assert "bis-entity-list" in hit.lists


def test_chinese_legal_name_finds_english_only_entries(screener: Screener) -> None:
    hit = _top(screener, "浙江大华技术股份有限公司")
    assert hit.subject == "dahua"
    assert {"bis-entity-list", "ndaa-889"} <= set(hit.lists)
    assert hit.explanation[0].startswith("matched")


def test_typo_in_distinctive_word_is_found(screener: Screener) -> None:
    assert _top(screener, "Hikvison Digital Technology").subject == "hikvision"


def test_false_friend_is_not_an_alert(screener: Screener) -> None:
    hits = screener.screen("Hangzhou Digital Technology Co., Ltd.")
    assert all(h.subject != "hikvision" for h in hits)


def test_identifier_alone_is_strong_evidence(screener: Screener) -> None:
    hit = _top(screener, Query("Unknown issuer", identifiers={"isin": "CNE100000PM8"}))
    assert hit.subject == "hikvision" and hit.score >= 0.99
    assert any("ISIN CNE100000PM8" in line for line in hit.explanation)


def test_country_disagreement_lowers_score(screener: Screener) -> None:
    same = _top(screener, Query("Megvii Technology", country="CN"))
    other = _top(screener, Query("Megvii Technology", country="Brazil"))
    assert other.score < same.score
    assert any("differs" in line for line in other.explanation)


def test_ordinary_company_has_no_hit(screener: Screener) -> None:
    assert screener.screen("Northwind Traders") == []


def test_hits_are_deterministic_and_best_first(screener: Screener) -> None:
    first = [h.to_dict() for h in screener.screen("Huawei Technologies")]
    again = [h.to_dict() for h in screener.screen("Huawei Technologies")]
    assert first == again
    scores = [h["score"] for h in first]
    assert scores == sorted(scores, reverse=True)


def test_every_hit_says_which_list_and_row(screener: Screener) -> None:
    hit = _top(screener, "Megvii")
    for source in hit.sources:
        assert source["list_id"] and source["file"] and source["row"]


def test_prolific_brand_outweighs_generic_words(screener: Screener) -> None:
    # Huawei has a hundred affiliates on the Entity List; "Digital" must still not carry a hit.
    hits = screener.screen("Hangzhou Digital Technology Co. Ltd")
    assert all("huawei" not in h.name.lower() for h in hits)


def test_two_edits_on_a_short_brand_is_another_firm(screener: Screener) -> None:
    assert [h.subject for h in screener.screen("HIKVISION")] == ["hikvision"]


def test_xinjiang_police_bodies_by_their_chinese_names(screener: Screener) -> None:
    for name, english in (("新疆维吾尔自治区公安厅", "Xinjiang Uyghur Autonomous Region"),
                          ("新疆警察学院", "Xinjiang Police College"),
                          ("新疆生产建设兵团公安局", "Xinjiang Production and Construction Corps")):
        hit = _top(screener, name)
        assert hit.name.startswith(english) and "bis-entity-list" in hit.lists


def test_a_company_is_not_a_persons_nickname(screener: Screener) -> None:
    hits = screener.screen("FOX CORP")
    person = [h for h in hits if h.name == "LIMON ELENES, Jeuri"]
    assert not person or person[0].score <= 0.7
    assert all("person" in " ".join(h.explanation) for h in person)


def test_identifier_match_is_not_lowered_by_country(screener: Screener) -> None:
    hit = _top(screener, Query("Hikvision ADR", country="US",
                               identifiers={"isin": "CNE100000PM8"}))
    assert hit.score >= 0.99


def test_a_short_own_list_scores_like_the_built_in_lists(tmp_path: Path) -> None:
    from rightscreen import load_snapshot

    own = tmp_path / "own.csv"
    own.write_text('name\n"Hangzhou Hikvision Digital Technology Co., Ltd."\nAcme Trading Ltd\n',
                   "utf-8")
    small = Screener(load_snapshot([own], supplement=False).entities)
    assert small.screen("Hangzhou Digital Technology Co., Ltd.") == []
    assert small.screen("HIKVISION")
    assert small.rarity("technology") < 0.5 < small.rarity("hikvision")
