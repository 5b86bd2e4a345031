"""Errors to HTTP answers, in one place: each `RightscreenError` class has its status, as it
has its exit code on the command line. Clients get a message, never a traceback, a server path
or a database URL; the server's log keeps the detail under a reference."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rightscreen.errors import (
    FileRefused,
    InputError,
    RightscreenError,
    SnapshotError,
    StoreError,
    UsageError,
)

log = logging.getLogger("rightscreen.api")

# Most specific first. FileRefused (a file over a limit, a bomb, an executable named .csv) is
# the client's file that we will not read: 422 like any unreadable input; 413 is kept for a
# request body over the upload limit, refused before it is read.
STATUS_BY_ERROR: tuple[tuple[type[RightscreenError], int], ...] = (
    (FileRefused, 422),
    (InputError, 422),
    (UsageError, 400),
    (StoreError, 503),
    (SnapshotError, 503),
)


def status_for(error: RightscreenError) -> int:
    for kind, status in STATUS_BY_ERROR:
        if isinstance(error, kind):
            return status
    return 500


class ApiProblem(Exception):
    """An answer of our own with a status: unknown dataset, wrong role, too many queries."""

    def __init__(self, status: int, detail: str, *, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers


class Scrubber:
    """Takes out of client messages what is the server's own business: where uploads are kept
    and which database the store is."""

    def __init__(self, *, upload_root: str, store_display: str):
        self._upload = re.compile(re.escape(upload_root) + r"/[0-9a-f-]+/upload\w*")
        self._store = store_display

    def __call__(self, message: str) -> str:
        message = self._upload.sub("the uploaded file", message)
        return message.replace(self._store, "the case store")


def install(app: FastAPI, scrub: Callable[[str], str],
            html: Callable[[Request, int, str], Response | None] | None = None) -> None:
    """Register the handlers. `html` may render an error as a page for the web UI (returns
    None for API requests)."""

    def answer(request: Request, status: int, body: dict[str, Any],
               headers: dict[str, str] | None = None) -> Response:
        if html is not None:
            page = html(request, status, str(body.get("detail", "")))
            if page is not None:
                return page
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RightscreenError)
    async def rightscreen_error(request: Request, exc: RightscreenError) -> Response:
        status = status_for(exc)
        if status >= 500:
            reference = uuid.uuid4().hex[:12]
            log.error("%s (reference %s): %s", type(exc).__name__, reference, exc)
            detail = ("the case store is unavailable" if isinstance(exc, StoreError)
                      else "the lists are unavailable") + f" (reference {reference})"
        else:
            detail = scrub(str(exc))
        return answer(request, status, {"detail": detail, "error": type(exc).__name__})

    @app.exception_handler(ApiProblem)
    async def api_problem(request: Request, exc: ApiProblem) -> Response:
        return answer(request, exc.status, {"detail": exc.detail}, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return answer(request, 400, {"detail": "malformed JSON body"})
        # The offending input is not echoed: it may be large, or a secret pasted by mistake.
        detail = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))}
                  for e in errors[:20]]
        return answer(request, 422, {"detail": detail})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc.status_code, {"detail": exc.detail},
                      dict(exc.headers) if exc.headers else None)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        reference = uuid.uuid4().hex[:12]
        log.exception("internal error (reference %s) on %s %s", reference, request.method,
                      request.url.path)
        return answer(request, 500, {"detail": f"internal error (reference {reference})"})
