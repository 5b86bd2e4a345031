"""Recall and false findings of document screening on labelled pages (documents_labelled.yaml),
against a naive baseline measured in the same run: every lexicon term found anywhere, with no
context rules and no word boundaries.

Usage: python benchmarks/documents_accuracy.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import yaml

from rightscreen import Screener, load_snapshot
from rightscreen.extract.normalize import normalize_text
from rightscreen.screening.documents import DocumentScreener
from rightscreen.screening.redflags import load_lexicon
from rightscreen.screening.text_units import fold_case

HERE = Path(__file__).parent


def labels_of(finding: dict[str, object], entry_of: dict[tuple[str, str], str],
              subjects: dict[str, str | None], names: dict[str, set[str]]) -> set[str]:
    if finding["kind"] == "red_flag":
        return {entry_of.get((str(finding["category"]), str(finding["term"]).lower()), "?")}
    # Any name of the entity found counts, so that a label survives the supplement choosing
    # another of the firm's names to show.
    subject = subjects.get(str(finding["entity_id"]))
    found = {str(finding["name"])} | names.get(str(finding["entity_id"]), set())
    return found | ({subject} if subject else set())


def main() -> int:
    pages = yaml.safe_load((HERE / "documents_labelled.yaml").read_text("utf-8"))["pages"]
    snapshot = load_snapshot()
    screener = DocumentScreener(Screener(snapshot.entities), snapshot.infos)
    lexicon = load_lexicon()
    entry_of = {(t.category, t.term): t.entry for t in lexicon.terms}
    subjects = {e.id: e.subject for e in snapshot.entities}
    names = {e.id: {n.value for n in e.names} for e in snapshot.entities}
    expected_total = found_expected = false_found = 0
    naive_found = naive_false = 0
    misses: list[str] = []
    extras: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, page in enumerate(pages, start=1):
            path = Path(tmp) / f"page{number:03}.txt"
            path.write_text(page["text"], "utf-8")
            envelope = screener.screen_paths([path]).to_dict()
            expected = set(page["expect"])
            got: set[str] = set()
            for finding in envelope["findings"]:
                labels = labels_of(finding, entry_of, subjects, names)
                got |= labels
                if not labels & expected:
                    false_found += 1
                    extras.append(f"page {number}: {finding['term']} ({finding['kind']})")
            expected_total += len(expected)
            hit = {e for e in expected if e in got}
            found_expected += len(hit)
            misses.extend(f"page {number}: {e}" for e in expected - hit)
            text = fold_case(normalize_text(page["text"]))
            naive = {t.entry for t in lexicon.terms if t.term in text}
            red_expected = {e for e in expected if e in {t.entry for t in lexicon.terms}}
            naive_found += len(naive & red_expected)
            naive_false += len(naive - red_expected)
    red_total = sum(1 for p in pages for e in p["expect"]
                    if e in {t.entry for t in lexicon.terms})
    report = {
        "pages": len(pages), "expected_findings": expected_total,
        "rightscreen": {"recall": round(found_expected / expected_total, 4),
                        "false_findings": false_found, "misses": misses, "extras": extras},
        "naive_lexicon_baseline": {"red_flag_recall": round(naive_found / red_total, 4),
                                   "false_findings": naive_false},
    }
    out = HERE / "results/documents_accuracy.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
