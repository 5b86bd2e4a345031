"""Who is calling: an API key in `Authorization: ApiKey KEY` (or `Bearer KEY`), its user's
role, and how many requests the key has left this minute.

401 when there is no valid key, 403 when the key's role may not do this, 429 when the key (or a
client address trying wrong keys) has run out. Keys are never logged: the cache of verified keys
is indexed by their SHA-256."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from rightscreen.api.errors import ApiProblem
from rightscreen.store.users import ROLES, User, user_by_id, user_for_key

if TYPE_CHECKING:
    from rightscreen.api.state import AppState

_SCHEMES = ("apikey", "bearer")
# Declared so that the OpenAPI document (and Swagger UI's Authorize button) shows the scheme.
_HEADER = APIKeyHeader(name="Authorization", auto_error=False,
                       description="`ApiKey KEY` or `Bearer KEY`")


class RateLimiter:
    """A token bucket per name: `per_minute` requests at once, refilled evenly over a minute."""

    def __init__(self, per_minute: int):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, name: str) -> float:
        """0 when a request may go now, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            if len(self._buckets) > 50_000:
                # Many addresses trying keys: forget buckets untouched for a minute, which
                # are full again anyway, so that memory stays bounded.
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
            tokens, last = self._buckets.get(name, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[name] = (tokens - 1.0, now)
                return 0.0
            self._buckets[name] = (tokens, now)
            return (1.0 - tokens) / self.rate if self.rate else 60.0

    def peek(self, name: str) -> bool:
        """Whether `name` has a request left, without spending one."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(name, (self.capacity, now))
        return min(self.capacity, tokens + (now - last) * self.rate) >= 1.0


class KeyCache:
    """Verified keys for a short while, by the SHA-256 of the key."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._seen: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> int | None:
        with self._lock:
            found = self._seen.get(digest)
            if found is None or found[1] < time.monotonic():
                self._seen.pop(digest, None)
                return None
            return found[0]

    def put(self, digest: str, user_id: int) -> None:
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen.clear()  # a bound, not an eviction policy: a miss costs one scrypt
            self._seen[digest] = (user_id, time.monotonic() + self.seconds)

    def forget_user(self, user_id: int) -> None:
        with self._lock:
            for digest in [d for d, (u, _) in self._seen.items() if u == user_id]:
                del self._seen[digest]


def key_from_header(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, key = value.strip().partition(" ")
    if scheme.lower() not in _SCHEMES or not key.strip():
        return None
    return key.strip()


def user_from_key(state: AppState, key: str, client: str) -> User:
    """The key's user, or 401 (429 for an address that keeps trying wrong keys)."""
    if not state.failures.peek(client):
        raise ApiProblem(429, "too many failed sign-ins; wait a minute",
                         headers={"Retry-After": "60"})
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    user_id = state.keys.get(digest)
    user = user_by_id(state.store, user_id) if user_id is not None else None
    if user is None or user.disabled_at is not None:
        user = user_for_key(state.store, key)
        if user is None:
            state.failures.take(client)
            raise ApiProblem(401, "a valid API key is needed",
                             headers={"WWW-Authenticate": "ApiKey"})
        state.keys.put(digest, user.id)
    return user


def charge(state: AppState, user: User) -> None:
    """Spend one of the user's requests this minute, or answer 429."""
    wait = state.limiter.take(f"user:{user.id}")
    if wait:
        raise ApiProblem(429, "rate limit reached for this key",
                         headers={"Retry-After": str(math.ceil(wait))})


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_user(request: Request,
                 authorization: Annotated[str | None, Security(_HEADER)] = None) -> User:
    from rightscreen.api.state import state_of

    state = state_of(request)
    key = key_from_header(authorization)
    if key is None:
        raise ApiProblem(401, "send an API key: Authorization: ApiKey KEY",
                         headers={"WWW-Authenticate": "ApiKey"})
    user = user_from_key(state, key, client_address(request))
    charge(state, user)
    return user


def require(role: str) -> Callable[..., User]:
    """A dependency: the calling user, who must hold `role` or one above it."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role}")

    def dependency(user: Annotated[User, Depends(current_user)]) -> User:
        if not user.may(role):
            raise ApiProblem(403, f"this needs the {role} role; {user.name} is {user.role}")
        return user

    return dependency
