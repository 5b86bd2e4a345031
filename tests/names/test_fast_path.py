"""The fast path of Chinese names (word tables in the cache directory) gives what the libraries
give: jieba's cut, pypinyin's readings, CC-CEDICT's entries, and so the same romanisation, on
every Chinese name and word the package's data and the Chinese benchmark carry."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from rightscreen.names import cedict, lexicon, pinyin, segment
from rightscreen.names.chinese import _knowledge, has_han, strip_legal_forms, to_simplified

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "rightscreen" / "data"
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][^\s\"',;:/]*")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@cache
def corpus() -> tuple[str, ...]:
    """Every Chinese string in the package's YAML data and the Chinese benchmark, whole (with
    their Latin letters, digits and brackets), their Han runs, and their cores."""
    found: set[str] = set()
    files = [*DATA.glob("*.yaml"), ROOT / "benchmarks" / "chinese_names.yaml"]
    for path in files:
        for text in _strings(yaml.safe_load(path.read_text("utf-8"))):
            if has_han(text) and len(text) <= 60:
                found.add(text)
            found.update(_HAN_RUN.findall(text))
    for text in list(found):
        simplified = to_simplified(text)
        found.add(simplified)
        found.add(strip_legal_forms(simplified)[0])
    return tuple(sorted(t for t in found if t))


def test_the_corpus_is_large_enough_to_tell() -> None:
    names = corpus()
    assert len(names) >= 300
    assert any(re.search(r"[A-Za-z0-9]", n) for n in names)  # mixed scripts are in it


@pytest.fixture(scope="module")
def jieba_table() -> lexicon.WordTable:
    table = lexicon.open_table(segment.SPEC)
    assert table is not None, "the test run has a cache directory (tests/conftest.py)"
    return table


def test_the_segmenter_cuts_as_jieba_does(jieba_table: lexicon.WordTable) -> None:
    fast, slow = segment.Segmenter(jieba_table), segment.reference()
    # The words rightscreen adds, as chinese._segmenter adds them, and one word twice.
    for word in [*_knowledge()["glosses"], *_knowledge()["places"], "海康"]:
        fast.add_word(word, freq=100000)
        slow.add_word(word, freq=100000)
    differences = [(name, list(fast.cut(name)), list(slow.cut(name, HMM=False)))
                   for name in corpus()
                   if list(fast.cut(name)) != list(slow.cut(name, HMM=False))]
    assert differences == []


def test_added_words_change_the_cut_as_in_jieba(jieba_table: lexicon.WordTable) -> None:
    fast, slow = segment.Segmenter(jieba_table), segment.reference()
    before = list(fast.cut("海康威视数字技术"))
    assert before == list(slow.cut("海康威视数字技术", HMM=False))
    for cutter in (fast, slow):
        cutter.add_word("康威视数", freq=10**9)
    assert list(fast.cut("海康威视数字技术")) == list(slow.cut("海康威视数字技术", HMM=False))
    assert list(fast.cut("海康威视数字技术")) != before


def test_pinyin_reads_as_pypinyin_does() -> None:
    from pypinyin import lazy_pinyin

    table = lexicon.open_table(pinyin.SPEC)
    assert table is not None
    reader = pinyin.Reader(table)
    texts = [*corpus(), *{ch for name in corpus() for ch in name}, "", "〇", "银行行长 ABC 123"]
    differences = [(t, reader.lazy_pinyin(t), lazy_pinyin(t)) for t in texts
                   if reader.lazy_pinyin(t) != lazy_pinyin(t)]
    assert differences == []
    assert pinyin.syllables() == pinyin.Reader(table).syllables
    assert {"zhong", "lu", "shuang"} <= pinyin.syllables()


def test_cedict_entries_are_the_parsed_file() -> None:
    parsed = cedict.parse()
    table = lexicon.open_table(cedict.SPEC)
    assert table is not None
    assert len(table) == len(parsed)
    words = {name[i:j] for name in corpus() for i in range(len(name))
             for j in range(i + 2, min(len(name), i + 8) + 1)}
    assert sum(w in parsed for w in words) >= 200  # enough of them are dictionary words
    assert [w for w in words if cedict.raw_entries(w) != parsed.get(w, [])] == []
    # The prefix senses kept beside the table are those of the file, single characters too.
    assert table.meta["prefixes"] == cedict.parse_prefixes()
    assert table.meta["prefixes"]["微"] == ["micro"]


_ROMANISE = """
import json, sys
from rightscreen.names.chinese import romanise, strip_legal_forms, to_simplified
out = {}
for name in json.load(sys.stdin):
    core = strip_legal_forms(to_simplified(name))[0]
    out[name] = [[t.text, t.latin, t.kind, list(t.alternatives)] for t in romanise(core)]
