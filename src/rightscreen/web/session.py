"""Web sessions: an analyst signs in with an API key once and gets a session cookie
(HttpOnly, SameSite=Strict); every form carries the session's CSRF token.

Sessions live in memory: restarting the server signs everyone out, and no session secret needs
keeping."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from fastapi import Request

from rightscreen.api.auth import charge, current_user, key_from_header
from rightscreen.api.errors import ApiProblem
from rightscreen.api.state import state_of
from rightscreen.store.users import User, user_by_id

COOKIE = "rightscreen_session"
LOGIN_COOKIE = "rightscreen_login"  # the sign-in form's CSRF token, before there is a session


@dataclass(slots=True)
class Session:
    user_id: int
    csrf: str
    expires: float


class Sessions:
    def __init__(self, minutes: int):
        self.seconds = minutes * 60
        self._by_token: dict[str, Session] = {}
        self._lock = threading.Lock()

    def open(self, user: User) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = time.monotonic()
            for stale in [t for t, s in self._by_token.items() if s.expires < now]:
                del self._by_token[stale]
            self._by_token[token] = Session(user.id, secrets.token_urlsafe(32),
                                            now + self.seconds)
        return token

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self._lock:
            session = self._by_token.get(token)
            if session is None or session.expires < time.monotonic():
                self._by_token.pop(token, None)
                return None
            session.expires = time.monotonic() + self.seconds
            return session

    def close(self, token: str | None) -> None:
        with self._lock:
            self._by_token.pop(token or "", None)


class LoginRequired(ApiProblem):
    """No session: the page sends the browser to the sign-in form."""

    def __init__(self) -> None:
        super().__init__(401, "sign in first", headers={"WWW-Authenticate": "ApiKey"})


def sessions_of(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


def session_of(request: Request) -> Session | None:
    return sessions_of(request).get(request.cookies.get(COOKIE))


def web_user(request: Request) -> User:
    """The signed-in user of a page, or LoginRequired; spends one of its requests."""
    session = session_of(request)
    state = state_of(request)
    user = user_by_id(state.store, session.user_id) if session else None
    if user is None or user.disabled_at is not None:
        raise LoginRequired()
    charge(state, user)
    return user


def signed_in(request: Request) -> User:
    """A page or document that API clients and signed-in browsers may both read."""
    if key_from_header(request.headers.get("authorization")):
        return current_user(request, request.headers.get("authorization"))
    return web_user(request)


def check_csrf(request: Request, token: str) -> None:
    """The form's token must be the session's; a request from another origin is refused
    whatever its token."""
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise ApiProblem(403, "request from another origin")
    session = session_of(request)
    if session is None or not hmac.compare_digest(session.csrf.encode(), token.encode()):
        raise ApiProblem(403, "the form has expired; reload the page")
