from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from rightscreen.errors import SnapshotError
from rightscreen.snapshot import Snapshot, build_snapshot, load_snapshot, read_snapshot_file

EXPECTED = {"bis-entity-list", "bis-meu", "ofac-nonsdn", "dow-1260h", "dhs-uflpa", "fcc-covered",
            "ndaa-889", "ofac-sdn", "un-sc"}


def test_builtin_snapshot_names_every_list_version(builtin: Snapshot) -> None:
    ids = {info.id for info in builtin.infos}
    assert ids >= EXPECTED
    for info in builtin.infos:
        assert len(info.sha256) == 64 and info.entities > 0


def test_builtin_snapshot_is_enriched(builtin: Snapshot) -> None:
    hik = [e for e in builtin.entities if e.subject == "hikvision"]
    assert {e.lists[0] for e in hik} >= {"bis-entity-list", "ofac-nonsdn", "ndaa-889"}


def test_build_is_reproducible(tmp_path: Path, fixtures: Path) -> None:
    manifest = ["ofac-cons", "un_sample.xml", "section_889.csv"]
    first = build_snapshot(fixtures, tmp_path / "a.json.gz", manifest)
    build_snapshot(fixtures, tmp_path / "b.json.gz", manifest)
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()
    again = read_snapshot_file(tmp_path / "a.json.gz")
    assert [i.to_dict() for i in again.infos] == [i.to_dict() for i in first.infos]
    assert [e.to_dict() for e in again.entities] == [e.to_dict() for e in first.entities]


def test_tampered_snapshot_is_refused(tmp_path: Path, fixtures: Path) -> None:
    path = tmp_path / "s.json.gz"
    build_snapshot(fixtures, path, ["section_889.csv"])
    data = json.loads(gzip.decompress(path.read_bytes()))
    data["lists"][0]["entities"][0]["names"][0]["value"] = "Someone Else"
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    with pytest.raises(SnapshotError, match="checksum"):
        read_snapshot_file(path)


def test_name_index_is_built_once_without_a_cache(fixtures: Path) -> None:
    snapshot = load_snapshot([fixtures / "section_889.csv"], use_cache=False)
    index = snapshot.name_index()
    assert snapshot.name_index() is index
    assert index.entities == snapshot.entities
    assert index.name_count == sum(len(e.names) for e in snapshot.entities)
