from __future__ import annotations

from rightscreen.names.analyze import analyze, han_readings
from rightscreen.names.chinese import MAX_READINGS, readings, romanise


def _texts(core: str) -> list[str]:
    return [" ".join(t.latin for t in r) for r in readings(core)]


def test_the_first_reading_is_the_romanisation() -> None:
    for core in ("中国科学仪器和材料", "海康威视", "北京理工大学", "成都精密光学工程研究中心"):
        assert readings(core)[0] == romanise(core)
        assert 1 <= len(readings(core)) <= MAX_READINGS


def test_other_readings_use_other_english_the_lists_know() -> None:
    texts = _texts("中国科学仪器和材料")
    assert "china national science instruments materials" in texts  # an opening, as data
    assert "china scientific instruments materials" in texts  # a CC-CEDICT sense
    assert "china national scientific instruments materials" in texts  # both
    # Fewest changes first: each single change comes before the pair.
    assert texts.index("china national scientific instruments materials") > max(
        texts.index("china national science instruments materials"),
        texts.index("china scientific instruments materials"))


def test_pinyin_and_places_are_not_read_otherwise() -> None:
    assert _texts("海康威视") == ["haikang weishi"]
    assert all(t.startswith("chengdu ") for t in _texts("成都精密光学工程研究中心"))
    assert all("national" not in t for t in _texts("北京中国"))  # 中国 opens no name here


def test_han_readings_are_name_forms_of_the_same_name() -> None:
    form = analyze("中國科學儀器和材料公司")
    found = han_readings(form)
    assert found[0] == form and len(found) == len(readings(form.han or ""))
    assert all(f.han == form.han and f.legal_forms == form.legal_forms for f in found)
    assert ("china", "national", "scientific", "instruments", "materials") in [
        f.words for f in found]
    latin = analyze("Hikvision Digital Technology")
    assert han_readings(latin) == (latin,)
