"""Users and jobs on both store backends: SQLite, and PostgreSQL where CI starts one."""

from __future__ import annotations

import pytest

from rightscreen.errors import UsageError
from rightscreen.store import Store
from rightscreen.store.jobs import create_job, finish_job, get_job, list_jobs, set_progress
from rightscreen.store.users import add_user, disable_user, list_users, user_for_key
from tests.store.conftest import store_url

__all__ = ["store_url"]


@pytest.fixture()
def backend(store_url: str) -> Store:
    return Store.open(store_url)


def test_users_and_keys(backend: Store) -> None:
    user, key = add_user(backend, "ann", "reviewer")
    found = user_for_key(backend, key)
    assert found is not None and (found.name, found.role) == ("ann", "reviewer")
    with pytest.raises(UsageError):
        add_user(backend, "ann", "admin")
    disable_user(backend, "ann", by="test")
    assert user_for_key(backend, key) is None
    assert [u.disabled_at is not None for u in list_users(backend)] == [True]
    kinds = [r["kind"] for r in backend.audit_trail()]
    assert kinds == ["user", "user"] and backend.verify().ok
    backend.close()


def test_jobs(backend: Store) -> None:
    first = create_job(backend, kind="names", input_name="a.csv", created_by="ann")
    second = create_job(backend, kind="documents", input_name="b.pdf", created_by="ann")
    set_progress(backend, first, 0.25)
    finish_job(backend, second, result={"findings": []}, run_id=None)
    assert {j["id"] for j in list_jobs(backend)} == {first, second}
    assert get_job(backend, first)["progress"] == 0.25  # type: ignore[index]
    assert get_job(backend, second, with_result=True)["result"] == {"findings": []}  # type: ignore[index]
    backend.close()
