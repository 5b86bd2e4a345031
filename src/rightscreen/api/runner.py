"""Running an uploaded file through a front-end as a job: the same calls as the command line's
`screen`, `documents` and `portfolio`, on a worker thread, with progress in the store.

An upload is kept as `<upload root>/<job id>/upload`: the uploader's file name is shown in the
result, never used as a path. Names screened in a job become alerts, as `screen --store` does."""

from __future__ import annotations

import logging
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from rightscreen.api.errors import ApiProblem
from rightscreen.api.state import AppState
from rightscreen.errors import RightscreenError, UsageError
from rightscreen.screening.casework import annotate, record_screening
from rightscreen.screening.names import queries_from_table, screen_file
from rightscreen.store.jobs import create_job, fail_job, finish_job, set_progress
from rightscreen.tables import read_table

log = logging.getLogger("rightscreen.api.jobs")
T = TypeVar("T")
_CHUNK = 1024 * 1024
# Progress is written this many times per job at most: a row per write would be a
# transaction per vendor.
_PROGRESS_STEPS = 50
# The front-ends a file can be uploaded for.
KINDS = ("names", "documents", "portfolio", "devices")
_build_lock = threading.Lock()


def save_upload(state: AppState, source: BinaryIO, job_id: str) -> Path:
    """Copy an upload to its job's folder, refusing it past the size limit (413)."""
    folder = state.upload_root / job_id
    folder.mkdir(parents=True)
    path = folder / "upload"
    size = 0
    with path.open("wb") as out:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > state.settings.max_upload_bytes:
                out.close()
                shutil.rmtree(folder, ignore_errors=True)
                raise ApiProblem(413, f"the file is over the upload limit of "
                                      f"{state.settings.max_upload_bytes:,} bytes")
            out.write(chunk)
    if size == 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise ApiProblem(422, "the uploaded file is empty")
    return path


def submit(state: AppState, source: BinaryIO, *, kind: str, display: str, user: str,
           threshold: float | None) -> dict[str, Any]:
    """Save, check and queue an upload; returns the job. A file the front-end's reader
    refuses is refused now, with the reader's message (422), not later as a failed job."""
    if kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}")
    display = " ".join((display or "upload").split())[:200] or "upload"
    staging = uuid.uuid4().hex
    path = save_upload(state, source, staging)
    try:
        _precheck(kind, path)
    except BaseException:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    job_id = create_job(state.store, kind=kind, input_name=display, created_by=user)
    state.executor.submit(run, state, job_id, kind=kind, path=path, display=display,
                          threshold=threshold)
    return {"id": job_id, "kind": kind, "status": "queued", "input_name": display}


def _precheck(kind: str, path: Path) -> None:
    if kind == "names":
        queries_from_table(read_table(path))
    elif kind == "portfolio":
        from rightscreen.holdings import read_holdings

        read_holdings(path)
    elif kind == "devices":
        from rightscreen.devices import read_inventory

        read_inventory(path)


def run(state: AppState, job_id: str, *, kind: str, path: Path, display: str,
        threshold: float | None) -> None:
    """The worker: never raises; a failure is the job's status and message."""
    try:
        set_progress(state.store, job_id, 0.0)
        progress = _tracker(state, job_id)
        envelope, run_id = _RUNNERS[kind](state, path, threshold, progress)
        envelope = relabel(envelope, {str(path): display,
                                      state.store.display: "the case store"})
        finish_job(state.store, job_id, result=envelope, run_id=run_id)
    except RightscreenError as exc:
        _fail(state, job_id, str(exc).replace(str(path), display))
    except Exception:  # noqa: BLE001 - a worker thread must record, not die
        reference = uuid.uuid4().hex[:12]
        log.exception("job %s failed (reference %s)", job_id, reference)
        _fail(state, job_id, f"internal error (reference {reference})")
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def _fail(state: AppState, job_id: str, message: str) -> None:
    try:
        fail_job(state.store, job_id, message)
    except RightscreenError:
        log.exception("job %s: cannot record its failure", job_id)


Progress = Callable[[Iterable[Any]], Iterable[Any]]


def _tracker(state: AppState, job_id: str) -> Progress:
    def track(items: Iterable[T]) -> Iterator[T]:
        listed = list(items)
        step = max(1, len(listed) // _PROGRESS_STEPS)
        for number, item in enumerate(listed):
            if number and number % step == 0:
                set_progress(state.store, job_id, number / len(listed))
            yield item

    return track


def _names(state: AppState, path: Path, threshold: float | None,
           progress: Progress) -> tuple[dict[str, Any], int | None]:
    result = screen_file(path, state.screener, state.snapshot.infos, threshold=threshold,
                         progress=progress)
    run = record_screening(state.store, result, state.screener, input_path=path)
    return annotate(result.to_dict(), run, state.store), run.id


def _documents(state: AppState, path: Path, threshold: float | None,
               progress: Progress) -> tuple[dict[str, Any], int | None]:
    from rightscreen.screening.documents import DocumentScreener

    with _build_lock:  # built once, on first use: its automata take seconds
        screener = state.extras.get("documents")
        if screener is None:
            screener = DocumentScreener.from_snapshot(state.snapshot)
            state.extras["documents"] = screener
    return screener.screen_paths([path], progress=progress).to_dict(), None


def _devices(state: AppState, path: Path, threshold: float | None,
             progress: Progress) -> tuple[dict[str, Any], int | None]:
    from rightscreen.screening.devices import DeviceScreener

    with _build_lock:  # built once: it resolves every known maker against the lists
        screener = state.extras.get("devices")
        if screener is None:
            screener = DeviceScreener(state.screener, state.snapshot.infos)
            state.extras["devices"] = screener
    return screener.screen_paths([path]), None


def _portfolio(state: AppState, path: Path, threshold: float | None,
               progress: Progress) -> tuple[dict[str, Any], int | None]:
    from rightscreen.screening.portfolio import FundFiles, PortfolioScreener

    screener = PortfolioScreener(state.screener, state.snapshot.infos, FundFiles(),
                                 threshold=0.85 if threshold is None else threshold)
    return screener.screen(path), None


_RUNNERS: dict[str, Callable[[AppState, Path, float | None, Progress],
                             tuple[dict[str, Any], int | None]]] = {
    "names": _names, "documents": _documents, "portfolio": _portfolio, "devices": _devices}


def relabel(value: Any, names: dict[str, str]) -> Any:
    """The envelope with server paths replaced by what the client knows them as."""
    if isinstance(value, str):
        for old, new in names.items():
            if old in value:
                value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {k: relabel(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [relabel(v, names) for v in value]
    return value
