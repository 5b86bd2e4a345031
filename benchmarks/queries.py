"""The query names the speed benchmarks screen: deterministic, about 6,000 of them."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from rightscreen.model import Entity

EVAL_FILES = ("validation_report__negatives_us.csv", "validation_report__negatives_global.csv",
              "candidate_generation_benchmark__positives_un_treated.csv",
              "candidate_generation_benchmark__positives_us_congress_untreated.csv")


def _perturb(name: str, rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0 and len(name) > 6:  # one typo
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1:]
    if choice == 1:  # another case and no punctuation
        return "".join(ch for ch in name.lower() if ch.isalnum() or ch == " ")
    if choice == 2 and " " in name:  # drop the last word
        return name.rsplit(" ", 1)[0]
    return name


def build_queries(entities: list[Entity], eval_dir: Path | None, total: int = 6000,
                  seed: int = 20261126) -> list[str]:
    """Names from peers' person sets (mostly not listed) and perturbed listed names; without
    `eval_dir`, perturbed listed names only."""
    rng = random.Random(seed)
    queries: list[str] = []
    for file_name in EVAL_FILES if eval_dir else ():
        assert eval_dir is not None
        with (eval_dir / file_name).open(encoding="utf-8") as fh:
            queries.extend(r["full_name"] for r in csv.DictReader(fh) if r["full_name"].strip())
    listed = [e.name for e in entities]
    rng.shuffle(listed)
    for name in listed[: max(0, total - len(queries))]:
        queries.append(_perturb(name, rng))
    return queries[:total]
