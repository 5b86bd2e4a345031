"""Scale: a synthetic list of N entities (default 1,000,000): index build time, screening
throughput and peak memory, beside two baselines measured in the same run: the real built-in
snapshot, and the index as it was before it was made compact (its module read from git at
`--baseline-rev`, swapped in for the index alone: same analyser, scorer and screener).

Each measurement runs in a process of its own, so that each peak memory is its own. Names are
made from word pools with a fixed seed, shaped like list entries: companies ("Zhongke Orion
Precision Systems Co., Ltd.") and people ("Ivanov, Pavel Sergeevich").

Usage: python benchmarks/scale.py [--entities 1000000] [--queries 5000] [--baseline-rev REV]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rightscreen import Screener, load_snapshot
from rightscreen.model import Entity, Name, SourceRef

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results_io import save  # noqa: E402

# Consonant-vowel(-coda) syllables: 2 to 3 of them make about 10 million possible words, so
# that, as in a real list of a million entries, most words are rare and a few are common.
SYLLABLES = [c + v + k for c in "bcdfghjklmnprstvwxz" for v in ("a", "e", "i", "o", "u", "ai",
                                                                  "ou") for k in ("", "n", "r")]
GENERIC = ["Technology", "Systems", "Trading", "Industrial", "Electronics", "Holding", "Group",
           "Engineering", "Precision", "Logistics", "International", "Energy", "Materials"]
PLACES = ["Beijing", "Shanghai", "Hangzhou", "Moscow", "Dubai", "Tehran", "Shenzhen", "Minsk"]
FORMS = ["Co., Ltd.", "LLC", "JSC", "Limited", "GmbH", "S.A.", ""]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def synthetic_name(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.3:
        return "Person", f"{word(rng).upper()}, {word(rng)} {word(rng)}"
    parts = []
    if rng.random() < 0.5:
        parts.append(rng.choice(PLACES))
    parts.extend(word(rng) for _ in range(rng.randint(1, 2)))
    parts.extend(rng.sample(GENERIC, rng.randint(0, 2)))
    parts.append(rng.choice(FORMS))
    return "Company", " ".join(p for p in parts if p)


def synthetic_entities(count: int, seed: int = 7) -> list[Entity]:
    rng = random.Random(seed)
    out = []
    for number in range(count):
        schema, name = synthetic_name(rng)
        out.append(Entity(id=f"synthetic:{number}", schema=schema, names=[Name(name, "primary")],
                          sources=[SourceRef("synthetic", str(number))]))
    return out


def measure(entities: list[Entity], queries: list[str],
            index_module: Path | None = None) -> dict[str, Any]:
    entities_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # CPU time, not wall time: on a machine shared with other jobs, waiting for a core says
    # nothing about the index. Wall time is reported beside it.
    started, wall = time.process_time(), time.perf_counter()
    if index_module is None:
        screener = Screener(entities)
    else:
        screener = Screener(entities, index=_load_module(index_module).NameIndex(entities))
    # As the CLI does once its lists are loaded (cli._screener): the index lives as long as
    # the process, and no collection need walk it again.
    gc.freeze()
    build = time.process_time() - started
    started, build_wall = time.process_time(), time.perf_counter() - wall
    wall = time.perf_counter()
    with_hits = sum(1 for q in queries if screener.screen(q))
    screen, screen_wall = time.process_time() - started, time.perf_counter() - wall
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"entities": len(entities), "index_seconds": round(build, 2),
            "queries": len(queries), "queries_with_hits": with_hits,
            "screen_seconds": round(screen, 2),
            "names_per_second": round(len(queries) / screen, 1),
            "build_and_screen_seconds": round(build + screen, 2),
            "wall_seconds": {"index": round(build_wall, 2), "screen": round(screen_wall, 2)},
            "peak_memory_mb": round(peak_mb), "memory_before_index_mb": round(entities_mb)}


def _load_module(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("baseline_index", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_index"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    if not hasattr(module.NameIndex, "word_counts"):
        # The screener breaks ties between candidates by their words (NameIndex.word_counts),
        # which that index did not count: its prepared names do, without stop words.
        module.NameIndex.word_counts = lambda self, ids: [len(self.prepared[n].texts)
                                                          for n in ids]
    return module


def queries_for(entities: list[Entity], count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    picked = [rng.choice(entities).name for _ in range(count // 2)]
    typos = []
    for name in picked:
        i = rng.randrange(1, max(2, len(name) - 1))
        typos.append(name[:i] + name[i + 1:])
    fresh = [synthetic_name(random.Random(seed + n))[1] + " Partners" for n in range(count // 2)]
    return typos + fresh


def child(args: argparse.Namespace) -> int:
    """One measurement, in this process: printed as JSON for the parent."""
    if args.child == "builtin":
        entities = load_snapshot(use_cache=False).entities
    else:
        entities = synthetic_entities(args.entities)
    result = measure(entities, queries_for(entities, args.queries), args.index_module)
    print(json.dumps(result))
    return 0


def run_child(args: argparse.Namespace, which: str,
              index_module: Path | None = None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", which, "--entities", str(args.entities),
               "--queries", str(args.queries)]
    if index_module is not None:
        command += ["--index-module", str(index_module)]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env=dict(os.environ, RIGHTSCREEN_CACHE="off"))
    if done.returncode != 0:
        return {"error": done.stderr[-1500:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def baseline_index(rev: str, folder: Path) -> Path | None:
    """The index module as it was at `rev`, or None when git cannot show it."""
    shown = subprocess.run(["git", "show", f"{rev}:src/rightscreen/matching/index.py"],
                           cwd=HERE, capture_output=True, text=True, check=False)
    if shown.returncode != 0:
        return None
    path = folder / "baseline_index.py"
    path.write_text(shown.stdout, "utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=5000)
    # The commit before the index was made compact (issue 7).
    parser.add_argument("--baseline-rev", default="0391910")
    parser.add_argument("--out", type=Path, default=HERE / "results/scale.json")
    parser.add_argument("--child", choices=["builtin", "synthetic"], help=argparse.SUPPRESS)
    parser.add_argument("--index-module", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    report: dict[str, Any] = {
        "machine": f"{os.cpu_count()} cores shared with other jobs; one process per figure; "
                   "seconds are CPU seconds of that process",
        "builtin_snapshot": run_child(args, "builtin"),
        "synthetic": run_child(args, "synthetic")}
    with tempfile.TemporaryDirectory() as tmp:
        module = baseline_index(args.baseline_rev, Path(tmp))
        if module is not None:
            report["synthetic_previous_index"] = run_child(args, "synthetic", module)
    new, old = report["synthetic"], report.get("synthetic_previous_index", {})
    report["index_seconds_per_100k_entities"] = round(
        new.get("index_seconds", 0) / args.entities * 100_000, 2)
    if "names_per_second" in new and "names_per_second" in old:
        report["vs_previous_index"] = {
            "throughput": round(new["names_per_second"] / old["names_per_second"], 2),
            "peak_memory": round(new["peak_memory_mb"] / old["peak_memory_mb"], 2),
            "index_seconds": round(new["index_seconds"] / old["index_seconds"], 2),
            "queries_with_hits": round(new["queries_with_hits"] / old["queries_with_hits"], 3)}
    save(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
