"""The command line: a thin shell over the library. The `rightscreen` command enters by
`rightscreen.cli.run`, which starts reading large PDFs before it imports this module."""

from __future__ import annotations

import atexit
import contextlib
import gc
import json
import os
import sys
import threading
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import track
from rich.table import Table as RichTable

from rightscreen import DEFAULT_THRESHOLD, Screener, load_snapshot
from rightscreen.cli_cases import StoreOption, register
from rightscreen.cli_options import TABLE_ROWS, TABLE_ROWS_WITH_FILE, ListOption
from rightscreen.cli_screens import register as register_screens
from rightscreen.cli_serve import register as register_serve
from rightscreen.errors import RightscreenError, UsageError
from rightscreen.listdiff import diff_lists
from rightscreen.matching.screener import Query
from rightscreen.reports.tabular import write_report
from rightscreen.screening.names import RowResult, ScreeningResult, screen_table
from rightscreen.screening.workers import PARALLEL_MIN_ROWS, default_jobs
from rightscreen.snapshot import Snapshot, build_snapshot
from rightscreen.sources import load_lists
from rightscreen.tables import read_table

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Screen names, documents and portfolios against restricted-party "
                       "lists, and say why.")
lists_app = typer.Typer(help="Show the loaded lists, or compare two versions of one.")
app.add_typer(lists_app, name="lists")
# True when this process is the `rightscreen` command itself (see run): what it loads lives
# until it exits.
_WHOLE_PROCESS = False
# sysexits.h EX_SOFTWARE: an error of rightscreen's own, not of its input.
INTERNAL_ERROR = 70
out = Console()
err = Console(stderr=True)

register(app, out, err)
register_serve(app, out, err)

@app.callback()
def options(
    ctx: typer.Context,
    cache: Annotated[Path | None, typer.Option(
        "--cache", help="Warm-start cache folder (default: $RIGHTSCREEN_CACHE, else "
                        "$XDG_CACHE_HOME/rightscreen).")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Neither read nor write the warm-start cache.")] = False,
) -> None:
    """Options for every command, given before it: `rightscreen --no-cache screen ...`."""
    ctx.obj = {"cache": cache, "use_cache": not no_cache}


def _snapshot(ctx: typer.Context, list_paths: list[Path] | None) -> Snapshot:
    """The lists given (or the built-in ones), through the warm-start cache unless told not."""
    chosen = ctx.find_root().obj or {}
    if not list_paths:
        from rightscreen.listupdates import snapshot_with_updates

        return snapshot_with_updates(cache_dir=chosen.get("cache"),
                                     use_cache=chosen.get("use_cache", True))
    return load_snapshot(list_paths, cache_dir=chosen.get("cache"),
                         use_cache=chosen.get("use_cache", True))


def _screener(snapshot: Snapshot, threshold: float = DEFAULT_THRESHOLD) -> Screener:
    """A screener on the snapshot's index: read back from the cache, not rebuilt. The lists
    and their index live as long as this process: they are moved out of the cyclic garbage
    collector's reach (gc.freeze), so that no collection walks them again while names are
    screened (with a million entities, each full collection walked them all), and forked
    workers do not copy the pages it would touch."""
    screener = Screener(snapshot.entities, threshold=threshold, index=snapshot.name_index())
    _lasting()
    return screener


def _lasting() -> None:
    """What is alive now lives as long as this process when it is the `rightscreen` command:
    moved out of the collector's reach (see `_screener`). Not when called in a process that
    lives on (tests, notebooks)."""
    if _WHOLE_PROCESS:
        gc.freeze()



@lists_app.callback(invoke_without_command=True)
def lists(ctx: typer.Context, list_paths: ListOption = None) -> None:
    """Show the loaded lists: id, title, date, entity count and sha256."""
    if ctx.invoked_subcommand is not None:
        return
    snapshot = _snapshot(ctx, list_paths)
    table = RichTable(title="Loaded lists")
    for column in ("id", "title", "date", "entities", "sha256"):
        table.add_column(column)
    for info in snapshot.infos:
        table.add_row(info.id, info.title, info.date or "", str(info.entities), info.sha256[:16])
    out.print(table)
    for problem in snapshot.problems:
        err.print(f"[yellow]warning[/]: {problem}")
    for skipped in snapshot.skipped:
        err.print(f"[yellow]skipped[/] ({escape(snapshot.skip_reason(skipped))}): "
                  f"{escape(skipped)}", soft_wrap=True)


@lists_app.command("diff")
def lists_diff(old: Path, new: Path,
               output: Annotated[Path | None, typer.Option("-o", help="Write JSON here.")] = None,
               ) -> None:
    """Entries added, removed and changed between two snapshots of a list."""
    old_lists = load_lists([old]).snapshots
    new_lists = load_lists([new]).snapshots
    if len(old_lists) != 1 or len(new_lists) != 1:
        raise UsageError("diff takes one list on each side")
    result = diff_lists(old_lists[0], new_lists[0])
    out.print(f"{old_lists[0].info.id} {old_lists[0].info.date} → {new_lists[0].info.date}: "
              f"[green]{len(result.added)} added[/], [red]{len(result.removed)} removed[/], "
              f"[yellow]{len(result.changed)} changed[/]")
    for label, items in (("+", result.added), ("-", result.removed)):
        for entity in items[:20]:
            out.print(f"  {label} {entity.sources[0].entry_id} {entity.name}")
        if len(items) > 20:
            out.print(f"  … {len(items) - 20} more")
    if output:
        output.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), "utf-8")


