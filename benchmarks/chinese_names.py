"""Chinese names against English-only lists (issue 7, part 3), beside the code before it.

Set (benchmarks/chinese_names.yaml, every name with its source):
- listed: Chinese names of Chinese Entity List firms, universities and institutes that the
  curated supplement does not know; each should find its English-only Entity List entry at the
  default threshold (recall), ideally as the first hit (top-1).
- unlisted: real Chinese firms on no loaded list; none should raise an alert (false alerts).
- held_out: more listed firms of the same kind, added after the generic readings were written
  and never used to tune them; recall reported apart.

The screener reads a Chinese name in each of its readings (names.analyze.han_readings), as
it reads a Latin name split and joined.

The baseline is the code before this work (commit 0d99c0d), run in the same invocation from a
git worktree: `git worktree add /tmp/rs-before-zh 0d99c0d`, then
`python benchmarks/chinese_names.py --baseline-src /tmp/rs-before-zh/src`, then
`git worktree remove /tmp/rs-before-zh`.

Usage: python benchmarks/chinese_names.py [--baseline-src DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE / "chinese_names.yaml"


def evaluate(data: dict[str, Any], *, check_supplement: bool) -> dict[str, Any]:
    """Screen every name with the rightscreen on the import path; figures and details."""
    from rightscreen import DEFAULT_THRESHOLD, Screener, load_snapshot

    snapshot = load_snapshot()
    screener = Screener(snapshot.entities)
    names = {e.id: {_plain(n.value) for n in e.names} for e in snapshot.entities}
    if check_supplement:
        _refuse_supplement_subjects(data, snapshot.entities)
    out: dict[str, Any] = {"threshold": DEFAULT_THRESHOLD}
    out.update(_recall(screener, data["listed"], names, DEFAULT_THRESHOLD))
    alerts = []
    for case in data["unlisted"]:
        hits = [h for h in screener.screen(case["zh"]) if h.score >= DEFAULT_THRESHOLD]
        if hits:
            alerts.append({"zh": case["zh"], "hits": [f"{h.name} ({h.score:.2f})"
                                                      for h in hits[:3]]})
    out.update({"unlisted": len(data["unlisted"]), "false_alerts": len(alerts),
                "alerts": alerts})
    if data.get("held_out"):
        out["held_out"] = _recall(screener, data["held_out"], names, DEFAULT_THRESHOLD)
    return out


def _recall(screener: Any, cases: list[dict[str, Any]], names: dict[str, set[str]],
            threshold: float) -> dict[str, Any]:
    found = top1 = 0
    details: list[dict[str, Any]] = []
    for case in cases:
        hits = [h for h in screener.screen(case["zh"]) if h.score >= threshold]
        wanted = _plain(case["listed"])
        # A hit may stand for several entries of one firm (`related`): any of them counts.
        ranks = [i for i, h in enumerate(hits)
                 if any(wanted in names.get(e, set()) for e in [h.entity_id, *h.related])]
        found += bool(ranks)
        top1 += bool(ranks) and ranks[0] == 0
        details.append({"zh": case["zh"], "listed": case["listed"], "found": bool(ranks),
                        "rank": ranks[0] + 1 if ranks else None,
                        "top": [f"{h.name} ({h.score:.2f})" for h in hits[:2]]})
    return {"listed": len(cases), "found": found, "recall": round(found / len(cases), 3),
            "top1": round(top1 / len(cases), 3), "details": details}


def _plain(name: str) -> str:
    # "Beijing University of Posts and Telecommunications (BUPT)" is one entry however written.
    return " ".join(re.sub(r"\([^)]*\)", " ", name).casefold().split())


def _refuse_supplement_subjects(data: dict[str, Any], entities: list[Any]) -> None:
    # The set measures Chinese beyond the supplement: a curated entry would make it trivial.
    wanted = {_plain(c["listed"]) for c in [*data["listed"], *data.get("held_out", [])]}
    known = sorted(e.name for e in entities if e.subject and _plain(e.name) in wanted)
    if known:
        raise SystemExit(f"in the curated supplement, not a fair case: {known}")


def baseline(source: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    run = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--raw"], env=env,
                         capture_output=True, text=True, check=True, cwd=source.parent)
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline-src", type=Path, help="src/ of the code before (worktree)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "chinese_names.json")
    parser.add_argument("--raw", action="store_true", help="print figures as JSON (internal)")
    args = parser.parse_args()
    data = yaml.safe_load(DATA.read_text("utf-8"))
    if args.raw:  # the baseline run: the old code has no supplement subjects to check
        print(json.dumps(evaluate(data, check_supplement=False), ensure_ascii=False))
        return
    from results_io import save

    report: dict[str, Any] = {
        "set": DATA.name, "rightscreen": evaluate(data, check_supplement=True)}
    if args.baseline_src:
        report["baseline_0d99c0d"] = baseline(args.baseline_src)
    save(report, args.out)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
