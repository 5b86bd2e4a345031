"""Jobs: upload a file for a front-end, watch its progress, fetch its result as JSON or as the
report the command line writes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from rightscreen.api.auth import require
from rightscreen.api.errors import ApiProblem
from rightscreen.api.runner import KINDS, submit
from rightscreen.api.state import AppState, state_of
from rightscreen.reports.tabular import write_report
from rightscreen.store.jobs import get_job, list_jobs
from rightscreen.store.users import User

router = APIRouter(tags=["Jobs"])
Analyst = Annotated[User, Depends(require("analyst"))]
REPORT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "html": "text/html; charset=utf-8"}
# A report is a document to read, not a page of this app: no script may run in it, and its
# own inline styles may apply.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


@router.post("/jobs", status_code=202, summary="Upload a file to screen")
def create(request: Request, user: Analyst,
           file: Annotated[UploadFile, File(description="CSV/TSV/XLSX of names, documents "
                                                        "(PDF, DOCX, XLSX, HTML, text, ZIP), "
                                                        "holdings, or a device inventory")],
           kind: Annotated[str, Form(description=" | ".join(KINDS))] = "names",
           threshold: Annotated[float | None, Form(ge=0, le=1)] = None) -> JSONResponse:
    state = state_of(request)
    job = submit(state, file.file, kind=kind, display=file.filename or "upload",
                 user=user.name, threshold=threshold)
    return JSONResponse(job | {"links": _links(job["id"])}, status_code=202)


@router.get("/jobs", summary="The latest jobs")
def jobs(request: Request, user: Analyst) -> dict[str, Any]:
    return {"jobs": list_jobs(state_of(request).store)}


@router.get("/jobs/{job_id}", summary="A job's status and progress")
def job(request: Request, job_id: str, user: Analyst) -> dict[str, Any]:
    return _job(state_of(request), job_id) | {"links": _links(job_id)}


@router.get("/jobs/{job_id}/result", summary="A finished job's result envelope")
def result(request: Request, job_id: str, user: Analyst) -> dict[str, Any]:
    return finished_result(state_of(request), job_id)


@router.get("/jobs/{job_id}/report.{fmt}", summary="A finished job's report: html, csv, xlsx")
def report(request: Request, job_id: str, fmt: str, user: Analyst) -> Response:
    if fmt not in REPORT_TYPES:
        raise ApiProblem(404, f"reports are {', '.join(REPORT_TYPES)}")
    envelope = finished_result(state_of(request), job_id)
    return Response(render_report(envelope, fmt), media_type=REPORT_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="rightscreen-{job_id}.{fmt}"',
        "Content-Security-Policy": REPORT_CSP})


def render_report(envelope: dict[str, Any], fmt: str) -> bytes:
    """The report `write_report` writes for this format, as bytes."""
    with tempfile.TemporaryDirectory(prefix="rightscreen-report-") as folder:
        target = Path(folder) / f"report.{fmt}"
        write_report(envelope, target)
        return target.read_bytes()


def _job(state: AppState, job_id: str) -> dict[str, Any]:
    found = get_job(state.store, job_id[:64])
    if found is None:
        raise ApiProblem(404, "no such job")
    return found


def finished_result(state: AppState, job_id: str) -> dict[str, Any]:
    found = get_job(state.store, job_id[:64], with_result=True)
    if found is None:
        raise ApiProblem(404, "no such job")
    if found["status"] != "done":
        raise ApiProblem(409, f"the job is {found['status']}"
                              + (f": {found['message']}" if found["message"] else ""))
    envelope: dict[str, Any] = found["result"]
    return envelope


def _links(job_id: str) -> dict[str, str]:
    return {"self": f"/jobs/{job_id}", "result": f"/jobs/{job_id}/result",
            "report": f"/jobs/{job_id}/report.{{html,csv,xlsx,json}}"}