@lists_app.command("update")
def lists_update(
    mirror: Annotated[str | None, typer.Option(
        "--from", help="A mirror: a folder or base URL with the same file names.")] = None,
    into: Annotated[Path | None, typer.Option(
        help="Where versions are kept (default: $RIGHTSCREEN_LISTS, else "
             "~/.local/share/rightscreen/lists).")] = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", help="Only this list feed (repeatable).")] = None,
    store: StoreOption = None,
) -> None:
    """Fetch each known list from its publisher; a version replaces the one in use only
    once it parses and is whole."""
    from rightscreen.listupdates import default_lists_dir, update_lists

    results = update_lists(into or default_lists_dir(), mirror=mirror, feeds=feed or None)
    for result in results:
        colour = {"updated": "green", "unchanged": "white", "failed": "red"}[result.status]
        out.print(f"[{colour}]{result.status:9}[/] {result.feed:12} {result.version or '-'} "
                  f"{result.entities or ''}")
        for problem in result.problems:
            err.print(f"  [yellow]{escape(problem)}[/]", soft_wrap=True)
    if store is not None or os.environ.get("RIGHTSCREEN_STORE"):
        from rightscreen.store import Store

        Store.open(store).record_list_update([r.to_dict() for r in results])
    if any(r.status == "failed" for r in results):
        raise RightscreenError("some lists could not be updated; the previous versions stay "
                               "in use")


@app.command()
def screen(
    ctx: typer.Context,
    input_file: Annotated[Path, typer.Argument(
        metavar="INPUT", help="CSV, TSV or XLSX (and Parquet with --engine spark).")],
    list_paths: ListOption = None,
    threshold: Annotated[float, typer.Option(help="Lowest score reported.")] = DEFAULT_THRESHOLD,
    output: Annotated[Path | None, typer.Option(
        "-o", help=".json, .csv or .xlsx (.json or .parquet with --engine spark)")] = None,
    store: StoreOption = None,
    engine: Annotated[str, typer.Option(help="local, or spark (pip install "
                                              "'rightscreen[spark]', Java 17).")] = "local",
    spark_master: Annotated[str | None, typer.Option(
        help="Spark master, e.g. local[2] or spark://host:7077 (default: Spark's own).")
                            ] = None,
    jobs: Annotated[int, typer.Option(
        help="Worker processes for the local engine; 0: one per core (up to 4) from "
             f"{PARALLEL_MIN_ROWS:,} rows on.")] = 0,
) -> None:
    """Screen every row of a file of names; print a table of hits. With --store (or
    RIGHTSCREEN_STORE), every hit becomes an alert that remembers its decision."""
    if engine == "spark":
        _screen_on_spark(input_file, output, list_paths, threshold, spark_master, store)
        return
    if engine != "local":
        raise UsageError(f"--engine is local or spark, not {engine!r}")
    if jobs < 0:
        raise UsageError(f"--jobs is 0 (automatic) or more, not {jobs}")
    table = read_table(input_file)  # a bad file is refused before the lists are loaded
    snapshot = _snapshot(ctx, list_paths)
    screener = _screener(snapshot, threshold)
    progress = ((lambda it: track(it, description="screening", console=err))
                if err.is_terminal else None)
    result = screen_table(table, screener, snapshot.infos, threshold=threshold,
                          progress=progress, jobs=jobs or default_jobs(len(table.rows)))
    _print_hits(result, title=f"Hits in {input_file.name} (threshold {threshold})",
                limit=TABLE_ROWS_WITH_FILE if output else TABLE_ROWS)
    for problem in result.problems:
        err.print(f"[yellow]warning[/]: {escape(str(problem))}")
    envelope = _with_alerts(result, screener, store, input_file)
    if output:
        write_report(envelope, output)
        out.print(f"written: {output}")


