"""Variants of real list names that an analyst would call the same name, hard negatives they
would call another firm, and real issuers that are on no list; each screened by rightscreen,
by rightscreen before issue 7 (`--before SRC`), and by nomenklatura (DuckDB blocker + LogicV2,
in its own venv), all in the same run on the same cases.

Positives (from the names of listed organisations, seed fixed): words run together ("Design
Bureau" -> "DesignBureau"), a word split ("Hik Vision"), words joined by a dot or hyphen
("ALFA.BANK"), a dotted legal form written in letters ("S A DE C V"), organisation words
abbreviated ("Intl", "Mfg"), a typo in a legal-form or generic word ("Limted").
Hard negatives: a listed name with its one distinctive word replaced by a word on no list, and
a listed acronym with one letter changed (AVIC -> AVIS). Unlisted: issuer names from the SEC
13F and N-PORT filings in ../shared/data/holdings, less any whose ISIN a list carries.

Goals: recall >= 0.98, top-1 >= 0.95, false alerts <= 0.02.

Usage: python benchmarks/variants.py [--before /tmp/rs-before/src] [--out results/variants.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
THRESHOLD = 0.7
ABBREVIATIONS = {"international": "Intl", "technology": "Tech", "company": "Co",
                 "corporation": "Corp", "industries": "Inds", "information": "Info",
                 "institute": "Inst", "manufacturing": "Mfg", "national": "Natl",
                 "university": "Univ", "association": "Assn", "development": "Dev",
                 "engineering": "Eng", "electric": "Elec", "science": "Sci", "research": "Res",
                 "management": "Mgmt", "services": "Svcs", "systems": "Sys", "group": "Grp",
                 "holdings": "Hldgs", "trading": "Trdg"}
TYPO_WORDS = {"limited", "company", "corporation", "technology", "international", "industries",
              "engineering", "information", "electronics", "trading", "development",
              "manufacturing", "incorporated", "technologies", "industrial", "investment"}
# Dotted legal forms at the end of a name, and how they are written without their dots.
LETTER_FORMS = ((re.compile(r"\bS\.\s?A\. de C\.\s?V\.?$", re.I), "S A DE C V"),
                (re.compile(r"\bS\.\s?A\.?$", re.I), "S A"),
                (re.compile(r"\bL\.?L\.?C\.?$", re.I), "L L C"),
                (re.compile(r"\bS\.\s?R\.\s?L\.?$", re.I), "S R L"))
WORD = re.compile(r"^[A-Za-z]+$")
# Issuers in the filings that are listed although no list carries their ISIN (checked by hand).
LISTED_ISSUERS = {"PETROLEOS DE VENEZUELA S": "OFAC SDN: PETROLEOS DE VENEZUELA, S.A."}


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", name.casefold()) if w]


def _case_like(model: str, text: str) -> str:
    return text.upper() if model.isupper() else text


def variants(name: str, rarity: dict[str, int], rng: random.Random) -> dict[str, str]:
    """Each kind of variant of `name` that applies to it (pure string work, no rightscreen
    code: every system sees the same cases)."""
    words = name.split()
    out: dict[str, str] = {}
    pairs = [i for i in range(len(words) - 1)
             if WORD.match(words[i]) and WORD.match(words[i + 1])]
    if pairs:
        i = rng.choice(pairs)
        out["joined"] = " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2:])
        i = rng.choice(pairs)
        glue = rng.choice((".", "-"))
        out["dotted"] = " ".join(words[:i] + [words[i] + glue + words[i + 1]] + words[i + 2:])
    long_words = [i for i, w in enumerate(words) if WORD.match(w) and len(w) >= 7]
    if long_words:
        i = min(long_words, key=lambda k: rarity.get(words[k].casefold(), 0))
        cut = rng.randrange(3, len(words[i]) - 2)
        out["split"] = " ".join(words[:i] + [words[i][:cut], words[i][cut:]] + words[i + 1:])
    for pattern, letters in LETTER_FORMS:
        if pattern.search(name):
            out["legal_letters"] = pattern.sub(letters, name)
            break
    abbreviated = [_case_like(w, ABBREVIATIONS[w.strip(".,").casefold()])
                   if w.strip(".,").casefold() in ABBREVIATIONS else w for w in words]
    if abbreviated != words:
        out["abbreviation"] = " ".join(abbreviated)
    typo = [i for i, w in enumerate(words) if w.strip(".,").casefold() in TYPO_WORDS]
    if typo:
        i = rng.choice(typo)
        word = words[i].strip(".,")
        k = rng.randrange(1, len(word) - 2)
        if rng.random() < 0.5:
            changed = word[:k] + word[k + 1:]  # a letter left out
        else:
            changed = word[:k] + word[k + 1] + word[k] + word[k + 2:]  # two letters swapped
        out["typo_generic"] = " ".join(words[:i] + [words[i].replace(word, changed)]
                                       + words[i + 1:])
    return out


def unlisted_issuers(holdings: Path, listed_isins: set[str]) -> list[str]:
    """Issuer names from the 13F and N-PORT filings whose ISIN no list carries."""
    from defusedxml import ElementTree
    from stdnum import isin as isin_number

    names: dict[str, None] = {}
    for path in sorted(holdings.glob("*.xml")):
        root = ElementTree.fromstring(path.read_text("utf-8").strip())
        for node in root.iter():
            tag = node.tag.rsplit("}", 1)[-1]
            if tag not in ("infoTable", "invstOrSec"):
                continue
            fields = {c.tag.rsplit("}", 1)[-1]: (c.text or "").strip() for c in node}
            name = fields.get("nameOfIssuer") or fields.get("name") or ""
            isins = {i.get("value", "") for i in node.iter() if i.tag.endswith("isin")}
            cusip = fields.get("cusip", "")
            if cusip and cusip.strip("0") and len(cusip) == 9:
                isins.add(isin_number.from_natid("US", cusip))
            if name.upper() in LISTED_ISSUERS:
                continue
            if name and name.upper() not in ("N/A", "NA") and not isins & listed_isins:
                names[" ".join(name.split())] = None
    return list(names)


def build_cases(entities: list[Any], holdings: Path, seed: int, count: int
                ) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    rng = random.Random(seed)
    rarity: Counter[str] = Counter()
    all_names: set[str] = set()
    for entity in entities:
        for name in entity.names:
            all_names.add(" ".join(_words(name.value)))
            rarity.update(set(_words(name.value)))
    equivalents = _equivalents(entities)
    organisations = [e for e in entities if e.schema != "Person" and e.name.isascii()
                     and len(e.name.split()) >= 2]
    organisations = list({e.name: e for e in organisations}.values())
    rng.shuffle(organisations)
    cases: list[dict[str, Any]] = []
    for entity in organisations[:count]:
        for kind, query in variants(entity.name, rarity, rng).items():
            cases.append({"kind": kind, "query": query, "expect": entity.id, "positive": True})
    # Letter forms are rare: every listed name that has one is used, not only the sample.
    seen = {c["expect"] for c in cases if c["kind"] == "legal_letters"}
    for entity in organisations[count:]:
        if len(seen) >= count:
            break
        for pattern, letters in LETTER_FORMS:
            if entity.id not in seen and pattern.search(entity.name):
                cases.append({"kind": "legal_letters", "query": pattern.sub(letters, entity.name),
                              "expect": entity.id, "positive": True})
                seen.add(entity.id)
                break
    unlisted = unlisted_issuers(holdings, _listed_isins(entities))
    unknown_words = sorted({w for n in unlisted for w in _words(n)
                            if w.isalpha() and len(w) >= 5 and w not in rarity})
    for entity in organisations[:count]:
        words = entity.name.split()
        if "(" in entity.name:
            continue  # a name in brackets ("(CASIC)") names the party again
        distinctive = [i for i, w in enumerate(words) if WORD.match(w) and len(w) >= 4
                       and w.casefold() not in ABBREVIATIONS and w.casefold() not in TYPO_WORDS]
        if len(words) < 2 or not distinctive:
            continue
        i = min(distinctive, key=lambda k: rarity.get(words[k].casefold(), 0))
        other = _case_like(words[i], rng.choice(unknown_words).title())
        cases.append({"kind": "distinctive_swap", "expect": entity.id, "positive": False,
                      "query": " ".join(words[:i] + [other] + words[i + 1:])})
    cases.extend(_acronym_edits(entities, all_names, rng)[:count])
    cases.extend({"kind": "unlisted_issuer", "query": name, "expect": None, "positive": False}
                 for name in unlisted)
    return cases, equivalents


def _acronym_edits(entities: list[Any], all_names: set[str], rng: random.Random
                   ) -> list[dict[str, Any]]:
    consonants = "BCDFGHJKLMNPQRSTVXZ"
    out = []
    for entity in entities:
        for name in entity.names:
            value = name.value
            if not (value.isupper() and value.isalpha() and 3 <= len(value) <= 5):
                continue
            k = rng.randrange(len(value))
            if value[k] not in consonants:
                continue
            changed = value[:k] + rng.choice(consonants.replace(value[k], "")) + value[k + 1:]
            if changed.casefold() not in all_names:
                out.append({"kind": "acronym_edit", "query": changed, "expect": entity.id,
                            "positive": False})
    return out


def _listed_isins(entities: list[Any]) -> set[str]:
    return {i.value.upper() for e in entities for i in e.identifiers if i.scheme == "isin"}


# Words left out when deciding that two entries name one party ("CloudWalk Technology" on one
# list, "CLOUDWALK TECHNOLOGY CO., LTD." on another).
FORM_WORDS = {"co", "ltd", "limited", "company", "corp", "corporation", "inc", "incorporated",
              "llc", "jsc", "ojsc", "pjsc", "cjsc", "ooo", "oao", "zao", "ao", "plc", "sa", "the",
              "of", "liability", "joint", "stock", "public", "closed", "open"}


def _equivalents(entities: list[Any]) -> dict[str, list[str]]:
    """Entities that are one party for the purpose of scoring a hit: the same name up to its
    legal form (once per list and address), or one curated subject."""
    groups: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        core = [w for w in _words(entity.name) if w not in FORM_WORDS]
        groups["name:" + " ".join(core or _words(entity.name))].add(entity.id)
        if entity.subject:
            groups["subject:" + entity.subject].add(entity.id)
    out: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        for member in members:
            out[member] |= members
    return {k: sorted(v) for k, v in out.items()}


def score_rightscreen(cases_path: Path, out: Path) -> None:
    """Screen every case with the rightscreen found on sys.path (this tree or --before)."""
    from rightscreen import Screener, load_snapshot

    cases = json.loads(cases_path.read_text("utf-8"))
    screener = Screener(load_snapshot().entities)
    results = []
    for case in cases:
        hits = screener.screen(case["query"], threshold=THRESHOLD)
        results.append([[h.entity_id, *h.related, h.score] for h in hits[:5]])
    out.write_text(json.dumps(results), "utf-8")


def score_nomenklatura(data_path: Path, out: Path) -> None:
    """Run in nomenklatura's venv: its DuckDB blocker finds candidates, LogicV2 scores them."""
    from followthemoney import Dataset, StatementEntity
    from nomenklatura.blocker import Index
    from nomenklatura.matching import LogicV2
    from nomenklatura.matching.types import ScoringConfig
    from nomenklatura.resolver import Linker
    from nomenklatura.store.memory import MemoryStore

    data = json.loads(data_path.read_text("utf-8"))
    dataset = Dataset.make({"name": "lists", "title": "lists"})
    store = MemoryStore(dataset, Linker({}))
    with store.writer() as writer:
        for item in data["entities"]:
            entity = StatementEntity(dataset, {"id": item["id"], "schema": item["schema"]})
            for name in item["names"]:
                entity.add("name", name)
            writer.add_entity(entity)
    with tempfile.TemporaryDirectory() as work:
        index = Index(store.default_view(), Path(work) / "index")
        index.build()
        queries = []
        for number, name in enumerate(data["queries"]):
            query = StatementEntity(dataset, {"id": f"q{number}", "schema": "LegalEntity"})
            query.add("name", name)
            queries.append(query)
        by_id = {q.id: q for q in queries}
        view = store.default_view()
        config = ScoringConfig.defaults()
        results: list[list[list[Any]]] = [[] for _ in queries]
        for identifier, candidates in index.match_entities(queries):
            query = by_id[identifier.id]
            scored = []
            for candidate_id, _ in candidates:
                candidate = view.get_entity(candidate_id.id)
                if candidate is not None:
                    score = LogicV2.compare(query, candidate, config).score
                    if score >= THRESHOLD:
                        scored.append([candidate_id.id, round(float(score), 4)])
            scored.sort(key=lambda s: -s[1])
            results[int(str(identifier.id)[1:])] = scored[:5]
    out.write_text(json.dumps(results), "utf-8")


