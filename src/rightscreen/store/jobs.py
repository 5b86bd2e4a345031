"""Screening jobs uploaded through the API: their progress, and the result they leave.

A job's input name is the uploader's file name, shown to people and never used as a path."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select, update

from rightscreen.store.cases import Store
from rightscreen.store.content import canonical
from rightscreen.store.records import utc_now
from rightscreen.store.schema import jobs

JOB_STATUSES = ("queued", "running", "done", "failed")


def create_job(store: Store, *, kind: str, input_name: str, created_by: str) -> str:
    job_id = str(uuid.uuid4())
    with store._transaction() as connection:
        connection.execute(jobs.insert().values(
            id=job_id, kind=kind, status="queued", progress=0.0, input_name=input_name[:1000],
            created_by=created_by, created_at=utc_now()))
    return job_id


def set_progress(store: Store, job_id: str, progress: float) -> None:
    with store._transaction() as connection:
        connection.execute(update(jobs).where(jobs.c.id == job_id).values(
            status="running", progress=max(0.0, min(progress, 1.0))))


def finish_job(store: Store, job_id: str, *, result: dict[str, Any],
               run_id: int | None) -> None:
    with store._transaction() as connection:
        connection.execute(update(jobs).where(jobs.c.id == job_id).values(
            status="done", progress=1.0, finished_at=utc_now(), run_id=run_id,
            result=canonical(result)))


def fail_job(store: Store, job_id: str, message: str) -> None:
    with store._transaction() as connection:
        connection.execute(update(jobs).where(jobs.c.id == job_id).values(
            status="failed", finished_at=utc_now(), message=message))


def get_job(store: Store, job_id: str, *, with_result: bool = False) -> dict[str, Any] | None:
    with store.engine.connect() as connection:
        row = connection.execute(select(jobs).where(jobs.c.id == job_id)).first()
    if row is None:
        return None
    out = _job_dict(row)
    if with_result:
        out["result"] = json.loads(row.result) if row.result else None
    return out


def list_jobs(store: Store, *, limit: int = 50) -> list[dict[str, Any]]:
    """The latest jobs first, without their results."""
    columns = [c for c in jobs.c if c.name != "result"]
    with store.engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(jobs.c.created_at.desc())
                                  .limit(limit)).all()
    return [_job_dict(r) for r in rows]


def _job_dict(row: Any) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "status": row.status,
            "progress": round(row.progress, 4), "input_name": row.input_name,
            "created_by": row.created_by, "created_at": row.created_at,
            "finished_at": row.finished_at, "run_id": row.run_id, "message": row.message}