def _screen_on_spark(input_file: Path, output: Path | None, list_paths: list[Path] | None,
                     threshold: float, master: str | None, store: str | None) -> None:
    from rightscreen.spark import screen_file_spark

    if output is None or output.suffix.lower() not in (".json", ".parquet"):
        raise UsageError("--engine spark writes its result with -o OUT.json or OUT.parquet")
    if store is not None:
        raise UsageError("--store records alerts from the local engine only")
    envelope = screen_file_spark(input_file, output, list_paths=list_paths or None,
                                 threshold=threshold, master=master)
    out.print(f"{envelope.get('rows_screened', 0)} rows screened on Spark, "
              f"{len(envelope.get('problems', []))} problems; written: {output}")


@app.command()
def check(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(metavar="NAME...", help="Names to screen.")],
    country: Annotated[str | None, typer.Option(help="Country of every name (ISO code).")] = None,
    dob: Annotated[str | None, typer.Option(
        "--dob", help="Date or year of birth, for people (1962-02-20 or 1962).")] = None,
    nationality: Annotated[str | None, typer.Option(help="Nationality, for people.")] = None,
    list_paths: ListOption = None,
    threshold: Annotated[float, typer.Option(help="Lowest score reported.")] = DEFAULT_THRESHOLD,
    output: Annotated[Path | None, typer.Option("-o", help=".json, .csv or .xlsx")] = None,
    store: StoreOption = None,
) -> None:
    """Screen names typed on the command line, without a file."""
    snapshot = _snapshot(ctx, list_paths)
    screener = _screener(snapshot, threshold)
    results = []
    for number, name in enumerate(names, start=1):
        name = " ".join(name.split())
        if not name:
            raise UsageError(f"name {number} is empty")
        fields = {"name": name} | {k: v for k, v in (("country", country), ("birth_date", dob),
                                                      ("nationality", nationality)) if v}
        query = Query(name, country, birth_date=dob, nationality=nationality)
        results.append(RowResult(number, fields, screener.screen(query)))
    result = ScreeningResult(snapshot.infos, threshold, results, input="(command line)")
    _print_hits(result, title=f"Hits (threshold {threshold})",
                limit=TABLE_ROWS_WITH_FILE if output else TABLE_ROWS)
    envelope = _with_alerts(result, screener, store, None)
    if output:
        write_report(envelope, output)
        out.print(f"written: {output}")


@app.command()
def monitor(
    ctx: typer.Context,
    list_paths: ListOption = None,
    threshold: Annotated[float, typer.Option(help="Lowest score reported.")] = DEFAULT_THRESHOLD,
    store: StoreOption = None,
    full: Annotated[bool, typer.Option(
        "--full", help="Screen every subject again, not only those a changed entry concerns.")
                    ] = False,
    output: Annotated[Path | None, typer.Option("-o", help=".json")] = None,
) -> None:
    """Re-screen the stored subjects against the current lists; report only what changed."""
    from rightscreen.screening.casework import monitor as monitor_store
    from rightscreen.store import Store

    case_store = Store.open(store)
    snapshot = _snapshot(ctx, list_paths)
    result = monitor_store(case_store, _screener(snapshot, threshold),
                           snapshot.infos, snapshot.entities, full=full)
    counts = result["counts"]
    out.print(f"{result['rescreened']} of {result['subjects']} subjects screened again "
              f"({result['entries_changed']} entries changed): {counts['new']} new alerts, "
              f"{counts['reopened']} reopened, {counts['delisted']} delisted")
    for change in result["changes"]:
        out.print(f"  [{change['status']}] alert {change['id']}: {escape(change['subject'])} — "
                  f"{escape(change['entity_name'])}"
                  + (f" ({escape('; '.join(change['change']))})" if change["change"] else ""))
    if output:
        output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
        out.print(f"written: {output}")


