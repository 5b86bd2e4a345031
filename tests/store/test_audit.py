from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from rightscreen.model import ListInfo
from rightscreen.store import Store
from tests.store.conftest import finding, subject

LISTS = [ListInfo("ofac-sdn", "OFAC SDN", "2024-05-03", "cd" * 32, 2)]


def _history(store: Store) -> int:
    record = store.record_run(kind="screen", lists=LISTS, threshold=0.7, items=[
        subject(1, "BNC", [finding("ofac-sdn:306", ["BNC"])]),
        subject(2, "AeroCaribbean", [finding("ofac-sdn:36", ["AEROCARIBBEAN"])])])
    ids = [s.id for s in record.states.values()]
    store.decide(ids[:1], decision="false_positive", reason="another bank", by="ana")
    return len(store.audit_trail())


def test_an_untouched_trail_verifies(store: Store) -> None:
    count = _history(store)
    assert count == 4  # run, two alerts, one decision
    result = store.verify()
    assert result.ok and result.records == count


def test_the_database_refuses_to_change_or_delete_the_trail(store: Store) -> None:
    _history(store)
    for statement in ("UPDATE audit SET kind = 'x' WHERE seq = 2", "DELETE FROM audit"):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as db:
            db.execute(text(statement))
    assert store.verify().ok


def _drop_guards(store: Store) -> None:
    with store.engine.begin() as db:
        if db.dialect.name == "postgresql":
            db.execute(text("DROP TRIGGER audit_append_only ON audit"))
        else:
            db.execute(text("DROP TRIGGER audit_no_update"))
            db.execute(text("DROP TRIGGER audit_no_delete"))


def test_a_changed_record_is_found(store: Store) -> None:
    _history(store)
    _drop_guards(store)
    with store.engine.begin() as db:
        db.execute(text("UPDATE audit SET payload = replace(payload, 'another bank', "
                        "'same bank') WHERE kind = 'decision'"))
    result = store.verify()
    assert not result.ok and result.broken == f"record 4 (decision, {_at(store, 4)}) was changed"


def test_a_removed_record_is_found(store: Store) -> None:
    _history(store)
    _drop_guards(store)
    with store.engine.begin() as db:
        db.execute(text("DELETE FROM audit WHERE seq = 2"))
    assert store.verify().broken == "record 2 is missing (next is 3)"


def test_a_record_removed_from_the_end_is_found(store: Store) -> None:
    _history(store)
    _drop_guards(store)
    with store.engine.begin() as db:
        db.execute(text("DELETE FROM audit WHERE seq = 4"))
    broken = store.verify().broken
    assert broken is not None and "removed from the end" in broken


def test_a_decision_changed_in_its_own_table_is_found(store: Store) -> None:
    _history(store)
    with store.engine.begin() as db:
        db.execute(text("UPDATE decisions SET reason = 'same bank'"))
    assert store.verify().broken == "decision 1's reason differs from the audit trail"


def _at(store: Store, seq: int) -> str:
    with store.engine.connect() as db:
        return str(db.execute(text(f"SELECT at FROM audit WHERE seq = {seq}")).scalar_one())