def metrics(cases: list[dict[str, Any]], results: list[list[list[Any]]],
            equivalents: dict[str, list[str]]) -> dict[str, Any]:
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for case, hits in zip(cases, results, strict=True):
        counts = by_kind[case["kind"]]
        counts["cases"] += 1
        if case["expect"] is None:
            counts["false_alert"] += bool(hits)
            continue
        wanted = set(equivalents.get(case["expect"], [case["expect"]]))
        accepted = [bool(wanted & set(h[:-1])) for h in hits]
        if case["positive"]:
            counts["found"] += any(accepted)
            counts["top1"] += bool(accepted and accepted[0])
        else:
            counts["false_alert"] += any(accepted)
    positives = Counter[str]()
    negatives = Counter[str]()
    kinds = {}
    for kind, counts in sorted(by_kind.items()):
        if "found" in counts or "top1" in counts or kind not in (
                "distinctive_swap", "acronym_edit", "unlisted_issuer"):
            positives.update(counts)
            kinds[kind] = {"cases": counts["cases"],
                           "recall": round(counts["found"] / counts["cases"], 4),
                           "top1": round(counts["top1"] / counts["cases"], 4)}
        else:
            negatives.update(counts)
            kinds[kind] = {"cases": counts["cases"],
                           "false_alerts": round(counts["false_alert"] / counts["cases"], 4)}
    return {"recall": round(positives["found"] / max(positives["cases"], 1), 4),
            "top1": round(positives["top1"] / max(positives["cases"], 1), 4),
            "false_alerts": round(negatives["false_alert"] / max(negatives["cases"], 1), 4),
            "positives": positives["cases"], "negatives": negatives["cases"], "by_kind": kinds}


