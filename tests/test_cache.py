from __future__ import annotations

import json
import pickle
import shutil
import sys
from pathlib import Path

import pytest

import rightscreen.matching.index as index_module
import rightscreen.snapshot as snapshot_module
from rightscreen import Query, Screener, load_snapshot
from rightscreen.cache import MAGIC, CacheError, cache_key, default_cache_dir, pack, unpack
from rightscreen.snapshot import Snapshot

QUERIES: list[Query | str] = [
    "Rosoboronexport", "ROSOBORONEKSPORT", "Huawei Technologies", "海康威视", "Hikvison",
    "Northwind Traders", "Abu Ali", Query("Unknown issuer", identifiers={"isin": "CNE100000PM8"}),
]


def _output(snapshot: Snapshot) -> str:
    """Everything a command prints about the lists and the hits, as one string."""
    screener = Screener(snapshot.entities, index=snapshot.name_index())
    return json.dumps({
        "infos": [i.to_dict() for i in snapshot.infos],
        "problems": [p.to_dict() for p in snapshot.problems],
        "skipped": snapshot.skipped,
        "entities": [e.to_dict() for e in snapshot.entities],
        "hits": [[h.to_dict() for h in screener.screen(q)] for q in QUERIES],
    }, ensure_ascii=False, sort_keys=True)


@pytest.fixture(autouse=True)
def _stable_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """One key per set of inputs for a test's length: the key covers rightscreen's source
    files, and a working copy edited while the tests run would otherwise change it between
    the cold and the warm load."""
    keys: dict[tuple[tuple[Path, ...] | None, bool], str] = {}

    def stable(paths: list[Path] | None, *, supplement: bool) -> str:
        given = tuple(paths) if paths is not None else None
        if (given, supplement) not in keys:
            keys[(given, supplement)] = cache_key(paths, supplement=supplement)
        return keys[(given, supplement)]

    monkeypatch.setattr(snapshot_module, "cache_key", stable)


def _no_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm start reads the cache: it must not parse, enrich or index anything."""
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("rebuilt although the cache holds these lists")
    monkeypatch.setattr(snapshot_module, "load_lists", refuse)
    monkeypatch.setattr(snapshot_module, "enrich", refuse)
    monkeypatch.setattr(snapshot_module, "read_snapshot_file", refuse)
    monkeypatch.setattr(index_module, "build_state", refuse)


def test_warm_start_gives_byte_identical_output(tmp_path: Path, fixtures: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    without = _output(load_snapshot([fixtures], use_cache=False))
    assert not list(tmp_path.iterdir())
    cold = _output(load_snapshot([fixtures], cache_dir=tmp_path))
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".index", ".snapshot"]
    _no_rebuild(monkeypatch)
    warm = _output(load_snapshot([fixtures], cache_dir=tmp_path))
    assert without == cold == warm
    assert '"hits": [[' in warm  # the queries did find something to compare


def test_builtin_snapshot_warm_start_is_identical(tmp_path: Path, screener: Screener,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    load_snapshot(cache_dir=tmp_path).name_index()
    _no_rebuild(monkeypatch)
    warm = load_snapshot(cache_dir=tmp_path)
    warm_screener = Screener(warm.entities, index=warm.name_index())
    for query in QUERIES:
        assert ([h.to_dict() for h in warm_screener.screen(query)]
                == [h.to_dict() for h in screener.screen(query)])


def test_lists_are_shown_without_decoding_entities(tmp_path: Path, fixtures: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load_snapshot([fixtures], cache_dir=tmp_path)
    monkeypatch.setattr(snapshot_module.CachedLists, "lists", None)  # decoding would fail
    warm = load_snapshot([fixtures], cache_dir=tmp_path)
    assert [i.to_dict() for i in warm.infos] == [i.to_dict() for i in cold.infos]
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]


@pytest.mark.parametrize("damage", ["flip", "truncate", "other_key", "pickle", "empty"])
def test_damaged_cache_is_rebuilt_not_trusted(tmp_path: Path, fixtures: Path, damage: str) -> None:
    expected = _output(load_snapshot([fixtures], use_cache=False))
    load_snapshot([fixtures], cache_dir=tmp_path).name_index()
    marker = tmp_path / "pickle-ran"
    for path in tmp_path.iterdir():
        raw = path.read_bytes()
        if damage == "flip":
            middle = len(raw) // 2
            raw = raw[:middle] + bytes([raw[middle] ^ 0x20]) + raw[middle + 1:]
        elif damage == "truncate":
            raw = raw[: len(raw) - 100]
        elif damage == "other_key":
            raw = raw.replace(path.stem.encode(), b"0" * 64, 1)
        elif damage == "pickle":
            raw = pickle.dumps(_Marker(str(marker)))
        else:
            raw = b""
        path.write_bytes(raw)
    assert _output(load_snapshot([fixtures], cache_dir=tmp_path)) == expected
    assert not marker.exists()
    # and the rebuilt files are good ones again
    for path in tmp_path.iterdir():
        unpack(path.read_bytes(), key=path.stem, kind=path.suffix[1:])


def test_entities_that_do_not_decode_are_rebuilt(tmp_path: Path, fixtures: Path) -> None:
    """A file whose checksum holds but whose entities do not decode (a bug, or a hand that
    recomputed the checksum) is not half-trusted when the entities are first asked for."""
    expected = _output(load_snapshot([fixtures], use_cache=False))
    load_snapshot([fixtures], cache_dir=tmp_path)
    path = next(tmp_path.glob("*.snapshot"))
    parts = unpack(path.read_bytes(), key=path.stem, kind="snapshot")
    parts["entities"] = b'[{"id": "x"}]'
    path.write_bytes(pack(parts, key=path.stem, kind="snapshot"))
    assert _output(load_snapshot([fixtures], cache_dir=tmp_path)) == expected
    again = unpack(path.read_bytes(), key=path.stem, kind="snapshot")
    assert again["entities"] != b'[{"id": "x"}]'  # and the cache was written anew


class _Marker:
    """Unpickling this would create a file: proof that a cache file is never unpickled."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.path, "w"))


