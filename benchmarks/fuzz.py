"""The long fuzz run: seeded mutations of real list, table, holdings and document files through
every reader (the engine and targets of tests/fuzz/), every key of the JSON seeds set to every
wrong type, then every bomb through every reader.

For each reader: cases tried, read, refused by name, crashed (the goal is 0), the worst time of
one case and its peak memory (resident memory over the worker's at the case's start, from the
kernel's high-water mark); for each bomb, the same. Crashes are listed with the exception and
where it was raised. A case is rebuilt from the values in its label: reader, seed, mutations,
case seed (`tests.fuzz.harness.Case(...).files()`).

Usage: python benchmarks/fuzz.py [--seed 1] [--per-reader 334] [--readers lists:csl,...]
       python benchmarks/fuzz.py --bounded --crashes /tmp/crashes.md --no-save   # `make test`'s
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from results_io import save  # noqa: E402

from tests.fuzz import harness  # noqa: E402
from tests.fuzz.harness import MIB, CaseResult  # noqa: E402
from tests.fuzz.runner import Runner, prepare  # noqa: E402
from tests.fuzz.test_fuzz import (  # noqa: E402
    CASE_TIMEOUT,
    CASES_PER_READER,
    MEMORY_LIMIT,
    SEED,
)


def run(cases: list[harness.Case], runner: Runner, *, label: str) -> list[CaseResult]:
    results: list[CaseResult] = []
    began = time.perf_counter()
    current = None
    for number, case in enumerate(cases, start=1):
        if case.target != current:
            runner.close()  # each reader starts in a fresh worker
            current = case.target
        results.append(runner.run(case))
        if number % 500 == 0 or number == len(cases):
            crashed = sum(r.outcome == "crashed" for r in results)
            print(f"{label}: {number}/{len(cases)} cases, {crashed} crashed, "
                  f"{time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    return results


def bomb_summary(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in results:
        name = r.case.mutations[0]
        row = out.setdefault(name, {"readers": 0, "refused": 0, "read": 0, "crashed": 0,
                                    "input_bytes": r.size, "worst_seconds": 0.0,
                                    "worst_cpu_seconds": 0.0, "worst_reader": None,
                                    "peak_mib": 0.0, "peak_reader": None})
        row["readers"] += 1
        row[r.outcome] += 1
        if r.seconds >= row["worst_seconds"]:
            row["worst_seconds"], row["worst_reader"] = round(r.seconds, 4), r.case.target
        row["worst_cpu_seconds"] = round(max(row["worst_cpu_seconds"], r.cpu_seconds or 0), 4)
        peak = (r.peak_bytes or 0) / MIB
        if peak >= row["peak_mib"]:
            row["peak_mib"], row["peak_reader"] = round(peak, 1), r.case.target
    return out


def table(rows: dict[str, dict[str, Any]], first: str, count: str) -> str:
    lines = [f"{first:<26} {count:>7} {'read':>6} {'refused':>8} {'crashed':>8} "
             f"{'worst s':>8} {'cpu s':>7} {'peak MiB':>9}"]
    for name, row in rows.items():
        lines.append(f"{name:<26} {row[count]:>7} {row['read']:>6} {row['refused']:>8} "
                     f"{row['crashed']:>8} {row['worst_seconds']:>8.3f} "
                     f"{row['worst_cpu_seconds']:>7.3f} {row['peak_mib']:>9.1f}")
    return "\n".join(lines)


def slowest(results: list[CaseResult], count: int = 10) -> list[str]:
    """The cases that took the most CPU or memory, crashed or not: where limits are thin."""
    by_cpu = sorted(results, key=lambda r: -(r.cpu_seconds or 0))[:count]
    by_memory = sorted(results, key=lambda r: -(r.peak_bytes or 0))[:count]
    lines = ["| case | outcome | wall s | CPU s | peak MiB | size |",
             "|---|---|---:|---:|---:|---:|"]
    for r in {id(r): r for r in by_cpu + by_memory}.values():
        lines.append(f"| `{r.case.label}` | {r.outcome} | {r.seconds:.2f} | "
                     f"{r.cpu_seconds or 0:.2f} | {(r.peak_bytes or 0) / MIB:.0f} | {r.size:,} |")
    return lines


def crash_markdown(results: list[CaseResult], *, title: str) -> str:
    crashes = [r for r in results if r.outcome == "crashed"]
    sites = Counter((r.our_frame or r.raised_at or "-", r.error or "-") for r in crashes)
    out = [f"# {title}", "",
           f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC: {len(results)} cases, "
           f"{len(crashes)} crashed. Rerun one case with the full traceback: "
           "`.venv/bin/python -m tests.fuzz.repro READER SEED MUTATION CASE_SEED`.", "",
           "## Slowest and largest cases", "", *slowest(results), ""]
    if not crashes:
        return "\n".join(out + ["No crashes."]) + "\n"
    out += ["## By site (innermost rightscreen frame)", "", "| cases | exception | site |",
            "|---:|---|---|"]
    out += [f"| {n} | {err} | `{site}` |" for (site, err), n in sites.most_common()]
    out += ["", "## Cases", "",
            "| reader | seed | mutation | case seed | exception | raised at | rightscreen frame "
            "| message |", "|---|---|---|---:|---|---|---|---|"]
    for r in crashes:
        message = (r.message or "").replace("|", "/").replace("\n", " ")[:140]
        out.append(f"| {r.case.target} | {r.case.seed} | {'+'.join(r.case.mutations)} | "
                   f"{r.case.case_seed} | {r.error} | `{r.raised_at}` | `{r.our_frame}` | "
                   f"{message} |")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-reader", type=int, default=334)
    parser.add_argument("--stack", type=float, default=0.2,
                        help="share of cases with a second mutation stacked on the first")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="CPU seconds per case (wall: 4x) before it is killed as a hang")
    parser.add_argument("--memory-mib", type=int, default=2048,
                        help="address space a case may add to its worker")
    parser.add_argument("--readers", default="", help="comma-separated reader names")
    parser.add_argument("--bounded", action="store_true",
                        help="the bounded run of make test (its seed and size)")
    parser.add_argument("--crashes", type=Path, help="also write the crash list as Markdown")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "fuzz.json")
    args = parser.parse_args()

    wanted = set(filter(None, args.readers.split(",")))
    targets = tuple(t for t in harness.TARGETS if not wanted or t.name in wanted)
    if args.bounded:
        cases = harness.plan(targets, per_target=CASES_PER_READER, seed=SEED)
        args.timeout, args.memory_mib = CASE_TIMEOUT, MEMORY_LIMIT // MIB
    else:
        cases = harness.plan(targets, per_target=args.per_reader, seed=args.seed,
                             stack=args.stack)
    cases += harness.json_sweep_plan(targets)
    cases.sort(key=lambda c: [t.name for t in targets].index(c.target))
    bombs = harness.bomb_plan(targets, distinct=args.bounded)
    began = time.perf_counter()
    prepare()
    with tempfile.TemporaryDirectory(prefix="rightscreen-fuzz-") as workdir, \
            Runner(Path(workdir), timeout=args.timeout,
                   memory_limit=args.memory_mib * MIB) as runner:
        results = run(cases, runner, label="mutations")
        runner.close()
        bomb_results = run(bombs, runner, label="bombs")
    elapsed = time.perf_counter() - began

    readers = harness.summarise(results)
    bomb_rows = bomb_summary(bomb_results)
    print(table(readers, "reader", "cases"))
    print()
    print(table(bomb_rows, "bomb", "readers"))
    crash_list = harness.crash_lines(results + bomb_results)
    print(f"\n{len(crash_list)} crashed" + (":\n" + "\n".join(crash_list) if crash_list else ""))
    if args.crashes:
        title = "Fuzz crashes, bounded run" if args.bounded else "Fuzz crashes"
        args.crashes.write_text(crash_markdown(results + bomb_results, title=title), "utf-8")
    if args.no_save:
        return
    report = {
        "seed": SEED if args.bounded else args.seed,
        "cases": len(results),
        "bomb_cases": len(bomb_results),
        "crashed": sum(r.outcome == "crashed" for r in results + bomb_results),
        "seconds": round(elapsed, 1),
        "case_timeout_cpu_seconds": args.timeout,
        "case_memory_limit_mib": args.memory_mib,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "system": platform.platform()},
        "readers": readers,
        "bombs": bomb_rows,
        "crashes": [r.to_dict() for r in results + bomb_results if r.outcome == "crashed"],
    }
    save(report, args.out)


if __name__ == "__main__":
    main()
