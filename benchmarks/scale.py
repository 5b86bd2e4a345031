"""Scale: a synthetic list of N entities (default 1,000,000): index build time, screening
throughput and peak memory, beside the same figures for the real snapshot measured in the
same run as the baseline.

Names are made from word pools with a fixed seed, shaped like list entries: companies
("Zhongke Orion Precision Systems Co., Ltd.") and people ("Ivanov, Pavel Sergeevich").

Usage: python benchmarks/scale.py [--entities 1000000] [--queries 5000]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

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


def measure(entities: list[Entity], queries: list[str]) -> dict[str, float]:
    started = time.perf_counter()
    screener = Screener(entities)
    build = time.perf_counter() - started
    started = time.perf_counter()
    with_hits = sum(1 for q in queries if screener.screen(q))
    screen = time.perf_counter() - started
    return {"entities": len(entities), "index_seconds": round(build, 2),
            "queries": len(queries), "queries_with_hits": with_hits,
            "screen_seconds": round(screen, 2),
            "names_per_second": round(len(queries) / screen, 1)}


def queries_for(entities: list[Entity], count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    picked = [rng.choice(entities).name for _ in range(count // 2)]
    typos = []
    for name in picked:
        i = rng.randrange(1, max(2, len(name) - 1))
        typos.append(name[:i] + name[i + 1:])
    fresh = [synthetic_name(random.Random(seed + n))[1] + " Partners" for n in range(count // 2)]
    return typos + fresh


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=HERE / "results/scale.json")
    args = parser.parse_args()
    snapshot = load_snapshot()
    baseline = measure(snapshot.entities, queries_for(snapshot.entities, args.queries))
    entities = synthetic_entities(args.entities)
    synthetic = measure(entities, queries_for(entities, args.queries))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {"builtin_snapshot": baseline, "synthetic": synthetic,
              "peak_memory_mb": round(peak_mb), "index_seconds_per_100k_entities": round(
                  synthetic["index_seconds"] / args.entities * 100_000, 2)}
    save(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
