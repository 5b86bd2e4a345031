"""The document automata read back from the cache: the same findings as built ones, and a
stale, damaged or undecodable file built again, never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest
from docs_helpers import write_pdf

from rightscreen import Screener, load_snapshot
from rightscreen.cache import pack
from rightscreen.screening import automata
from rightscreen.screening.documents import DocumentScreener
from rightscreen.snapshot import Snapshot

TENDER = [
    "第一章 招标公告\n本项目采购视频监控设备，项目地点：新疆维吾尔自治区。",
    "技术要求\n1. 系统应支持人脸识别，建立黑名单人脸库，可布控报警。\n"
    "2. 前端设备须兼容海康威视或大华的平台协议。\n3. 供应商：杭州海康威视数字技术股份有限公司\n"
    "门禁系统并无人脸识别功能，不得采集步态识别数据。\n"
    "4. 旷视为公安提供人像比对服务；大华摄像机若干。",
    "The video management system shall support facial recognition and blacklist alarms.\n"
    "Equipment made by Hikvision or Dahua Technology is not accepted.",
]


def _files(snapshot: Snapshot) -> list[Path]:
    """This snapshot's document cache file, if written (other snapshots of the test session
    may have theirs in the same folder)."""
    where = automata._warm_cache_of(snapshot)
    assert where is not None
    path = where[0] / f"{automata.automata_key(where[1])}{automata.SUFFIX}"
    return [path] if path.exists() else []


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    builds: list[int] = []
    real = automata._build_for

    def counting(snapshot: Snapshot) -> automata.DocumentAutomata:
        builds.append(1)
        return real(snapshot)

    monkeypatch.setattr(automata, "_build_for", counting)
    return builds


def test_cached_automata_give_the_findings_of_built_ones(
        tmp_path: Path, screener: Screener, builtin: Snapshot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = write_pdf(tmp_path / "tender.pdf", TENDER)
    built = DocumentScreener(screener, builtin.infos).screen_paths([pdf]).to_dict()
    DocumentScreener.from_snapshot(builtin)  # writes the file when this run has none yet
    assert len(_files(builtin)) == 1
    builds = _count_builds(monkeypatch)
    cached = DocumentScreener.from_snapshot(builtin)
    assert builds == []  # read back, not built
    assert cached.screen_paths([pdf]).to_dict() == built
    assert {f["kind"] for f in built["findings"]} == {"entity", "red_flag"}
    assert built["summary"]["negated_red_flags"] >= 1
    # the entities are still there for callers that ask, in the patterns' order
    pattern = cached.finder.patterns["海康威视"]
    assert any("Hikvision" in cached.entities[p].name for p in pattern.entities)


@pytest.fixture()
def small(tmp_path: Path, fixtures: Path) -> Snapshot:
    return load_snapshot([fixtures], cache_dir=tmp_path / "cache")


def _flip_last_byte(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[-2] ^= 0x01
    path.write_bytes(bytes(raw))


def _replace_with(path: Path, parts: dict[str, bytes], key: str) -> None:
    path.write_bytes(pack(parts, key=key, kind=automata.KIND))


@pytest.mark.parametrize("spoil", ["damaged", "other key", "undecodable", "empty", "truncated"])
def test_a_stale_or_damaged_file_is_built_again(small: Snapshot, tmp_path: Path, spoil: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = write_pdf(tmp_path / "tender.pdf", TENDER)
    first = DocumentScreener.from_snapshot(small).screen_paths([pdf]).to_dict()
    [path] = _files(small)
    good = path.read_bytes()
    key = path.name.removesuffix(automata.SUFFIX)
    read = automata.read_automata(path.parent, key)
    assert read is not None
    parts = automata.encode(read)
    if spoil == "damaged":
        _flip_last_byte(path)
    elif spoil == "other key":  # a valid file of other lists, under this name
        _replace_with(path, parts, "0" * 64)
    elif spoil == "undecodable":  # the checksum holds, the content does not decode
        _replace_with(path, {**parts, "patterns": b'{"skipped": 0}'}, key)
    elif spoil == "empty":
        path.write_bytes(b"")
    else:
        path.write_bytes(good[:len(good) // 2])
    assert automata.read_automata(path.parent, key) is None
    builds = _count_builds(monkeypatch)
    again = DocumentScreener.from_snapshot(small).screen_paths([pdf]).to_dict()
    assert builds == [1]
    assert again == first
    assert path.read_bytes() == good  # written again, whole
    assert automata.read_automata(path.parent, key) is not None


def test_the_key_follows_the_lists(small: Snapshot, tmp_path: Path, fixtures: Path) -> None:
    other = load_snapshot([fixtures / "section_889.csv"], cache_dir=tmp_path / "cache")
    DocumentScreener.from_snapshot(small)
    DocumentScreener.from_snapshot(other)
    assert len(_files(small)) == len(_files(other)) == 1
    assert _files(small) != _files(other)
    where = automata._warm_cache_of(small)
    assert where is not None and len(list(where[0].glob("*" + automata.SUFFIX))) == 2
    assert automata.automata_key("a" * 64) != automata.automata_key("b" * 64)


def test_without_the_cache_nothing_is_written(tmp_path: Path, fixtures: Path) -> None:
    snapshot = load_snapshot([fixtures], cache_dir=tmp_path / "cache", use_cache=False)
    assert automata._warm_cache_of(snapshot) is None
    pdf = write_pdf(tmp_path / "tender.pdf", TENDER)
    found = DocumentScreener.from_snapshot(snapshot).screen_paths([pdf]).to_dict()
    assert found["findings"]
    assert not (tmp_path / "cache").exists()
