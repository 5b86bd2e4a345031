"""The pages: sign in, search, upload and watch a job, review alerts one by one and decide,
the audit trail, the lists. Each page calls the same functions as the API and renders a
template; forms are plain HTML with a CSRF token, and a running job's page refreshes itself
(no script at all)."""

from __future__ import annotations

import secrets
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from rightscreen.api.alerts import alert_with_evidence
from rightscreen.api.auth import client_address, user_from_key
from rightscreen.api.errors import ApiProblem
from rightscreen.api.ftm import MATCHABLE
from rightscreen.api.jobs import REPORT_CSP, REPORT_TYPES, finished_result, render_report
from rightscreen.api.match import scored_results, screen_hits
from rightscreen.api.runner import KINDS, submit
from rightscreen.api.state import state_of
from rightscreen.matching.screener import Query as ScreenQuery
from rightscreen.store import DECISIONS, STATUSES
from rightscreen.store.jobs import get_job, list_jobs
from rightscreen.store.users import User
from rightscreen.web.session import (
    COOKIE,
    LOGIN_COOKIE,
    Sessions,
    check_csrf,
    session_of,
    sessions_of,
    signed_in,
    web_user,
)

__all__ = ["error_page", "install", "page", "signed_in"]

_HERE = resources.files("rightscreen.web")
templates = Jinja2Templates(directory=str(_HERE.joinpath("templates")))
router = APIRouter(prefix="/ui", include_in_schema=False)
Viewer = Annotated[User, Depends(web_user)]
# Alerts still waiting for a reviewer, in the order the queue shows them.
OPEN = ("new", "open", "reopened")


def install(app: FastAPI) -> None:
    app.state.sessions = Sessions(state_of_app(app).settings.session_minutes)
    app.mount("/static", StaticFiles(directory=str(_HERE.joinpath("static"))), name="static")
    app.include_router(router)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui", status_code=303)


def state_of_app(app: FastAPI) -> Any:
    return app.state.rightscreen


def page(request: Request, template: str, context: dict[str, Any],
         status: int = 200) -> HTMLResponse:
    session = session_of(request)
    context = {"csrf": session.csrf if session else "", "decisions": DECISIONS} | context
    return templates.TemplateResponse(request, template, context, status_code=status)


def error_page(request: Request, status: int, detail: str) -> Response | None:
    """Errors on pages as pages (401: to the sign-in form); None for the API's routes."""
    path = request.url.path
    if not (path.startswith("/ui") or path in ("/", "/docs")):
        return None
    if status == 401 and path != "/ui/login":
        return RedirectResponse("/ui/login", status_code=303)
    return page(request, "error.html", {"status": status, "detail": detail, "user": None},
                status)


@router.get("/login")
def login_form(request: Request, error: str | None = None) -> Response:
    token = secrets.token_urlsafe(24)
    response = page(request, "login.html", {"login_csrf": token, "error": error,
                                            "user": None})
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=state_of(request).settings.secure_cookies, path="/ui/login")
    return response


