"""The baseline, run in its own venv: nomenklatura's DuckDB blocker finds candidates for each
query name, LogicV2 scores them. Prints one JSON line of timings.

Usage: python baseline_nomenklatura.py INPUT.json WORKDIR
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from followthemoney import Dataset, StatementEntity, model
from nomenklatura.blocker import Index
from nomenklatura.matching import LogicV2
from nomenklatura.matching.types import ScoringConfig
from nomenklatura.resolver import Linker
from nomenklatura.store.memory import MemoryStore


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    work = Path(sys.argv[2])
    dataset = Dataset.make({"name": "lists", "title": "lists"})
    started = time.perf_counter()
    store = MemoryStore(dataset, Linker({}))
    with store.writer() as writer:
        for item in data["entities"]:
            entity = StatementEntity(dataset, {"id": item["id"], "schema": item["schema"]})
            for name in item["names"]:
                entity.add("name", name)
            writer.add_entity(entity)
    index = Index(store.default_view(), work / "index")
    index.build()
    build_seconds = time.perf_counter() - started
    queries = []
    for number, name in enumerate(data["queries"]):
        query = StatementEntity(dataset, {"id": f"q{number}", "schema": "LegalEntity"})
        query.add("name", name)
        queries.append(query)
    by_id = {q.id: q for q in queries}
    view = store.default_view()
    config = ScoringConfig.defaults()
    started = time.perf_counter()
    hits = 0
    scored = 0
    for identifier, candidates in index.match_entities(queries):
        query = by_id[identifier.id]
        found = False
        for candidate_id, _ in candidates:
            candidate = view.get_entity(candidate_id.id)
            if candidate is None:
                continue
            scored += 1
            if LogicV2.compare(query, candidate, config).score >= 0.7:
                found = True
        hits += found
    match_seconds = time.perf_counter() - started
    total = build_seconds + match_seconds
    print(json.dumps({"queries": len(queries), "queries_with_hits": hits, "pairs_scored": scored,
                      "index_seconds": round(build_seconds, 3),
                      "screen_seconds": round(match_seconds, 3),
                      "end_to_end_seconds": round(total, 3),
                      "names_per_second": round(len(queries) / total, 1)}))


if __name__ == "__main__":
    del model
    main()
