from __future__ import annotations

import pytest

from rightscreen.errors import UsageError
from rightscreen.model import ListInfo
from rightscreen.store import Store
from tests.store.conftest import finding, subject

LISTS = [ListInfo("ofac-sdn", "OFAC SDN", "2024-05-03", "ab" * 32, 2)]


def run(store: Store, items: list) -> dict:  # type: ignore[type-arg]
    record = store.record_run(kind="screen", items=items, lists=LISTS, threshold=0.7,
                              input_name="vendors.csv")
    return {"record": record, "counts": record.counts,
            "states": {key: state.status for key, state in record.states.items()}}


def test_same_input_twice_makes_no_new_alerts(store: Store) -> None:
    items = [subject(1, "Banco Nacional de Cuba", [finding("ofac-sdn:306", ["BNC"])]),
             subject(2, "Northwind Traders", [])]
    first = run(store, items)
    assert first["counts"]["new"] == 1 and first["states"] == {(1, "ofac-sdn:306"): "new"}
    second = run(store, items)
    assert second["counts"]["new"] == 0 and second["states"] == {(1, "ofac-sdn:306"): "open"}
    assert len(store.alerts("all")) == 1


def test_decision_holds_until_the_entry_changes_then_reopens_naming_the_change(
        store: Store) -> None:
    items = [subject(1, "Banco Nacional de Cuba", [finding("ofac-sdn:306", ["BNC"])])]
    alert_id = run(store, items)["record"].states[(1, "ofac-sdn:306")].id
    store.decide([alert_id], decision="false_positive", reason="different bank", by="ana")
    decided = run(store, items)["record"].states[(1, "ofac-sdn:306")]
    assert decided.status == "decided"
    assert decided.decision is not None and decided.decision["by"] == "ana"
    assert decided.decision["reason"] == "different bank"
    changed = [subject(1, "Banco Nacional de Cuba",
                       [finding("ofac-sdn:306", ["BNC", "Banco Nacional"])])]
    reopened = run(store, changed)["record"].states[(1, "ofac-sdn:306")]
    assert reopened.status == "reopened"
    assert reopened.change == ["entry names added: Banco Nacional"]
    assert store.alerts("reopened")[0]["id"] == alert_id
    kinds = [r["kind"] for r in store.audit_trail()]
    assert kinds.count("reopen") == 1 and kinds.count("decision") == 1
    run(store, changed)  # seen again unchanged: still reopened, not reopened twice
    assert [r["kind"] for r in store.audit_trail()].count("reopen") == 1


def test_subject_change_reopens_when_keyed_by_input_id(store: Store) -> None:
    first = [subject(1, "Banco Nacional", [finding("ofac-sdn:306", ["BNC"])], id="V-17")]
    alert_id = run(store, first)["record"].states[(1, "ofac-sdn:306")].id
    store.decide([alert_id], decision="match", reason="same bank", by="bo")
    renamed = [subject(1, "Banco Nacional de Cuba", [finding("ofac-sdn:306", ["BNC"])],
                       id="V-17")]
    state = run(store, renamed)["record"].states[(1, "ofac-sdn:306")]
    assert state.status == "reopened" and state.id == alert_id
    assert state.change == ["subject name changed: 'Banco Nacional' → 'Banco Nacional de Cuba'"]


def test_a_subject_repeated_in_one_input_shares_its_alert(store: Store) -> None:
    hit = finding("ofac-sdn:306", ["BNC"])
    result = run(store, [subject(1, "BNC", [hit]), subject(2, "bnc", [hit])])
    states = result["record"].states
    assert states[(1, "ofac-sdn:306")].id == states[(2, "ofac-sdn:306")].id
    assert len(store.alerts("all")) == 1


def test_decide_refuses_unknown_alerts_and_writes_nothing(store: Store) -> None:
    alert_id = run(store, [subject(1, "BNC", [finding("ofac-sdn:306", ["BNC"])])])[
        "record"].states[(1, "ofac-sdn:306")].id
    with pytest.raises(UsageError, match="no alert 999"):
        store.decide([alert_id, 999], decision="match", reason="r", by="x")
    assert store.alerts("decided") == []
    with pytest.raises(UsageError, match="decision must be"):
        store.decide([alert_id], decision="maybe", reason="r", by="x")
    with pytest.raises(UsageError, match="reason"):
        store.decide([alert_id], decision="match", reason=" ", by="x")


def test_delisted_entries_are_marked_and_audited(store: Store) -> None:
    record = run(store, [subject(1, "BNC", [finding("ofac-sdn:306", ["BNC"])]),
                         subject(2, "Other", [finding("ofac-sdn:36", ["AEROCARIBBEAN"])])])[
        "record"]
    gone = store.mark_delisted({"ofac-sdn:36"}, run_id=record.id)
    assert [g.status for g in gone] == ["delisted"]
    assert [a["entity_id"] for a in store.alerts("delisted")] == ["ofac-sdn:306"]
    assert store.verify().ok


def test_run_records_list_versions_and_counts(store: Store) -> None:
    run(store, [subject(1, "BNC", [finding("ofac-sdn:306", ["BNC"])])])
    record = store.audit_trail()[0]
    assert record["kind"] == "run"
    assert record["payload"]["lists"][0] == {"id": "ofac-sdn", "date": "2024-05-03",
                                             "sha256": "ab" * 32, "entities": 2}
    assert record["payload"]["counts"]["new"] == 1


def test_one_alert_counts_and_the_next_in_the_queue(store: Store) -> None:
    items = [subject(n, f"Vendor {n}", [finding(f"ofac-sdn:{n}", [f"ENTRY {n}"])])
             for n in range(1, 5)]
    ids = sorted(s.id for s in run(store, items)["record"].states.values())
    store.decide([ids[1]], decision="match", reason="same firm", by="ana")
    one = store.alert(ids[1])
    assert one is not None and one["status"] == "decided"
    assert one["decision"]["reason"] == "same firm" and one["subject"] == "Vendor 2"
    assert store.alert(99_999) is None
    assert store.status_counts() == {"new": 3, "open": 0, "decided": 1, "reopened": 0,
                                     "delisted": 0}
    assert store.next_alert(["new"], after=ids[0]) == ids[2]
    assert store.next_alert(["new"], after=ids[3]) == ids[0]  # wraps to the start
    assert store.next_alert(["reopened"]) is None


def test_an_analyst_proposes_and_a_reviewer_decides(store: Store) -> None:
    alert_id = run(store, [subject(1, "BNC", [finding("ofac-sdn:306", ["BNC"])])])[
        "record"].states[(1, "ofac-sdn:306")].id
    proposal = store.propose(alert_id, decision="false_positive", reason="other bank", by="al")
    assert store.proposals(alert_id) == [{k: proposal[k] for k in ("decision", "reason", "by",
                                                                   "at")} | {"id": 1}]
    assert store.alert(alert_id)["status"] == "new"  # type: ignore[index]  # not decided yet
    with pytest.raises(UsageError, match="no alert 404"):
        store.propose(404, decision="match", reason="r", by="al")
    assert [r["kind"] for r in store.audit_trail()][-1] == "proposal"
    assert store.verify().ok
