"""The audit trail: append-only records, each carrying the hash of the one before.

A record's hash is SHA-256 over the previous hash and the canonical JSON of its sequence
number, time, kind and payload. Changing or removing any record afterwards breaks every hash
after it, which `verify` finds; the database's triggers refuse UPDATE and DELETE first."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from rightscreen.store.content import canonical
from rightscreen.store.schema import audit, audit_head, decisions

GENESIS = "0" * 64
_PAGE = 5_000


def record_hash(prev_hash: str, seq: int, at: str, kind: str, payload: str) -> str:
    body = canonical({"seq": seq, "at": at, "kind": kind, "payload": json.loads(payload)})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def append(connection: Connection, at: str, records: list[tuple[str, dict[str, Any]]]) -> int:
    """Append records inside the caller's transaction; returns the last sequence number."""
    query = select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update()  # SQLite's BEGIN IMMEDIATE already serialises writers
    head = connection.execute(query).one()
    seq, prev = int(head.seq), str(head.hash)
    rows = []
    for kind, payload in records:
        seq += 1
        text = canonical(payload)
        digest = record_hash(prev, seq, at, kind, text)
        rows.append({"seq": seq, "at": at, "kind": kind, "payload": text, "prev_hash": prev,
                     "hash": digest})
        prev = digest
    if rows:
        connection.execute(audit.insert(), rows)
        connection.execute(update(audit_head).where(audit_head.c.id == 1)
                           .values(seq=seq, hash=prev))
    return seq


@dataclass(frozen=True, slots=True)
class Verification:
    records: int
    broken: str | None  # the first broken record, described; None when the trail holds

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(connection: Connection) -> Verification:
    """Walk the chain from the start: sequence, links, hashes, head, and decisions on record."""
    prev, expected, count = GENESIS, 1, 0
    decided: dict[int, dict[str, Any]] = {}
    for row in _records(connection):
        if row.seq != expected:
            return Verification(count, f"record {expected} is missing (next is {row.seq})")
        if row.prev_hash != prev:
            return Verification(count, f"record {row.seq} does not follow record {row.seq - 1}")
        if record_hash(prev, row.seq, row.at, row.kind, row.payload) != row.hash:
            return Verification(count, f"record {row.seq} ({row.kind}, {row.at}) was changed")
        if row.kind == "decision":
            payload = json.loads(row.payload)
            decided[int(payload["decision_id"])] = payload
        prev, expected, count = row.hash, expected + 1, count + 1
    head = connection.execute(select(audit_head.c.seq, audit_head.c.hash)).one()
    if (head.seq, head.hash) != (count, prev):
        return Verification(count, f"the trail ends at record {count}, its head says "
                                   f"{head.seq}: records were removed from the end")
    for row in connection.execute(select(decisions).order_by(decisions.c.id)):
        recorded = decided.get(row.id)
        if recorded is None:
            return Verification(count, f"decision {row.id} is not in the audit trail")
        for key in ("decision", "reason", "by", "at", "alert_id"):
            if recorded.get(key) != getattr(row, key):
                return Verification(count, f"decision {row.id}'s {key} differs from the "
                                           "audit trail")
    return Verification(count, None)


def _records(connection: Connection) -> Iterator[Any]:
    last = 0
    while True:
        page = connection.execute(select(audit).where(audit.c.seq > last)
                                  .order_by(audit.c.seq).limit(_PAGE)).all()
        if not page:
            return
        yield from page
        last = page[-1].seq


def trail(connection: Connection, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Every record, oldest first, with its payload parsed."""
    out = []
    for row in _records(connection):
        out.append({"seq": row.seq, "at": row.at, "kind": row.kind,
                    "payload": json.loads(row.payload), "hash": row.hash})
        if limit is not None and len(out) >= limit:
            break
    return out
