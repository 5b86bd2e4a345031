"""People and systems that call the HTTP API, and their keys.

A key is 32 random bytes shown once, when it is made. Only its scrypt hash is kept, salted,
found by the key's first characters (`key_prefix`), so that a stolen database yields no key and
a wrong key costs one hash at most. Adding and disabling users goes on the audit trail (the
name and role, never the key)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from rightscreen.errors import StoreError, UsageError
from rightscreen.store import audit
from rightscreen.store.cases import Store
from rightscreen.store.records import utc_now
from rightscreen.store.schema import users

# Each role may do what the roles before it may: analysts screen and read, reviewers also
# decide alerts, admins also manage users.
ROLES = ("analyst", "reviewer", "admin")
KEY_MARK = "rsk_"  # tells a rightscreen key apart in a config file or a secret scanner
PREFIX_CHARS = len(KEY_MARK) + 8  # 48 bits after the mark: prefixes rarely collide
# scrypt at n=2**14, r=8 takes 16 MiB and tens of milliseconds: cheap once per key (the API
# caches a verified key for a short while), costly for anyone trying keys against a copy.
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str
    created_at: str
    disabled_at: str | None = None

    def may(self, role: str) -> bool:
        """Whether this user holds `role` or one above it."""
        return ROLES.index(self.role) >= ROLES.index(role)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "created_at": self.created_at,
                "disabled_at": self.disabled_at}


def hash_key(key: str, *, salt: bytes | None = None) -> str:
    """`scrypt$n$r$p$salt$hash`, base64 parts: the parameters travel with the hash."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(key.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def check_key(key: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        found = hashlib.scrypt(key.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                               r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


def add_user(store: Store, name: str, role: str) -> tuple[User, str]:
    """A new user and its key; the key is not kept anywhere and cannot be shown again."""
    name = " ".join(name.split())
    if not name or len(name) > 256:
        raise UsageError("a user needs a name of 1 to 256 characters")
    if role not in ROLES:
        raise UsageError(f"role must be one of {', '.join(ROLES)}")
    key = KEY_MARK + secrets.token_urlsafe(32)
    at = utc_now()
    try:
        with store._transaction() as connection:
            user_id = connection.execute(users.insert().values(
                name=name, role=role, key_prefix=key[:PREFIX_CHARS], key_hash=hash_key(key),
                created_at=at)).inserted_primary_key[0]
            audit.append(connection, at, [("user", {"action": "added", "name": name,
                                                    "role": role})])
    except StoreError as exc:
        if isinstance(exc.__cause__, IntegrityError):
            raise UsageError(f"there is already a user named {name!r}") from exc
        raise
    return User(int(user_id), name, role, at), key


def user_for_key(store: Store, key: str) -> User | None:
    """The enabled user holding this key, or None."""
    if not key.startswith(KEY_MARK) or len(key) < PREFIX_CHARS + 8 or len(key) > 128:
        return None  # not one of ours: no database work, no hash
    with store.engine.connect() as connection:
        rows = connection.execute(select(users).where(
            users.c.key_prefix == key[:PREFIX_CHARS], users.c.disabled_at.is_(None))).all()
    for row in rows:
        if check_key(key, row.key_hash):
            return _user(row)
    return None


def user_by_id(store: Store, user_id: int) -> User | None:
    with store.engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.id == user_id)).first()
    return _user(row) if row is not None else None


def list_users(store: Store) -> list[User]:
    with store.engine.connect() as connection:
        return [_user(r) for r in connection.execute(select(users).order_by(users.c.id))]


def disable_user(store: Store, name: str, *, by: str) -> User:
    """Disable a user: its key stops working; the user stays, for the trail's sake."""
    at = utc_now()
    with store._transaction() as connection:
        row = connection.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            raise UsageError(f"no user named {name!r}")
        if row.disabled_at is None:
            connection.execute(update(users).where(users.c.id == row.id)
                               .values(disabled_at=at))
            audit.append(connection, at, [("user", {"action": "disabled", "name": name,
                                                    "by": by})])
    return User(row.id, row.name, row.role, row.created_at, row.disabled_at or at)


def _user(row: Any) -> User:
    return User(int(row.id), row.name, row.role, row.created_at, row.disabled_at)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
