from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from rightscreen.errors import StoreError
from rightscreen.store import Store
from rightscreen.store.engine import display_url, store_url


def test_a_new_store_gets_the_current_schema_and_reopens_without_change(store_url: str) -> None:
    first = Store.open(store_url)
    assert first.schema == "0005"
    with first.engine.connect() as db:
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0005"
    first.close()
    again = Store.open(store_url)
    assert again.schema == "0005" and again.verify().ok
    again.close()


def test_a_store_of_a_newer_schema_is_refused(store_url: str) -> None:
    store = Store.open(store_url)
    with store.engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    store.close()
    with pytest.raises(StoreError, match="newer than this rightscreen"):
        Store.open(store_url)


def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"name,country\nHikvision,CN\n" * 200)
    with pytest.raises(StoreError, match="store.sqlite"):
        Store.open(str(path))
    assert path.read_bytes().startswith(b"name,country")  # nothing written over it


def test_a_database_that_is_down_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open("postgresql://nobody:secret@127.0.0.1:9/none")


def test_urls_and_passwords(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert store_url(str(tmp_path / "s.db")) == f"sqlite:///{tmp_path / 's.db'}"
    assert store_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    monkeypatch.setenv("RIGHTSCREEN_STORE", str(tmp_path / "env.db"))
    assert store_url(None).endswith("env.db")
    assert display_url("postgresql+psycopg://u:secret@h:5432/db") == \
        "postgresql+psycopg://u@h:5432/db"


def test_an_older_store_is_upgraded_in_place_keeping_its_records(store_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from rightscreen.store.engine import _script_directory, create_store_engine
    from rightscreen.store.engine import store_url as to_url
    from rightscreen.store.schema import runs

    engine = create_store_engine(to_url(store_url))
    config = Config()
    config.set_main_option("script_location", _script_directory().dir)
    with engine.begin() as connection:  # a store as the first release made it, with a run
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(runs.insert().values(at="2026-01-01T00:00:00Z", kind="screen",
                                                threshold=0.7, tool_version="0.1.0",
                                                lists="[]"))
    engine.dispose()
    store = Store.open(store_url)
    assert store.schema == "0005"
    with store.engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM runs")).scalar_one() == 1
        assert db.execute(text("SELECT count(*) FROM entries")).scalar_one() == 0
    store.close()