def _run(python: Path, mode: str, data: Path, out: Path, src: Path | None) -> str | None:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    result = subprocess.run([str(python), __file__, mode, str(data), "--result", str(out)],
                            capture_output=True, text=True, env=env, check=False)
    return None if result.returncode == 0 else result.stderr[-2000:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=HERE.parent / "../shared/data")
    parser.add_argument("--before", type=Path, help="src/ of rightscreen before issue 7")
    parser.add_argument("--baseline-python", type=Path,
                        default=HERE / ".venv-nomenklatura/bin/python")
    parser.add_argument("--names", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--out", type=Path, default=HERE / "results/variants.json")
    parser.add_argument("--score", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--nomenklatura", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.score:
        score_rightscreen(args.score, args.result)
        return 0
    if args.nomenklatura:
        score_nomenklatura(args.nomenklatura, args.result)
        return 0
    sys.path.insert(0, str(HERE))
    from results_io import save

    from rightscreen import load_snapshot

    snapshot = load_snapshot()
    cases, equivalents = build_cases(snapshot.entities, args.shared / "holdings", args.seed,
                                     args.names)
    report: dict[str, Any] = {"lists": [i.to_dict() for i in snapshot.infos],
                              "threshold": THRESHOLD, "seed": args.seed,
                              "goals": {"recall": 0.98, "top1": 0.95, "false_alerts": 0.02}}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "cases.json"
        data.write_text(json.dumps(cases), "utf-8")
        systems: list[tuple[str, Path, str, Path, Path | None]] = [
            ("rightscreen", Path(sys.executable), "--score", data, None)]
        if args.before:
            systems.append(("rightscreen_before", Path(sys.executable), "--score", data,
                            args.before))
        if args.baseline_python.exists():
            payload = Path(tmp) / "nomenklatura.json"
            schema = {"Person": "Person", "Vessel": "Vessel", "Airplane": "Airplane"}
            payload.write_text(json.dumps({
                "entities": [{"id": e.id, "schema": schema.get(e.schema, "LegalEntity"),
                              "names": [n.value for n in e.names if n.origin == "list"]}
                             for e in snapshot.entities],
                "queries": [c["query"] for c in cases]}), "utf-8")
            systems.append(("nomenklatura_logicv2", args.baseline_python, "--nomenklatura",
                            payload, None))
        else:
            report["nomenklatura_logicv2"] = (f"not run: {args.baseline_python} missing "
                                              "(make bench-venv)")
        for label, python, mode, path, src in systems:
            out = Path(tmp) / f"{label}.json"
            error = _run(python, mode, path, out, src)
            report[label] = ({"error": error} if error else
                             metrics(cases, json.loads(out.read_text("utf-8")), equivalents))
    report["examples"] = {kind: next(c["query"] for c in cases if c["kind"] == kind)
                          for kind in sorted({c["kind"] for c in cases})}
    save(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