print(json.dumps(out, ensure_ascii=False))
"""


def _romanised(names: list[str], cache_dir: str) -> dict[str, Any]:
    env = {**os.environ, "RIGHTSCREEN_CACHE": cache_dir}
    run = subprocess.run([sys.executable, "-c", _ROMANISE], input=json.dumps(names),
                         env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def test_romanisation_is_the_same_with_and_without_the_tables() -> None:
    names = [n for n in corpus() if _HAN_RUN.match(n)]
    cache_dir = os.environ["RIGHTSCREEN_CACHE"]
    assert lexicon.open_table(segment.SPEC) is not None  # built: the fast run reads it
    fast, slow = _romanised(names, cache_dir), _romanised(names, "off")
    assert len(fast) == len(names) >= 300
    assert [n for n in names if fast[n] != slow[n]] == []
    assert any(len(tokens) >= 3 for tokens in fast.values())


# The tables themselves: a small one, built by a stand-in for a package's code.

def _spec(calls: list[int], words: dict[str, str] | None = None) -> lexicon.TableSpec:
    def build() -> tuple[dict[str, str], dict[str, Any]]:
        calls.append(1)
        return dict(words or {"北京": "1", "北京大学": "2", "a": "x", "中": "0"}), {"n": 4}

    return lexicon.TableSpec(name="test", package="jieba", files=("dict.txt",), modules=(),
                             build=build)


def test_a_table_is_built_once_then_read(tmp_path: Path) -> None:
    calls: list[int] = []
    table = lexicon.open_table(_spec(calls), tmp_path)
    assert table is not None and calls == [1]
    again = lexicon.open_table(_spec(calls), tmp_path)
    assert again is not None and calls == [1]
    assert dict(again) == {"北京": "1", "北京大学": "2", "a": "x", "中": "0"}
    assert again.meta == {"n": 4}
    assert again.has_prefix("北京大") and again.has_prefix("北") and not again.has_prefix("南")
    assert "北京大" not in again and again.get_text("中") == "0"
    assert list(again) == sorted(again, key=lambda k: k.encode("utf-8"))


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_a_damaged_table_is_rebuilt_not_read(tmp_path: Path, damage: str) -> None:
    calls: list[int] = []
    lexicon.open_table(_spec(calls), tmp_path)
    (path,) = tmp_path.glob("test-*.words")
    raw = bytearray(path.read_bytes())
    if damage == "flip":
        raw[-3] ^= 0x40  # inside the values: only the checksum tells
    elif damage == "truncate":
        raw = raw[:-5]
    elif damage == "garbage":
        raw = bytearray(b"x" * len(raw))
    else:
        raw = bytearray()
    path.write_bytes(bytes(raw))
    table = lexicon.open_table(_spec(calls), tmp_path)
    assert calls == [1, 1]
    assert table is not None and table["北京大学"] == "2"
    assert lexicon.read_table(path, lexicon.table_key(_spec([])) or "") is not None


def test_a_stale_table_is_not_read(tmp_path: Path) -> None:
    calls: list[int] = []
    table = lexicon.open_table(_spec(calls), tmp_path)
    assert table is not None
    (path,) = tmp_path.glob("test-*.words")
    assert lexicon.read_table(path, "another key") is None  # another package or code version
    raw = lexicon.encode_table({"北京": "1"}, {}, key="another key")
    assert lexicon.decode_table(raw, "another key") is not None
    assert lexicon.decode_table(raw, "a third key") is None


def test_no_cache_directory_means_the_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIGHTSCREEN_CACHE", "off")
    assert lexicon.open_table(segment.SPEC) is None
    assert not isinstance(segment.segmenter(), segment.Segmenter)


def test_a_table_that_cannot_be_written_is_still_used(tmp_path: Path) -> None:
    # Found in review: a cache folder that cannot be written (here, under a file) used to
    # throw the built table away and load the library as well, in every process.
    calls: list[int] = []
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    table = lexicon.open_table(_spec(calls), blocked / "words")
    assert table is not None and calls == [1]
    assert dict(table.items()) == dict(lexicon.open_table(_spec(calls), tmp_path).items())
