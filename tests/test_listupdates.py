"""List updates against a local HTTP server on 127.0.0.1 serving real list files (the OFAC
and DPL fixtures) and damaged copies of them."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from rightscreen.listupdates import current_versions, load_feeds, update_lists
from rightscreen.snapshot import load_snapshot


class _Handler(SimpleHTTPRequestHandler):
    cut_short: set[str] = set()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        return

    def send_head(self) -> Any:
        name = self.path.rsplit("/", 1)[-1]
        if name in self.cut_short:  # promise more bytes than are sent
            body = Path(self.translate_path(self.path)).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) * 2))
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return None
        return super().send_head()


@pytest.fixture()
def server(tmp_path: Path, fixtures: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "mirror"
    root.mkdir()
    for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"):
        shutil.copy(fixtures / "ofac-sdn" / name, root / name)
    shutil.copy(fixtures / "dpl_sample.txt", root / "dpl.txt")
    _Handler.cut_short = set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()
    httpd.server_close()


def _later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime + 10, stat.st_mtime + 10))


def test_feeds_name_official_addresses() -> None:
    feeds = {f.id: f for f in load_feeds()}
    assert feeds["ofac-sdn"].files["sdn.csv"][0].startswith("https://www.treasury.gov/")
    assert set(feeds["ofac-sdn"].files) == {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"}
    assert all(f.source and f.publisher for f in feeds.values())


def test_update_then_not_modified_then_changed(server: tuple[str, Path], tmp_path: Path) -> None:
    url, root = server
    into = tmp_path / "lists"
    first = {r.feed: r for r in update_lists(into, mirror=url, feeds=["ofac-sdn", "bis-dpl"])}
    assert first["ofac-sdn"].status == "updated" and first["ofac-sdn"].entities == 5
    assert first["ofac-sdn"].lists == ["ofac-sdn"]
    assert first["bis-dpl"].status == "updated"
    again = update_lists(into, mirror=url, feeds=["ofac-sdn"])[0]
    assert again.status == "unchanged" and again.version == first["ofac-sdn"].version
    with (root / "alt.csv").open("a", encoding="latin-1") as fh:
        fh.write('306,9999,"aka","BNC HAVANA",-0- \n')
    _later(root / "alt.csv")
    changed = update_lists(into, mirror=url, feeds=["ofac-sdn"])[0]
    assert changed.status == "updated" and changed.version != first["ofac-sdn"].version
    assert current_versions(into)["ofac-sdn"] == into / str(changed.version)
    old = into / str(first["ofac-sdn"].version)
    assert (old / "sdn.csv").exists()  # every version is kept
    assert b"BNC HAVANA" in (into / str(changed.version) / "alt.csv").read_bytes()


@pytest.mark.parametrize("damage", ["html", "cut-short", "unparseable", "shrunk"])
def test_a_bad_download_keeps_the_previous_version(
        server: tuple[str, Path], tmp_path: Path, fixtures: Path, damage: str) -> None:
    url, root = server
    into = tmp_path / "lists"
    before = update_lists(into, mirror=url, feeds=["ofac-sdn"])[0]
    assert before.status == "updated"
    sdn = root / "sdn.csv"
    if damage == "html":
        sdn.write_text("<!DOCTYPE html><html><body>Site moved</body></html>", "utf-8")
    elif damage == "cut-short":
        _Handler.cut_short = {"sdn.csv"}
    elif damage == "unparseable":
        sdn.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4)
    else:
        sdn.write_bytes(sdn.read_bytes().splitlines(keepends=True)[0])
    _later(sdn)
    after = update_lists(into, mirror=url, feeds=["ofac-sdn"])[0]
    assert after.status == "failed", after
    assert after.version == before.version
    assert after.problems and all("sdn.csv" in p or "version" in p for p in after.problems)
    assert current_versions(into)["ofac-sdn"] == into / str(before.version)


def test_a_mirror_folder_works_without_a_network(tmp_path: Path, fixtures: Path) -> None:
    into = tmp_path / "lists"
    result = update_lists(into, mirror=str(fixtures / "ofac-cons"), feeds=["ofac-nonsdn"])[0]
    assert result.status == "updated" and result.lists == ["ofac-nonsdn"]
    assert result.entities == 6


def test_the_command_records_updates_on_the_audit_trail(tmp_path: Path, fixtures: Path) -> None:
    from typer.testing import CliRunner

    from rightscreen.cli import app
    from rightscreen.store import Store

    store = str(tmp_path / "cases.sqlite")
    result = CliRunner().invoke(app, ["lists", "update", "--from", str(fixtures / "ofac-cons"),
                                      "--feed", "ofac-nonsdn", "--into", str(tmp_path / "l"),
                                      "--store", store])
    assert result.exit_code == 0, result.output
    assert "updated" in result.output
    records = Store.open(store).audit_trail()
    assert [r["kind"] for r in records] == ["list_update"]
    assert records[0]["payload"]["feed"] == "ofac-nonsdn"
    assert records[0]["payload"]["status"] == "updated"


def test_screening_uses_the_newest_fetched_versions(tmp_path: Path, fixtures: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from rightscreen.cli import app
    from rightscreen.listupdates import snapshot_with_updates

    into = tmp_path / "lists"
    monkeypatch.setenv("RIGHTSCREEN_LISTS", str(into))
    before = {i.id: i for i in snapshot_with_updates().infos}
    update_lists(into, mirror=str(fixtures / "ofac-sdn"), feeds=["ofac-sdn"])
    merged = snapshot_with_updates()
    after = {i.id: i for i in merged.infos}
    assert set(after) == set(before)  # the other lists stay the built-in ones
    # cached under a key of its own, the same next time: its index and document automata
    # are read back, not rebuilt on every run
    assert merged.warm_cache is not None
    assert merged.warm_cache != load_snapshot(None).warm_cache
    assert snapshot_with_updates().warm_cache == merged.warm_cache
    assert merged.name_index().name_count == snapshot_with_updates().name_index().name_count
    assert after["ofac-sdn"].entities == 5 and before["ofac-sdn"].entities > 1000
    assert after["un-sc"] == before["un-sc"]
    result = CliRunner().invoke(app, ["lists"])
    assert result.exit_code == 0 and "ofac-sdn" in result.output
