"""The store through the command line, on real OFAC fixture rows: screen, decide, change the
list, monitor, verify."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightscreen.cli import app, main
from rightscreen.errors import AuditBroken

runner = CliRunner()


@pytest.fixture()
def setup(tmp_path: Path, fixtures: Path) -> tuple[Path, Path, str]:
    lists = tmp_path / "sdn"
    shutil.copytree(fixtures / "ofac-sdn", lists)
    names = tmp_path / "vendors.csv"
    names.write_text("id,name\nV1,Banco Nacional de Cuba\nV2,Northwind Traders\n", "utf-8")
    return lists, names, str(tmp_path / "cases.sqlite")


def _screen(names: Path, lists: Path, store: str, out: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["screen", str(names), "--list", str(lists), "--store", store,
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8"))  # type: ignore[no-any-return]


def test_screen_decide_change_monitor(setup: tuple[Path, Path, str], tmp_path: Path) -> None:
    lists, names, store = setup
    first = _screen(names, lists, store, tmp_path / "1.json")
    alert = first["results"][0]["hits"][0]["alert"]
    assert alert["status"] == "new" and first["alerts"]["new"] == 1
    assert first["run"]["id"] == 1
    again = _screen(names, lists, store, tmp_path / "2.json")
    assert again["results"][0]["hits"][0]["alert"] == {"id": alert["id"], "status": "open",
                                                       "decision": None}
    result = runner.invoke(app, ["decide", str(alert["id"]), "--decision", "false_positive",
                                 "--reason", "a vendor of the same name in Spain",
                                 "--by", "ana", "--store", store])
    assert result.exit_code == 0, result.output
    decided = _screen(names, lists, store, tmp_path / "3.json")["results"][0]["hits"][0]
    assert decided["alert"]["status"] == "decided"
    assert decided["alert"]["decision"]["reason"] == "a vendor of the same name in Spain"
    with (lists / "alt.csv").open("a", encoding="latin-1") as fh:
        fh.write('306,9999,"aka","BNC HAVANA",-0- \n')
    out = tmp_path / "monitor.json"
    result = runner.invoke(app, ["monitor", "--list", str(lists), "--store", store,
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text("utf-8"))
    assert report["subjects"] == 2 and report["counts"]["reopened"] == 1
    assert report["rescreened"] == 2  # the first monitoring run screens every subject
    assert report["changes"][0]["change"] == ["entry names added: BNC HAVANA"]
    queue = tmp_path / "queue.csv"
    result = runner.invoke(app, ["alerts", "--status", "reopened", "--store", store,
                                 "-o", str(queue)])
    assert result.exit_code == 0 and "BANCO NACIONAL DE CUBA" in queue.read_text("utf-8")
    result = runner.invoke(app, ["audit", "--verify", "--store", store])
    assert result.exit_code == 0 and "holds" in result.output


def test_audit_verify_exits_non_zero_on_a_broken_trail(
        setup: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    lists, names, store = setup
    _screen(names, lists, store, tmp_path / "1.json")
    with sqlite3.connect(store) as db:
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("UPDATE audit SET payload = replace(payload, '\"new\":1', '\"new\":0')")
    monkeypatch.setattr(sys, "argv", ["rightscreen", "audit", "--verify", "--store", store])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == AuditBroken.exit_code
    assert "record 1 (run" in capsys.readouterr().err


def test_monitor_screens_again_only_what_a_changed_entry_concerns(
        setup: tuple[Path, Path, str], tmp_path: Path) -> None:
    lists, names, store = setup
    names.write_text("id,name\nV1,Banco Nacional de Cuba\nV2,Northwind Traders\n"
                     "V3,Havana Cigar Traders\nV4,Aerocaribbean Airlines\n", "utf-8")
    _screen(names, lists, store, tmp_path / "1.json")
    out = tmp_path / "m.json"

    def monitor() -> dict:  # type: ignore[type-arg]
        result = runner.invoke(app, ["monitor", "--list", str(lists), "--store", store,
                                     "-o", str(out)])
        assert result.exit_code == 0, result.output
        return json.loads(out.read_text("utf-8"))  # type: ignore[no-any-return]

    assert monitor()["rescreened"] == 4
    unchanged = monitor()
    assert unchanged["rescreened"] == 0 and unchanged["entries_changed"] == 0
    with (lists / "alt.csv").open("a", encoding="latin-1") as fh:
        fh.write('306,9998,"aka","HAVANA CIGAR",-0- \n')
    changed = monitor()
    assert changed["entries_changed"] == 1
    # The bank's own alert and the vendor sharing a word with the new alias; not the others.
    assert changed["rescreened"] == 2
    full = runner.invoke(app, ["monitor", "--full", "--list", str(lists), "--store", store])
    assert full.exit_code == 0 and "4 of 4 subjects" in full.output
