from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightscreen.cli import TABLE_ROWS_WITH_FILE, app, main
from rightscreen.errors import FileRefused, InputError, UsageError
from rightscreen.snapshot import Snapshot

EXAMPLES = Path(__file__).parents[1] / "examples"
runner = CliRunner()


def test_screen_example_vendors(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["screen", str(EXAMPLES / "vendors.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    rows = {r["query"]["name"]: r for r in data["results"]}
    assert rows["HIKVISION"]["hits"][0]["subject"] == "hikvision"
    assert rows["浙江大华技术股份有限公司"]["hits"][0]["subject"] == "dahua"
    assert rows["Northwind Traders"]["hits"] == []
    assert rows["Hangzhou Digital Technology Co. Ltd"]["hits"] == []
    assert data["tool"]["name"] == "rightscreen"


def test_screen_with_own_list_and_threshold(tmp_path: Path, fixtures: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name\nBanco Nacional de Cuba\n", "utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["screen", str(names), "--list", str(fixtures / "ofac-sdn"),
                                 "--threshold", "0.9", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert [lst["id"] for lst in data["lists"]] == ["ofac-sdn"]
    assert data["threshold"] == 0.9
    assert data["results"][0]["hits"][0]["entity_id"] == "ofac-sdn:306"


def test_lists_and_diff(fixtures: Path) -> None:
    result = runner.invoke(app, ["lists"])
    assert result.exit_code == 0 and "bis-entity-list" in result.output
    result = runner.invoke(app, ["lists", "diff", str(fixtures / "ofac-cons"),
                                 str(fixtures / "ofac-cons")])
    assert result.exit_code == 0 and "0 added" in result.output


def test_check_names_typed_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "check.json"
    result = runner.invoke(app, ["check", "Hikvision", "Northwind Traders", "--country", "CN",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert [r["query"]["name"] for r in data["results"]] == ["Hikvision", "Northwind Traders"]
    assert data["results"][0]["query"]["country"] == "CN"
    assert "bis-entity-list" in data["results"][0]["hits"][0]["lists"]
    assert data["results"][1]["hits"] == []
    assert {lst["id"] for lst in data["lists"]} >= {"bis-entity-list", "ofac-sdn"}


def _main(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["rightscreen", *argv])
    with pytest.raises(SystemExit) as stopped:
        main()
    code = stopped.value.code
    return code if isinstance(code, int) else 1


@pytest.mark.parametrize(("content", "expected", "phrase"), [
    (None, InputError.exit_code, "file not found"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, FileRefused.exit_code, "OLE"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, FileRefused.exit_code, "executable"),
    (b"vendor_code\nA1\n", InputError.exit_code, "no name column"),
])
def test_bad_input_exits_by_error_class_and_names_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        content: bytes | None, expected: int, phrase: str) -> None:
    path = tmp_path / "vendors.csv"
    if content is not None:
        path.write_bytes(content)
    code = _main(["screen", str(path)], monkeypatch)
    err = capsys.readouterr().err
    assert code == expected, err
    assert "vendors.csv" in err and phrase in err
    assert "Traceback" not in err


def test_usage_error_has_its_own_exit_code(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code = _main(["portfolio", "nothing.csv", "--fund", "not-a-pair"], monkeypatch)
    assert code == UsageError.exit_code
    assert "IDENT=FILE" in capsys.readouterr().err


def test_check_a_person_with_a_birth_year(tmp_path: Path, fixtures: Path) -> None:
    out = tmp_path / "person.json"
    result = runner.invoke(app, ["check", "Vladimir Putin", "--dob", "1952",
                                 "--list", str(fixtures / "un_sample.xml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["results"][0]["query"]["birth_date"] == "1952"


def test_help_vocabularies_agree_with_the_store() -> None:
    from rightscreen.cli_cases import DECISION_HELP, STATUS_HELP
    from rightscreen.cli_serve import ROLE_HELP
    from rightscreen.store import DECISIONS, STATUSES
    from rightscreen.store.users import ROLES

    assert STATUS_HELP.split("|") == [*STATUSES, "all"]
    assert DECISION_HELP.split("|") == list(DECISIONS)
    assert ROLE_HELP.split("|") == list(ROLES)


def test_the_cache_options_give_the_same_hits(tmp_path: Path) -> None:
    outputs = []
    for options in (["--cache", str(tmp_path / "c")], ["--cache", str(tmp_path / "c")],
                    ["--no-cache"]):
        out = tmp_path / f"{len(outputs)}.json"
        result = runner.invoke(app, [*options, "check", "Hikvision", "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(out.read_text("utf-8"))["results"])
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0][0]["hits"]
    assert any((tmp_path / "c").iterdir())  # the first run wrote the cache


def test_the_command_flushes_its_output_and_keeps_its_exit_code(tmp_path: Path) -> None:
    # `run` ends the process with os._exit: what was printed or written must all be there.
    out = tmp_path / "hits.json"
    command = [sys.executable, "-c", "from rightscreen.cli import run; run()"]
    done = subprocess.run([*command, "check", "Hikvision", "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"written: {out}" in " ".join(done.stdout.split())
    assert json.loads(out.read_text("utf-8"))["results"][0]["hits"]
    missing = subprocess.run([*command, "screen", str(tmp_path / "absent.csv")],
                             capture_output=True, text=True, check=False)
    assert missing.returncode == InputError.exit_code
    assert "file not found" in missing.stderr


def test_lists_says_why_each_file_of_a_folder_was_skipped(fixtures: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    shutil.copy(fixtures / "bis_entity_list_sample.json", folder / "bis.json")
    (folder / "notes.txt").write_text("minutes of the meeting\n", "utf-8")
    (folder / "tool.exe").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200)
    alone = folder / "cons_only"
    alone.mkdir()
    for part in sorted((fixtures / "ofac-cons").iterdir()):
        if part.name.lower() != "cons_prim.csv":
            shutil.copy(part, alone / part.name)
    monkeypatch.setenv("COLUMNS", "300")
    for run in ("cold", "warm"):  # the reasons come back from the cache too
        result = runner.invoke(app, ["lists", "--list", str(folder)])
        assert result.exit_code == 0, result.output
        said = " ".join(result.output.split())
        assert "(no list format)" in said and "notes.txt" in said, run
        assert "executable" in said and "tool.exe" in said, run
        assert "(an OFAC part file without its main file)" in said, run


def test_with_an_output_file_the_terminal_shows_the_first_rows_and_the_file_all(
        tmp_path: Path, builtin: Snapshot) -> None:
    listed = [e.name for e in builtin.entities if "bis-entity-list" in e.lists][:40]
    names = tmp_path / "names.csv"
    names.write_text("name\n" + "\n".join(n.replace('"', "").replace(",", " ") for n in listed)
                     + "\n", "utf-8")
    out = tmp_path / "hits.json"
    result = runner.invoke(app, ["screen", str(names), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with_hits = sum(1 for r in json.loads(out.read_text("utf-8"))["results"] if r["hits"])
    assert with_hits > TABLE_ROWS_WITH_FILE
    assert f"the first {TABLE_ROWS_WITH_FILE} rows with hits shown" in " ".join(
        result.output.split())