def _with_alerts(result: ScreeningResult, screener: Screener, store: str | None,
                 input_file: Path | None) -> dict[str, Any]:
    """The envelope, with every hit's alert when a store is given."""
    envelope = result.to_dict()
    if store is None and not os.environ.get("RIGHTSCREEN_STORE"):
        return envelope
    from rightscreen.screening.casework import annotate, record_screening
    from rightscreen.store import Store

    case_store = Store.open(store)
    run = record_screening(case_store, result, screener, input_path=input_file)
    counts = ", ".join(f"{v} {k}" for k, v in run.counts.items() if v)
    out.print(f"run {run.id} recorded in {case_store.display}: {counts or 'no alerts'}")
    return annotate(envelope, run, case_store)


def _print_hits(result: ScreeningResult, *, title: str, limit: int = TABLE_ROWS) -> None:
    table = RichTable(title=title)
    for column in ("row", "query", "score", "listed entity", "lists", "why"):
        table.add_column(column, overflow="fold")
    flagged = 0
    for row in result.results:
        if row.hits:
            flagged += 1
        if flagged > limit:
            continue  # the terminal shows the first; the output file holds every hit
        for hit in row.hits[:3]:
            why = [f.detail for f in hit.features if f.feature != "name"][:2]
            table.add_row(str(row.row), escape(row.query["name"]), f"{hit.score:.2f}",
                          escape(f"{hit.name}\n(as '{hit.matched_name}')"), ", ".join(hit.lists),
                          escape("; ".join(why)))
    out.print(table)
    if flagged > limit:
        out.print(f"… the first {limit} rows with hits shown; every hit is in the output "
                  "(-o)")
    out.print(f"{len(result.results)} rows screened, {flagged} with hits, "
              f"{len(result.problems)} skipped; lists: "
              + ", ".join(f"{i.id} ({i.date})" for i in result.lists))


register_screens(app, out, err, _snapshot, _screener,  # documents, devices, portfolio
                 _lasting)


@app.command("build-snapshot")
def build(root: Path, output: Annotated[Path, typer.Option("-o")]) -> None:
    """Build the built-in snapshot from the official list files under ROOT."""
    snapshot = build_snapshot(root, output)
    for info in snapshot.infos:
        out.print(f"{info.id:18} {info.date or '':12} {info.entities:6} {info.sha256[:16]}")


def run() -> None:
    """The `rightscreen` command: `main`, then a quick exit. A run that screened a large file
    holds millions of objects, and the interpreter would free them one by one on the way out
    (0.8 s after screening 6,000 names): exit handlers run and output is flushed, then the
    process ends without that teardown."""
    global _WHOLE_PROCESS
    _WHOLE_PROCESS = True
    try:
        main()
        code = 0
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
        code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    if any(t.is_alive() and not t.daemon for t in threading.enumerate()
           if t is not threading.main_thread()):
        sys.exit(code)  # a thread still working is waited for, by the interpreter's exit
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def main() -> None:
    """Run the command line. Bad input ends with a message naming the file and an exit code by
    error class (see `errors.py`), never a traceback; set RIGHTSCREEN_DEBUG=1 to see one."""
    try:
        app()
    except RightscreenError as exc:
        err.print(f"[red]error[/]: {escape(str(exc))}", soft_wrap=True)
        sys.exit(exc.exit_code)
    except MemoryError:
        err.print("[red]error[/]: out of memory; see the limits in rightscreen.safety.limits")
        sys.exit(INTERNAL_ERROR)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, not a trace
        if os.environ.get("RIGHTSCREEN_DEBUG"):
            raise
        err.print(f"[red]internal error[/]: {type(exc).__name__}: {escape(str(exc))} "
                  "(a bug in rightscreen; run with RIGHTSCREEN_DEBUG=1 to see where)",
                  soft_wrap=True)
        sys.exit(INTERNAL_ERROR)