def test_changed_list_file_is_a_new_key(tmp_path: Path, fixtures: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot_module, "cache_key", cache_key)  # the key itself, fresh
    lists = tmp_path / "lists"
    shutil.copytree(fixtures / "ofac-sdn", lists)
    cache = tmp_path / "cache"
    first = load_snapshot([lists], cache_dir=cache)
    prim = next(lists.glob("*.csv"))
    prim.write_bytes(prim.read_bytes().replace(b"\n", b"\r\n"))  # same rows, other bytes
    assert cache_key([lists], supplement=True) != first._key
    load_snapshot([lists], cache_dir=cache)
    assert len(list(cache.glob("*.snapshot"))) == 2
    assert cache_key([lists], supplement=False) != cache_key([lists], supplement=True)


def test_no_cache_writes_nothing_and_unwritable_cache_is_only_slower(
        tmp_path: Path, fixtures: Path) -> None:
    load_snapshot([fixtures], cache_dir=tmp_path / "unused", use_cache=False).name_index()
    assert not (tmp_path / "unused").exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    snapshot = load_snapshot([fixtures / "section_889.csv"], cache_dir=blocked / "cache")
    assert snapshot.name_index().name_count > 0


def test_unpack_refuses_other_files() -> None:
    with pytest.raises(CacheError):
        unpack(b"\x80\x04K\x01.", key="k", kind="index")
    with pytest.raises(CacheError):
        unpack(MAGIC + b'{"format": 1, "key": "k", "kind": "index", "parts": [], '
               b'"sha256": "00"}\n', key="k", kind="index")


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG applies on Linux")
def test_cache_directory_follows_env_then_xdg(tmp_path: Path) -> None:
    assert default_cache_dir({"RIGHTSCREEN_CACHE": str(tmp_path)}) == tmp_path
    assert default_cache_dir({"RIGHTSCREEN_CACHE": "off"}) is None
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "rightscreen"
    assert default_cache_dir({"XDG_CACHE_HOME": "relative"}) == (
        Path.home() / ".cache" / "rightscreen")