@router.post("/login")
def login(request: Request, key: Annotated[str, Form(max_length=200)],
          csrf: Annotated[str, Form(max_length=100)]) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf):
        raise ApiProblem(403, "the sign-in form has expired; reload it")
    state = state_of(request)
    try:
        user = user_from_key(state, key.strip(), client_address(request))
    except ApiProblem as problem:
        return page(request, "login.html", {"login_csrf": expected, "user": None,
                                            "error": problem.detail}, problem.status)
    response = RedirectResponse("/ui", status_code=303)
    response.set_cookie(COOKIE, sessions_of(request).open(user), httponly=True,
                        samesite="strict", secure=state.settings.secure_cookies, path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/ui/login")
    return response


@router.post("/logout")
def logout(request: Request, user: Viewer, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(request, csrf)
    sessions_of(request).close(request.cookies.get(COOKIE))
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("")
def home(request: Request, user: Viewer) -> Response:
    state = state_of(request)
    counts = state.store.status_counts()
    return page(request, "home.html", {"user": user, "jobs": list_jobs(state.store, limit=10),
                                       "counts": counts, "kinds": KINDS,
                                       "lists": state.snapshot.infos})


@router.get("/search")
def search(request: Request, user: Viewer,
           q: Annotated[str, Query(max_length=1000)] = "") -> Response:
    state = state_of(request)
    name = " ".join(q.split())
    results: list[dict[str, Any]] = []
    if name:
        hits = screen_hits(state, [ScreenQuery(name)], schema="Thing", dataset=None,
                       cutoff=state.screener.threshold)
        results = scored_results(state, hits[:10], threshold=state.screener.threshold)
    return page(request, "search.html", {"user": user, "q": name, "results": results,
                                         "schemas": MATCHABLE})


@router.post("/upload")
def upload(request: Request, user: Viewer, file: Annotated[UploadFile, File()],
           csrf: Annotated[str, Form()], kind: Annotated[str, Form()] = "names") -> Response:
    check_csrf(request, csrf)
    job = submit(state_of(request), file.file, kind=kind, display=file.filename or "upload",
                 user=user.name, threshold=None)
    return RedirectResponse(f"/ui/jobs/{job['id']}", status_code=303)


@router.get("/jobs/{job_id}")
def job(request: Request, job_id: str, user: Viewer) -> Response:
    state = state_of(request)
    found = get_job(state.store, job_id[:64], with_result=True)
    if found is None:
        raise ApiProblem(404, "no such job")
    return page(request, "job.html", {"user": user, "job": found,
                                      "formats": list(REPORT_TYPES)})


@router.get("/jobs/{job_id}/report.{fmt}")
def job_report(request: Request, job_id: str, fmt: str, user: Viewer) -> Response:
    if fmt not in REPORT_TYPES:
        raise ApiProblem(404, "no such report format")
    body = render_report(finished_result(state_of(request), job_id), fmt)
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(body, media_type=REPORT_TYPES[fmt], headers={
        "Content-Disposition": f'{disposition}; filename="rightscreen-{job_id[:64]}.{fmt}"',
        "Content-Security-Policy": REPORT_CSP})


@router.get("/alerts")
def alerts(request: Request, user: Viewer, status: str = "open-queue") -> Response:
    store = state_of(request).store
    rows = store.alerts("all")
    if status == "open-queue":
        rows = [a for a in rows if a["status"] in OPEN]
    elif status != "all":
        rows = store.alerts(status)
    return page(request, "alerts.html", {"user": user, "alerts": rows[:500], "total": len(rows),
                                         "status": status, "statuses": STATUSES})


@router.get("/alerts/{alert_id}")
def alert(request: Request, alert_id: int, user: Viewer, decided: int | None = None) -> Response:
    state = state_of(request)
    found = alert_with_evidence(state, alert_id)
    subject = dict(state.store.subjects()).get(found["subject_key"], {})
    return page(request, "alert.html", {"user": user, "alert": found, "subject": subject,
                                        "decided": decided,
                                        "may_decide": user.may("reviewer")})


@router.post("/alerts/{alert_id}/decide")
def decide(request: Request, alert_id: int, user: Viewer, csrf: Annotated[str, Form()],
           decision: Annotated[str, Form()],
           reason: Annotated[str, Form(max_length=10_000)]) -> Response:
    check_csrf(request, csrf)
    if not user.may("reviewer"):
        raise ApiProblem(403, "deciding alerts needs the reviewer role")
    state = state_of(request)
    alert_with_evidence(state, alert_id)
    state.store.decide([alert_id], decision=decision, reason=reason, by=user.name)
    following = state.store.next_alert(OPEN, after=alert_id)
    target = f"/ui/alerts/{following}" if following is not None else "/ui/alerts"
    return RedirectResponse(f"{target}?decided={alert_id}", status_code=303)


@router.post("/alerts/{alert_id}/propose")
def propose(request: Request, alert_id: int, user: Viewer, csrf: Annotated[str, Form()],
            decision: Annotated[str, Form()],
            reason: Annotated[str, Form(max_length=10_000)]) -> Response:
    check_csrf(request, csrf)
    state = state_of(request)
    alert_with_evidence(state, alert_id)
    state.store.propose(alert_id, decision=decision, reason=reason, by=user.name)
    return RedirectResponse(f"/ui/alerts/{alert_id}", status_code=303)


@router.get("/audit")
def audit(request: Request, user: Viewer) -> Response:
    store = state_of(request).store
    records = store.audit_trail()
    return page(request, "audit.html", {"user": user, "records": list(reversed(records))[:500],
                                        "total": len(records), "verification": store.verify()})


@router.get("/lists")
def lists(request: Request, user: Viewer) -> Response:
    return page(request, "lists.html", {"user": user, "lists": state_of(request).snapshot.infos})
