from __future__ import annotations

from rightscreen import DEFAULT_THRESHOLD, Screener


def test_brand_matches_full_legal_name_above_threshold(screener: Screener) -> None:
    score, why = screener.compare_names("HIKVISION",
                                        "Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert score >= DEFAULT_THRESHOLD, why


def test_generic_words_alone_do_not_match(screener: Screener) -> None:
    score, why = screener.compare_names("Hangzhou Digital Technology Co., Ltd.",
                                        "Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert score < DEFAULT_THRESHOLD
    assert any("hikvision" in line for line in why)


def test_contradicting_distinctive_word(screener: Screener) -> None:
    same, _ = screener.compare_names("Olaf Scholze", "Olaf Scholz")
    other, _ = screener.compare_names("Octavian Scholz", "Olaf Scholz")
    assert same >= DEFAULT_THRESHOLD > other


def test_word_order_and_comma_form(screener: Screener) -> None:
    score, _ = screener.compare_names("Vladimir Putin", "PUTIN, Vladimir")
    assert score == 1.0


def test_joined_words(screener: Screener) -> None:
    score, why = screener.compare_names("Sense Time", "SenseTime")
    assert score >= 0.9, why


def test_explanation_names_weights_and_legal_forms(screener: Screener) -> None:
    _, why = screener.compare_names("Dahua Technology Co Ltd", "Dahua Technology")
    assert any("'dahua' = 'dahua'" in line and "weight" in line for line in why)
    assert any("legal forms" in line for line in why)
