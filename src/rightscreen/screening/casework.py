"""Screening with a memory: a names screening recorded in the case store, each hit given its
alert, and the stored subjects re-screened when the lists change (monitoring)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rightscreen.matching.screener import Hit, Query, Screener
from rightscreen.matching.tokens import sound_key
from rightscreen.model import Entity, ListInfo
from rightscreen.names.analyze import analyze
from rightscreen.screening.names import RowResult, ScreeningResult
from rightscreen.store import Finding, RunRecord, ScreenedSubject, Store
from rightscreen.store.content import entity_content, entry_content, fingerprint

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
            entities: list[Entity], *, full: bool = False) -> dict[str, Any]:
    """Re-screen the stored subjects against the current lists (`entities`, which the
    screener was built from); report only what changed: new and reopened alerts, and alerts
    whose entry left the lists.

    Only the subjects that a changed entry could concern are screened again: those with an
    alert on an entry that changed or left, and those sharing a word (or its sound) with a
    name of an entry that is new or changed. The first monitoring run, or `full`, screens
    every subject. Screening itself is the full screener's, so scores are the same as a full
    re-screen's."""
    prints = {e.id: fingerprint(entity_content(e)) for e in entities}
    stored = store.entry_prints()
    subjects = store.subjects()
    if full or not stored:
        chosen = subjects
        changed: set[str] = set(prints)
    else:
        changed = {k for k, v in prints.items() if stored.get(k) != v}
        removed = set(stored) - set(prints)
        keys = store.subjects_with_alerts_on(changed | removed)
        concerned = _concerned(subjects, _new_name_keys(
            [e for e in entities if e.id in changed], store.entry_names(changed)))
        chosen = [(key, fields) for n, (key, fields) in enumerate(subjects)
                  if key in keys or n in concerned]
    results = [RowResult(number, fields, screener.screen(query_from_fields(fields)))
               for number, (_, fields) in enumerate(chosen, start=1)]
    screening = ScreeningResult(lists, screener.threshold, results, input="(stored subjects)")
    run = record_screening(store, screening, screener, kind="monitor")
    delisted = store.mark_delisted(set(prints), run_id=run.id)
    store.save_entry_prints(prints, run_id=run.id, names={
        e.id: sorted({n.value for n in e.names}) for e in entities})
    changes = [{**(store.alert(s.id) or {}), "status": s.status, "change": s.change}
               for s in run.changed + delisted]
    return {"run": {"id": run.id, "at": run.at, "store": store.display},
            "lists": [{k: v for k, v in i.to_dict().items() if k != "files"} for i in lists],
            "subjects": len(subjects), "rescreened": len(chosen), "entries_changed": len(changed),
            "counts": run.counts | {"delisted": len(delisted)}, "changes": changes}


def _new_name_keys(entities: list[Entity], remembered: dict[str, list[str]],
                   ) -> list[set[str]]:
    """The keys of each name an entry gained since it was remembered (all its names when it
    is new): a subject without an alert on it can only become one through a new name."""
    out: list[set[str]] = []
    for entity in entities:
        before = set(remembered.get(entity.id, []))
        out.extend(_name_keys(name) for name in sorted({n.value for n in entity.names} - before))
    return out


def _concerned(subjects: list[tuple[str, dict[str, str]]], names: list[set[str]]) -> set[int]:
    """Positions of the subjects that share a key with a new name. A key held by more than
    `common` subjects seeds no candidates, as the screener's own common words do not, unless
    a name has no rarer key."""
    if not names:
        return set()
    wanted = set().union(*names)
    holders: dict[str, list[int]] = {}
    for position, (_, fields) in enumerate(subjects):
        for key in _name_keys(fields["name"]) & wanted:
            holders.setdefault(key, []).append(position)
    common = max(200, len(subjects) // 100)
    concerned: set[int] = set()
    for keys in names:
        found = [holders[k] for k in keys if k in holders]
        rare = [h for h in found if len(h) <= common] or sorted(found, key=len)[:1]
        for positions in rare:
            concerned.update(positions)
    return concerned


def _name_keys(name: str) -> set[str]:
    # Words and their sound keys: a subject that could match a changed entry shares one.
    form = analyze(name)
    words = [t.text for t in form.tokens if t.kind not in ("stop", "generic")] or list(form.words)
    return set(words) | {sound_key(w) for w in words} | ({form.han} if form.han else set())


def query_from_fields(fields: dict[str, str]) -> Query:
    """The query a stored subject's fields make, as when it was first screened."""
    identifiers = {k: fields[k] for k in IDENTIFIER_FIELDS if fields.get(k)}
    return Query(fields["name"], fields.get("country"), identifiers,
                 birth_date=fields.get("birth_date"), nationality=fields.get("nationality"))


def _finding(hit: Hit, screener: Screener) -> Finding:
    entities: list[Entity] = []
    for entity_id in [hit.entity_id, *hit.related]:
        try:
            entities.append(screener.entity(entity_id)[1])
        except KeyError:
            continue
    return Finding(hit.entity_id, hit.name, list(hit.lists), hit.score, list(hit.explanation),
                   entry_content(hit, entities))
