"""Startup: how long a whole `rightscreen` process takes on the built-in snapshot and on
`--list bis_entity_list.json --list sdn-2024-05-03/`, cold (empty warm-start cache: the first
run, which writes it) and warm (a later run), beside the baseline measured in the same run:
the same command with the cache turned off (`RIGHTSCREEN_CACHE=off`), as every run was before.

Each command runs as its own process. `lists` and `screen` go through the CLI; `screen (wired)`
is a small driver doing what the CLI does with the index taken from the cache
(`Screener(snapshot.entities, index=snapshot.name_index())`), for as long as the CLI builds its
index itself. Every warm output is compared, byte for byte, with the output without the cache.

Usage: python benchmarks/startup.py [--repeat 3] [--names 100]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rightscreen import load_snapshot

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from queries import build_queries  # noqa: E402
from results_io import save  # noqa: E402

BIN = Path(sys.executable).parent
DRIVER = """
import csv, json, sys
from pathlib import Path
from rightscreen import Screener, load_snapshot
snapshot = load_snapshot([Path(p) for p in sys.argv[3:]] or None)
screener = Screener(snapshot.entities, index=snapshot.name_index())
with open(sys.argv[1], encoding="utf-8", newline="") as fh:
    names = [row["name"] for row in csv.DictReader(fh)]
hits = [[h.to_dict() for h in screener.screen(name)] for name in names]
Path(sys.argv[2]).write_text(json.dumps(hits, ensure_ascii=False, sort_keys=True), "utf-8")
"""


def run(command: list[str], cache: str,
        output: Path | None = None) -> tuple[float, float, bytes]:
    """CPU seconds (user + system) and wall seconds of one process, and what it wrote (its -o
    file, else its standard output). CPU time is the figure to compare: on a machine shared
    with other jobs, waiting for a core says nothing about rightscreen."""
    env = installed_env(RIGHTSCREEN_CACHE=cache, COLUMNS="200")
    before, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    wall, seconds = time.perf_counter() - started, _children_cpu() - before
    if done.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed: {done.stderr.decode()[-800:]}")
    return seconds, wall, output.read_bytes() if output else done.stdout


def installed_env(**values: str) -> dict[str, str]:
    """This environment, as an installed package runs: from bytecode (pip compiles it). A
    source tree with PYTHONDONTWRITEBYTECODE set would compile every module from source in
    every run (0.09 s of rightscreen's), which no user pays."""
    env = dict(os.environ, **values)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def write_names(path: Path, names: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name"])
        writer.writerows([name] for name in names)
    return path


def measure(command: list[str], repeat: int, output: Path | None) -> dict[str, object]:
    """Best of `repeat` runs each way: no cache, cold cache (a new directory), warm cache."""
    baseline, cold, warm = [], [], []
    expected = b""
    for _ in range(repeat):
        seconds, _, expected = run(command, "off", output)
        baseline.append(seconds)
    identical = True
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(run(command, cache, output)[0])
            seconds, _, written = run(command, cache, output)
            warm.append(seconds)
            identical = identical and written == expected
    best = {"no_cache": min(baseline), "cold": min(cold), "warm": min(warm)}
    return {**{k: round(v, 3) for k, v in best.items()},
            "warm_speedup_vs_no_cache": round(best["no_cache"] / best["warm"], 1),
            "cold_cost_vs_no_cache": round(best["cold"] / best["no_cache"], 2),
            "warm_output_identical": identical}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=HERE.parent / "../shared/data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--names", type=int, default=100)
    parser.add_argument("--out", type=Path, default=HERE / "results/startup.json")
    args = parser.parse_args()
    lists = [args.shared / "lists/us-nsfreg/bis_entity_list.json",
             args.shared / "lists/ofac/sdn-2024-05-03"]
    report: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores shared with other jobs; best of {args.repeat} "
                   "runs, CPU seconds (user + system) per process",
        "baseline": "the same command with RIGHTSCREEN_CACHE=off, as before the cache"}
    with tempfile.TemporaryDirectory() as tmp:
        for label, given in (("builtin", []), ("bis+sdn", lists)):
            entities = load_snapshot(given or None, use_cache=False).entities
            names = write_names(Path(tmp) / f"{label}.csv",
                                build_queries(entities, None, args.names))
            options = [a for path in given for a in ("--list", str(path))]
            out_json = Path(tmp) / "out.json"
            report[label] = {
                "lists": measure([str(BIN / "rightscreen"), "lists", *options],
                                 args.repeat, None),
                "screen": measure([str(BIN / "rightscreen"), "screen", str(names), *options,
                                   "-o", str(out_json)], args.repeat, out_json),
                "screen (wired)": measure([sys.executable, "-c", DRIVER, str(names),
                                           str(out_json), *map(str, given)],
                                          args.repeat, out_json),
                "names": args.names,
            }
    save(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
