"""The store's tables: subjects, runs, alerts, decisions and the audit trail.

One schema for SQLite and PostgreSQL (SQLAlchemy Core); Alembic migrations in `migrations/`
create and upgrade it. JSON columns hold canonical JSON text, so that a fingerprint computed
today is computed the same way when an examiner checks it a year later.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# Values per IN (...) clause: under SQLite's limit on bound variables.
IN_CHUNK = 500
T = TypeVar("T")


def chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """`values` in slices small enough for one IN (...) clause."""
    for start in range(0, len(values), IN_CHUNK):
        yield values[start:start + IN_CHUNK]

# A screened party: the input's id where there is one, its name and evidence otherwise.
subjects = Table(
    "subjects", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(512), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("attributes", Text, nullable=False),  # canonical JSON of the subject's fields
    Column("fingerprint", String(64), nullable=False),
    Column("first_run", Integer, ForeignKey("runs.id"), nullable=False),
    Column("last_run", Integer, ForeignKey("runs.id"), nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),  # UTC, ISO 8601
    Column("kind", String(16), nullable=False),  # screen, check, monitor
    Column("input", Text),
    Column("input_sha256", String(64)),
    Column("threshold", Float, nullable=False),
    Column("tool_version", String(32), nullable=False),
    Column("lists", Text, nullable=False),  # canonical JSON: [{id, date, sha256, entities}]
    Column("counts", Text),  # canonical JSON: alerts by status
)

# A subject x list entry pair above the threshold. `status` is the state of its review:
# new (never seen before this run), open (seen again, undecided), decided, reopened
# (decided, but the entry or the subject changed since), delisted (the entry left the lists).
alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True),
    Column("subject_id", Integer, ForeignKey("subjects.id"), nullable=False),
    Column("entity_id", String(256), nullable=False),
    Column("entity_name", Text, nullable=False),
    Column("lists", Text, nullable=False),  # canonical JSON list of list ids
    Column("status", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("explanation", Text, nullable=False),  # canonical JSON
    Column("entry_content", Text, nullable=False),  # canonical JSON: what the fingerprint covers
    Column("entry_fingerprint", String(64), nullable=False),
    Column("subject_fingerprint", String(64), nullable=False),
    Column("change", Text),  # what changed since the decision, when reopened
    Column("decision_id", Integer, ForeignKey("decisions.id", use_alter=True)),
    Column("first_run", Integer, ForeignKey("runs.id"), nullable=False),
    Column("last_run", Integer, ForeignKey("runs.id"), nullable=False),
    UniqueConstraint("subject_id", "entity_id", name="uq_alert_pair"),
    Index("ix_alerts_status", "status"),
)

# A reviewer's decision on an alert, for the content both fingerprints stood for.
decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id"), nullable=False),
    Column("decision", String(16), nullable=False),  # match, false_positive, escalate
    Column("reason", Text, nullable=False),
    Column("by", String(256), nullable=False),
    Column("at", String(32), nullable=False),
    Column("entry_fingerprint", String(64), nullable=False),
    Column("subject_fingerprint", String(64), nullable=False),
    Column("entry_content", Text, nullable=False),
    Column("subject_attributes", Text, nullable=False),
    Index("ix_decisions_alert", "alert_id"),
)

# Append-only: each record carries the hash of the one before it (a hash chain).
audit = Table(
    "audit", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# One row: the chain's head. Every writer updates it inside its transaction, so that two
# processes appending at once are serialised by the database, not by luck.
audit_head = Table(
    "audit_head", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

# What each list entry said when the subjects were last screened against it: monitoring
# re-screens only the subjects an entry that changed since could concern.
entries = Table(
    "entries", metadata,
    Column("entity_id", String(256), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("run_id", Integer, nullable=False),
    Column("names", Text),  # canonical JSON: the entry's names as the list gives them
)

# People and systems that call the HTTP API. A key is shown once, when made; only its
# scrypt hash is kept, found by its first characters (`key_prefix`, not secret on its own).
users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(256), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # analyst, reviewer, admin
    Column("key_prefix", String(16), nullable=False, index=True),
    Column("key_hash", String(256), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("disabled_at", String(32)),
)

# Files uploaded for screening through the API: progress, and where the result is kept.
jobs = Table(
    "jobs", metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(16), nullable=False),  # names, documents, portfolio, devices
    Column("status", String(16), nullable=False),  # queued, running, done, failed
    Column("progress", Float, nullable=False),  # 0..1
    Column("input_name", Text, nullable=False),  # as uploaded: shown, never used as a path
    Column("created_by", String(256), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("run_id", Integer),
    Column("message", Text),
    Column("result", Text),  # the result envelope, JSON
)

# An analyst's proposed decision, for a reviewer to take or leave; on the audit trail too.
proposals = Table(
    "proposals", metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id"), nullable=False, index=True),
    Column("decision", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("by", String(256), nullable=False),
    Column("at", String(32), nullable=False),
)
