from __future__ import annotations

from pathlib import Path

import pytest

from rightscreen import Query, Screener
from rightscreen.model import Entity, Identifier, Name, SourceRef


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


def _entity(entity_id: str, name: str, *, schema: str = "LegalEntity",
            address: str | None = None, births: tuple[str, ...] = (),
            countries: tuple[str, ...] = ()) -> Entity:
    list_id, entry = entity_id.split(":")
    return Entity(entity_id, schema, [Name(name, "primary")], [SourceRef(list_id, entry)],
                  countries=list(countries), addresses=[address] if address else [],
                  identifiers=[Identifier("dob", b) for b in births])


def test_one_firm_listed_once_per_address_is_one_hit() -> None:
    small = Screener([
        _entity("bis-entity-list:1", "Suzhou Keda Technology Co., Ltd.", address="Suzhou"),
        _entity("bis-entity-list:2", "Suzhou Keda Technology Co., Ltd.", address="Hong Kong"),
        _entity("bis-entity-list:3", "Suzhou Keda Technology Co., Ltd.", address="Shanghai"),
        _entity("ofac-sdn:9", "Keda Trading LLC"),
    ])
    hits = small.screen("Suzhou Keda Technology Co Ltd")
    keda = [h for h in hits if h.name.startswith("Suzhou Keda")]
    assert len(keda) == 1
    assert {s["entry_id"] for s in keda[0].sources} == {"1", "2", "3"}
    assert sorted(keda[0].addresses) == ["Hong Kong", "Shanghai", "Suzhou"]
    assert len(keda[0].related) == 2


def test_two_people_of_one_name_stay_two_hits() -> None:
    small = Screener([
        _entity("ofac-sdn:1", "ALI, Ahmed Mohammed Hamed", schema="Person", births=("1965",)),
        _entity("ofac-sdn:2", "ALI, Ahmed Mohammed Hamed", schema="Person", births=("1971",)),
    ])
    assert len(small.screen("Ahmed Mohammed Hamed Ali")) == 2


def test_birth_year_lowers_a_person_match_and_says_so(screener: Screener) -> None:
    name = "Abboud Abdul Latif Hassan al-Zomor"
    same = _top(screener, Query(name, birth_date="1947-04-19", nationality="Egypt"))
    other = _top(screener, Query(name, birth_date="1980"))
    assert other.score < same.score
    assert any(f.feature == "birth_date" and f.factor < 1 for f in other.features)
    assert any("date of birth 1947-04-19 matches" in line for line in same.explanation)
    assert any("nationality EG matches" in line for line in same.explanation)


def test_acronym_one_edit_away_is_not_a_hit(screener: Screener) -> None:
    assert all(h.matched_name.upper() != "AVIC" for h in screener.screen("AVID"))
    assert any(h.matched_name.upper() == "AVIC" for h in screener.screen("AVIC"))


@pytest.mark.parametrize(("query", "subject_or_name"), [
    ("Hik Vision", "hikvision"),
    ("HikVision Digital Tech Co Ltd", "hikvision"),
    ("Huawei Technologies Co., Limted", "Huawei Technologies Co., Ltd."),
    ("SEMICONDUCTOR MFG INTL CORP", "smic"),
    ("XinjiangPolice College", "Xinjiang Police College"),
])
def test_word_boundaries_abbreviations_and_typos(screener: Screener, query: str,
                                                 subject_or_name: str) -> None:
    hit = _top(screener, query)
    assert subject_or_name in (hit.subject, hit.name)


@pytest.mark.parametrize(("query", "plural", "singular"), [
    ("Sugon Information Industries", "industries", "industry"),
    ("Dawning Information Industries Co", "industries", "industry"),
])
def test_a_generic_word_in_the_plural_is_the_same_word(screener: Screener, query: str,
                                                        plural: str, singular: str) -> None:
    # Listed as "... Information Industry": three edits from "industries", one plural.
    hit = _top(screener, query)
    assert hit.subject == "sugon" and hit.score >= 0.9
    assert any(f"'{plural}' = '{singular}'" in line for line in hit.explanation)


@pytest.mark.parametrize("query", ["Beijing Institute of Technology", "Beijing Inst of Tech"])
def test_a_name_of_common_words_only_is_found(screener: Screener, query: str) -> None:
    # Each of its words is in hundreds of listed names ("Mabna Institute", "Beijing ...
    # Technology Co."): the name that is only these words must still be a candidate.
    hit = _top(screener, query)
    assert hit.name == "Beijing Institute of Technology" and hit.score == 1.0
    assert {"bis-entity-list", "dow-1286"} <= set(hit.lists)


def test_hit_carries_structured_features(screener: Screener) -> None:
    out = _top(screener, "Megvii").to_dict()
    assert out["explanation"] == [f["detail"] for f in out["features"]]
    assert out["features"][0]["feature"] == "name"
