"""Screening with a memory: a names screening recorded in the case store, each hit given its
alert, and the stored subjects re-screened when the lists change (monitoring)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rightscreen.matching.screener import Hit, Query, Screener
from rightscreen.model import Entity, ListInfo
from rightscreen.screening.names import RowResult, ScreeningResult
from rightscreen.store import Finding, RunRecord, ScreenedSubject, Store
from rightscreen.store.content import entry_content

# Input fields that are identifiers of the subject, as the names front-end reads them.
IDENTIFIER_FIELDS = ("isin", "lei", "ticker", "uscc")


def record_screening(store: Store, result: ScreeningResult, screener: Screener, *,
                     kind: str = "screen", input_path: Path | None = None) -> RunRecord:
    """Record a names screening in the store; returns the run with each hit's alert."""
    items = [ScreenedSubject(row.row, dict(row.query), [_finding(h, screener) for h in row.hits])
             for row in result.results]
    digest = hashlib.sha256(input_path.read_bytes()).hexdigest() if input_path else None
    return store.record_run(kind=kind, items=items, lists=result.lists,
                            threshold=result.threshold, input_name=result.input,
                            input_sha256=digest)


def annotate(envelope: dict[str, Any], run: RunRecord, store: Store) -> dict[str, Any]:
    """Give every hit of a names envelope its alert, and the envelope its run and counts."""
    for row in envelope["results"]:
        for hit in row["hits"]:
            state = run.states.get((row["row"], hit["entity_id"]))
            if state is not None:
                hit["alert"] = state.to_dict()
    envelope["run"] = {"id": run.id, "at": run.at, "store": store.display}
    envelope["alerts"] = dict(run.counts)
    return envelope


def monitor(store: Store, screener: Screener, lists: list[ListInfo],
            entities: list[Entity]) -> dict[str, Any]:
    """Re-screen every stored subject against the current lists (`entities`, which the
    screener was built from); report only what changed: new and reopened alerts, and alerts
    whose entry left the lists."""
    results = []
    for number, (_, fields) in enumerate(store.subjects(), start=1):
        hits = screener.screen(query_from_fields(fields))
        results.append(RowResult(number, fields, hits))
    screening = ScreeningResult(lists, screener.threshold, results, input="(stored subjects)")
    run = record_screening(store, screening, screener, kind="monitor")
    present = {e.id for e in entities}
    delisted = store.mark_delisted(present, run_id=run.id)
    by_id = {a["id"]: a for a in store.alerts("all")}
    changed = [{**by_id[s.id], "status": s.status, "change": s.change}
               for s in run.changed + delisted]
    return {"run": {"id": run.id, "at": run.at, "store": store.display},
            "lists": [{k: v for k, v in i.to_dict().items() if k != "files"} for i in lists],
            "subjects": len(results), "counts": run.counts | {"delisted": len(delisted)},
            "changes": changed}


def query_from_fields(fields: dict[str, str]) -> Query:
    """The query a stored subject's fields make, as when it was first screened."""
    identifiers = {k: fields[k] for k in IDENTIFIER_FIELDS if fields.get(k)}
    return Query(fields["name"], fields.get("country"), identifiers)


def _finding(hit: Hit, screener: Screener) -> Finding:
    entities: list[Entity] = []
    for entity_id in [hit.entity_id, *hit.related]:
        try:
            entities.append(screener.entity(entity_id)[1])
        except KeyError:
            continue
    return Finding(hit.entity_id, hit.name, list(hit.lists), hit.score, list(hit.explanation),
                   entry_content(hit, entities))
