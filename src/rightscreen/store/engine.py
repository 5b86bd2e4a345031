"""Opening a store: where it is, how SQLite is set up, and bringing its schema up to date.

SQLite (a file) is the default; PostgreSQL serves teams. SQLite runs in WAL mode with a busy
timeout and `BEGIN IMMEDIATE` transactions, so that two processes can screen and decide at
once: the second waits for the first instead of failing. `synchronous=FULL` makes every
committed decision survive the process being killed right after the command returns.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from rightscreen.errors import StoreError
from rightscreen.userdirs import user_data_dir

STORE_ENV = "RIGHTSCREEN_STORE"
BUSY_TIMEOUT_MS = 60_000


def default_store_path() -> Path:
    """`$XDG_DATA_HOME/rightscreen/store.sqlite` (`~/.local/share/...` by default)."""
    return user_data_dir() / "store.sqlite"


def store_url(store: str | None) -> str:
    """A database URL from `--store` (a path or a URL), `RIGHTSCREEN_STORE`, or the default."""
    value = store or os.environ.get(STORE_ENV) or str(default_store_path())
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def display_url(url: str) -> str:
    """The URL without its password, for messages and outputs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url


def create_store_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000,
                                              "isolation_level": None})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        # Take the write lock at the start: a read-then-write transaction that upgrades later
        # can deadlock with another one; waiting at BEGIN cannot.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _script_directory() -> ScriptDirectory:
    location = str(resources.files("rightscreen.store").joinpath("migrations"))
    return ScriptDirectory(location)


def upgrade_schema(engine: Engine, *, display: str) -> str:
    """Create or upgrade the schema to this version's head; refuse a newer one. Returns the
    schema revision."""
    script = _script_directory()
    head = script.get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as exc:
        raise StoreError(f"{display}: cannot open the store: {exc.orig}") from exc
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise StoreError(f"{display}: the store's schema ({current}) is newer than this "
                         f"rightscreen knows ({head}); upgrade rightscreen")
    if current == head:
        return str(head)
    config = Config()
    config.set_main_option("script_location", script.dir)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"{display}: schema upgrade failed, nothing changed: {exc}") from exc
    return str(head)
