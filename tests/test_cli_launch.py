"""The `rightscreen` command's entry point: for `documents`, large PDFs are read ahead from the
process's start and the command takes them over; a wrong guess at the arguments changes
nothing but the time taken."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer.main
from docs_helpers import write_pdf
from typer.testing import CliRunner

from rightscreen import cli
from rightscreen.cli import documents_paths
from rightscreen.extract import read_ahead
from rightscreen.extract.read_ahead import (
    PARALLEL_MIN_PAGES,
    ReadAhead,
    can_fork,
    claim_early,
    default_workers,
    start_early,
)

runner = CliRunner()
# In a process of its own: pytest's may have threads by then, and then nothing is read ahead.
forks = pytest.mark.skipif(not sys.platform.startswith("linux") or default_workers() < 2,
                           reason="PDFs are read ahead by forked workers, on Linux with 2 cores")


@pytest.mark.parametrize(("args", "paths"), [
    (["documents", "a.pdf"], ["a.pdf"]),
    (["documents", "a.pdf", "dir/", "-o", "out.json", "-o", "out.csv"], ["a.pdf", "dir"]),
    (["--no-cache", "--cache", "c", "--cache=d", "documents", "-l", "lists", "a.pdf",
      "--list", "more", "--list=x", "b.pdf"], ["a.pdf", "b.pdf"]),
    (["documents", "-o", "out.json", "--", "-o", "a.pdf"], ["-o", "a.pdf"]),
])
def test_the_paths_of_the_documents_command_are_told(args: list[str], paths: list[str]) -> None:
    assert documents_paths(args) == [Path(p) for p in paths]


@pytest.mark.parametrize("args", [
    [], ["documents"], ["documents", "-o", "out.json"], ["documents", "a.pdf", "-o"],
    ["check", "documents", "a.pdf"], ["screen", "a.pdf"], ["lists"],
    ["--help", "documents", "a.pdf"], ["documents", "--help", "a.pdf"],
    ["documents", "a.pdf", "-oout.json"], ["documents", "a.pdf", "--jobs", "2"],
    ["--cache", "documents", "a.pdf"],  # documents is the cache folder, a.pdf the command
    ["--verbose", "documents", "a.pdf"],
])
def test_in_doubt_no_paths_are_told(args: list[str]) -> None:
    assert documents_paths(args) is None


def test_the_pre_parse_knows_every_option_of_the_command_line() -> None:
    # An option added to `documents` or to the global options must be added to the pre-parse
    # too: otherwise its value would be taken for a path (harmless, but read for nothing).
    group = typer.main.get_command(cli.app)

    def options(params: list[object]) -> tuple[set[str], set[str]]:
        flags, valued = set(), set()
        for param in params:
            names = {*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())}
            if getattr(param, "param_type_name", "") != "option" or "--help" in names:
                continue
            (flags if getattr(param, "is_flag", False) else valued).update(names)
        return flags, valued

    assert options(group.params) == (set(cli.GLOBAL_FLAGS), set(cli.GLOBAL_VALUE_OPTIONS))
    command = group.commands["documents"]  # type: ignore[attr-defined]
    assert options(command.params) == (set(), set(cli.DOCUMENTS_VALUE_OPTIONS))
    assert [p.name for p in command.params if p.param_type_name == "argument"] == ["paths"]


@pytest.fixture()
def long_pdf(tmp_path: Path) -> Path:
    pages = [f"第{n}页 招标文件。" + ("系统应支持人脸识别。" if n % 50 == 0 else "付款方式见合同。")
             for n in range(PARALLEL_MIN_PAGES + 10)]
    return write_pdf(tmp_path / "long.pdf", pages)


def test_an_early_read_ahead_is_claimed_only_for_its_own_paths(long_pdf: Path,
                                                                tmp_path: Path) -> None:
    forking = can_fork() and default_workers() > 1  # not when this process has threads
    start_early([long_pdf])
    wrong = read_ahead._EARLY[0]
    assert claim_early([tmp_path / "other.pdf"]) is None
    assert read_ahead._EARLY == [] and wrong._pool is None  # stopped, not left reading
    start_early([long_pdf])
    ahead = claim_early([long_pdf])
    assert isinstance(ahead, ReadAhead) and claim_early([long_pdf]) is None  # once
    reading = bool(ahead._reading)
    assert reading == forking
    with ahead:
        document = ahead.take(long_pdf)
    assert (document is not None) == reading
    assert document is None or len(document.pages) == PARALLEL_MIN_PAGES + 10


def test_the_command_with_a_wrong_guess_gives_the_same_result(long_pdf: Path,
                                                              tmp_path: Path) -> None:
    outputs = []
    for guess in (None, [tmp_path], [long_pdf]):  # none; other paths; the right ones
        if guess is not None:
            start_early(guess)
        out = tmp_path / f"{len(outputs)}.json"
        result = runner.invoke(cli.app, ["documents", str(long_pdf), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert read_ahead._EARLY == []
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0])["summary"]["red_flag_findings"] > 0


@forks
def test_the_command_hands_what_it_read_ahead_to_documents(long_pdf: Path,
                                                           tmp_path: Path) -> None:
    # The entry point as the installed command runs it, in a process of its own, counting the
    # read-aheads made and what each gave back.
    counted = textwrap.dedent("""
        import atexit, gc, sys
        from rightscreen.extract import read_ahead
        made, taken = [], []
        start, take = read_ahead.ReadAhead.__init__, read_ahead.ReadAhead.take
        def counting_start(self, *args, **kwargs):
            made.append("rightscreen.cli_app" in sys.modules)
            start(self, *args, **kwargs)
        def counting_take(self, path):
            document = take(self, path)
            taken.append(document is not None)
            return document
        read_ahead.ReadAhead.__init__ = counting_start
        read_ahead.ReadAhead.take = counting_take
        atexit.register(lambda: print("COUNTED", made, taken, file=sys.stderr))
        atexit.register(lambda: print("GC", gc.isenabled(), gc.get_freeze_count() > 0,
                                      file=sys.stderr))
        sys.argv[0] = "rightscreen"
        from rightscreen.cli import run
        run()
    """)
    out = tmp_path / "early.json"
    done = subprocess.run([sys.executable, "-c", counted, "documents", str(long_pdf),
                           "-o", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # one read-ahead, made before the command line was imported, and its pages screened
    assert "COUNTED [False] [True]" in done.stderr
    assert "GC True True" in done.stderr  # the command line loaded, frozen; collector on
    in_process = tmp_path / "in-process.json"
    result = runner.invoke(cli.app, ["documents", str(long_pdf), "-o", str(in_process)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == in_process.read_bytes()


def test_reading_ahead_imports_neither_the_screener_nor_the_command_line() -> None:
    # What the command imports before its read-ahead starts delays every page read.
    check = ("import sys, rightscreen.extract.read_ahead; print(sorted({m.split('.')[0] + "
             "('.' + m.split('.')[1] if m.startswith('rightscreen.') else '') for m in "
             "sys.modules if m.startswith(('rightscreen.matching', 'rightscreen.names', "
             "'rightscreen.cli_', 'rigour', 'typer', 'rich', 'pydantic'))}))")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_the_facade_imports_on_first_use() -> None:
    import rightscreen

    assert {"Screener", "load_snapshot", "DEFAULT_THRESHOLD"} <= set(dir(rightscreen))
    assert rightscreen.Screener.__module__ == "rightscreen.matching.screener"
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = rightscreen.no_such_name  # type: ignore[attr-defined]


def test_other_commands_load_as_before() -> None:
    # Only a command of one run freezes what it loads: `serve` screens documents in a process
    # that lives on, where what is frozen to screen must be thawed after.
    check = ("import atexit, gc, sys; atexit.register(lambda: print('GC', gc.isenabled(), "
             "gc.get_freeze_count(), file=sys.stderr)); sys.argv[0] = 'rightscreen'; "
             "from rightscreen.cli import run; run()")
    for args in (["--help"], ["check", "--help"], ["documents", "--help"]):
        done = subprocess.run([sys.executable, "-c", check, *args], capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "GC True 0" in done.stderr, args


@forks
def test_read_ahead_workers_collect_whatever_the_process_they_came_from(
        long_pdf: Path) -> None:
    gc.disable()  # as while the command line loads
    try:
        forking = can_fork()
        ahead = ReadAhead([long_pdf], workers=2)
    finally:
        gc.enable()
    with ahead:
        if forking:
            assert ahead._pool is not None and ahead._pool.apply(gc.isenabled)
        assert ahead.take(long_pdf) is not None or not forking
