"""Name-matching accuracy on peers' labelled sets, against the baselines measured beside it.

Sets (read from ../shared/data/eval, never copied into the product):
- name_bench_cases.csv: 826 labelled pairs; baseline nomenklatura LogicV2 (frozen scores).
- ofac_sls_score_fixtures.csv: OFAC's own Sanctions List Search scores; rank agreement.
- opensanctions_pairs_sample_{a,b}.json: human-judged entity pairs (best name pair scored).
- cross_script_pairs.csv: names in Arabic, Cyrillic, Han, Hangul... against their Latin form.
Every set is also scored by a naive baseline (rapidfuzz token_sort_ratio) in the same run.

Usage: python benchmarks/accuracy.py [--eval DIR] [--out benchmarks/results/accuracy.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz

from rightscreen import DEFAULT_THRESHOLD, Screener, load_snapshot

Scorer = Callable[[str, str], float]


def f1_at(scores: list[float], labels: list[bool], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_f1(scores: list[float], labels: list[bool]) -> tuple[float, float]:
    best = (0.0, 0.0)
    for threshold in sorted(set(scores)):
        f1 = f1_at(scores, labels, threshold)[2]
        if f1 > best[0]:
            best = (f1, threshold)
    return best


def naive(a: str, b: str) -> float:
    return float(fuzz.token_sort_ratio(a, b, processor=str.lower)) / 100


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def labelled_report(name: str, ours: list[float], base: dict[str, list[float]],
                    labels: list[bool]) -> dict[str, object]:
    report: dict[str, object] = {"set": name, "pairs": len(labels),
                                 "positives": sum(labels)}
    f1, threshold = best_f1(ours, labels)
    p, r, f = f1_at(ours, labels, DEFAULT_THRESHOLD)
    report["rightscreen"] = {"best_f1": round(f1, 4), "best_threshold": threshold,
                             "at_default": {"threshold": DEFAULT_THRESHOLD,
                                            "precision": round(p, 4), "recall": round(r, 4),
                                            "f1": round(f, 4)}}
    for label, scores in base.items():
        bf1, bthr = best_f1(scores, labels)
        report[label] = {"best_f1": round(bf1, 4), "best_threshold": bthr}
        report[f"f1_ratio_vs_{label}"] = round(f1 / bf1, 4) if bf1 else None
    return report


def name_bench(eval_dir: Path, score: Scorer) -> dict[str, object]:
    cases = list(csv.DictReader((eval_dir / "name_bench_cases.csv").open(encoding="utf-8")))
    frozen = {(r["name1"], r["name2"], r["schema"]): float(r["score"]) for r in
              csv.DictReader((eval_dir / "name_bench_logicv2-frozen.csv").open(encoding="utf-8"))}
    labels = [c["is_match"] == "true" for c in cases]
    ours = [score(c["name1"], c["name2"]) for c in cases]
    logic = [frozen.get((c["name1"], c["name2"], c["schema"]), 0.0) for c in cases]
    report = labelled_report("name_bench", ours, {"logicv2_frozen": logic,
                                                  "token_sort_ratio": [naive(c["name1"], c["name2"])
                                                                       for c in cases]}, labels)
    report["errors_at_default"] = sum(
        1 for s, y in zip(ours, labels, strict=True) if (s >= DEFAULT_THRESHOLD) != y)
    return report


def ofac_sls(eval_dir: Path, score: Scorer) -> dict[str, object]:
    rows = list(csv.DictReader((eval_dir / "ofac_sls_score_fixtures.csv").open(encoding="utf-8")))
    reference = [float(r["ofac_score"]) for r in rows]
    ours = [score(r["query_name"], r["result_name"]) for r in rows]
    baseline = [naive(r["query_name"], r["result_name"]) for r in rows]
    return {"set": "ofac_sls", "pairs": len(rows),
            "rightscreen_spearman_vs_ofac": round(spearman(ours, reference), 4),
            "token_sort_ratio_spearman_vs_ofac": round(spearman(baseline, reference), 4)}


def _names(entity: dict[str, object]) -> list[str]:
    props = entity.get("properties") or {}
    assert isinstance(props, dict)
    names = list(props.get("name", [])) + list(props.get("alias", []))
    caption = entity.get("caption")
    if not names and isinstance(caption, str):
        names = [caption]
    return [str(n) for n in names[:12]]


def pairs_sample(eval_dir: Path, score: Scorer, which: str) -> dict[str, object]:
    data = json.loads((eval_dir / f"opensanctions_pairs_sample_{which}.json").read_text("utf-8"))
    labels, ours, base = [], [], []
    for pair in data:
        if pair.get("judgement") not in ("positive", "negative"):
            continue
        left, right = _names(pair["left"]), _names(pair["right"])
        if not left or not right:
            continue
        labels.append(pair["judgement"] == "positive")
        ours.append(max(score(a, b) for a in left for b in right))
        base.append(max(naive(a, b) for a in left for b in right))
    return labelled_report(f"opensanctions_pairs_{which}", ours, {"token_sort_ratio": base}, labels)


def cross_script(eval_dir: Path, score: Scorer) -> dict[str, object]:
    rows = [r for r in csv.reader((eval_dir / "cross_script_pairs.csv").open(encoding="utf-8"))
            if r and not r[0].startswith("#") and len(r) >= 2]
    ours = [score(r[0], r[1]) for r in rows]
    base = [naive(r[0], r[1]) for r in rows]
    found = sum(1 for s in ours if s >= DEFAULT_THRESHOLD)
    return {"set": "cross_script", "pairs": len(rows),
            "rightscreen_recall_at_default": round(found / len(rows), 4),
            "token_sort_ratio_recall_at_default": round(
                sum(1 for s in base if s >= DEFAULT_THRESHOLD) / len(rows), 4),
            "rightscreen_mean_score": round(sum(ours) / len(ours), 4)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    here = Path(__file__).parent
    parser.add_argument("--eval", type=Path, default=here.parent / "../shared/data/eval")
    parser.add_argument("--out", type=Path, default=here / "results/accuracy.json")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    snapshot = load_snapshot()
    screener = Screener(snapshot.entities)

    def score(a: str, b: str) -> float:
        return screener.compare_names(a, b)[0]

    reports = [name_bench(args.eval, score), ofac_sls(args.eval, score),
               pairs_sample(args.eval, score, "a"), pairs_sample(args.eval, score, "b"),
               cross_script(args.eval, score)]
    envelope = {"lists": [i.to_dict() for i in snapshot.infos], "threshold": DEFAULT_THRESHOLD,
                "reports": reports}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(envelope, indent=2, ensure_ascii=False) + "\n", "utf-8")
    for report in reports:
        print(json.dumps(report, ensure_ascii=False))
    if args.show_errors:
        cases = list(csv.DictReader((args.eval / "name_bench_cases.csv").open(encoding="utf-8")))
        for c in cases:
            s, why = screener.compare_names(c["name1"], c["name2"])
            if (s >= DEFAULT_THRESHOLD) != (c["is_match"] == "true"):
                why_text = "; ".join(why)
                print(f"{c['is_match']:5} {s:.2f} {c['name1']!r} ~ {c['name2']!r} | {why_text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
