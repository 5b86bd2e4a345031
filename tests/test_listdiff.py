from __future__ import annotations

from pathlib import Path

from rightscreen.listdiff import diff_lists
from rightscreen.sources import load_lists


def test_added_removed_changed(tmp_path: Path, fixtures: Path) -> None:
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    lines = (fixtures / "ofac-sdn" / "sdn.csv").read_bytes().decode("utf-8").split("\r\n")
    entries = [line for line in lines if line and line != "\x1a"]
    (old_dir / "sdn.csv").write_text("\n".join(entries[:4]) + "\n", "utf-8")
    changed = entries[1].replace("ANGLO-CARIBBEAN CO., LTD.", "ANGLO CARIBBEAN COMPANY")
    (new_dir / "sdn.csv").write_text("\n".join([entries[0], changed, *entries[3:]]) + "\n",
                                     "utf-8")
    (old,) = load_lists([old_dir]).snapshots
    (new,) = load_lists([new_dir]).snapshots
    result = diff_lists(old, new)
    assert [e.sources[0].entry_id for e in result.added] == ["15599"]
    assert [e.sources[0].entry_id for e in result.removed] == ["306"]
    assert [(a.sources[0].entry_id, f) for a, _, f in result.changed] == [("173", ["name"])]
    assert result.to_dict()["new"]["sha256"] != result.to_dict()["old"]["sha256"]
