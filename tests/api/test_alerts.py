"""Alerts, decisions and the audit trail over HTTP, with the store's semantics."""

from __future__ import annotations

from fastapi.testclient import TestClient

from rightscreen.store import Store
from tests.api.conftest import auth, screened_vendors


def test_the_queue_an_alert_and_its_evidence(client: TestClient, keys: dict[str, str],
                                             store: Store) -> None:
    screened_vendors(client, keys["analyst"])
    queue = client.get("/alerts", params={"status": "new", "limit": 2},
                       headers=auth(keys["analyst"])).json()
    assert queue["total"] == len(store.alerts("new")) and len(queue["alerts"]) == 2
    first = queue["alerts"][0]
    alert = client.get(f"/alerts/{first['id']}", headers=auth(keys["analyst"])).json()
    assert alert["subject"] == first["subject"]
    assert alert["entry"]["id"] == alert["entity_id"]
    assert alert["entry"]["sources"]
    assert client.get("/alerts/99999", headers=auth(keys["analyst"])).status_code == 404
    bad = client.get("/alerts", params={"status": "nope"}, headers=auth(keys["analyst"]))
    assert bad.status_code == 400


def test_a_decision_is_kept_and_on_the_trail(client: TestClient, keys: dict[str, str],
                                             store: Store) -> None:
    screened_vendors(client, keys["analyst"])
    alert_id = store.alerts("new")[0]["id"]
    response = client.post(f"/alerts/{alert_id}/decision", headers=auth(keys["reviewer"]),
                           json={"decision": "match", "reason": "same USCC as the listing"})
    assert response.status_code == 200
    assert response.json()["decisions"][0]["by"] == "reviewer-1"
    decided = next(a for a in store.alerts("decided") if a["id"] == alert_id)
    assert decided["decision"]["reason"] == "same USCC as the listing"
    records = client.get("/audit", headers=auth(keys["analyst"])).json()["records"]
    last = records[-1]
    assert last["kind"] == "decision" and last["payload"]["alert_id"] == alert_id
    assert last["payload"]["reason"] == "same USCC as the listing"
    verified = client.get("/audit/verify", headers=auth(keys["analyst"])).json()
    assert verified == {"ok": True, "records": len(records), "broken": None}
    page = client.get("/audit", params={"limit": 2, "offset": 1},
                      headers=auth(keys["analyst"])).json()["records"]
    assert [r["seq"] for r in page] == [2, 3]


def test_bad_decisions_change_nothing(client: TestClient, keys: dict[str, str],
                                      store: Store) -> None:
    screened_vendors(client, keys["analyst"])
    ids = [a["id"] for a in store.alerts("new")][:2]
    reviewer = auth(keys["reviewer"])
    wrong = client.post(f"/alerts/{ids[0]}/decision", headers=reviewer,
                        json={"decision": "maybe", "reason": "x"})
    assert wrong.status_code == 400 and "match" in wrong.json()["detail"]
    empty = client.post(f"/alerts/{ids[0]}/decision", headers=reviewer,
                        json={"decision": "match", "reason": ""})
    assert empty.status_code == 422
    blank = client.post(f"/alerts/{ids[0]}/decision", headers=reviewer,
                        json={"decision": "match", "reason": "   "})
    assert blank.status_code == 400
    # All or none: one unknown alert in a batch, and nothing is decided.
    batch = client.post("/alerts/decisions", headers=reviewer, json={
        "alert_ids": [*ids, 99999], "decision": "false_positive", "reason": "other firm"})
    assert batch.status_code == 400
    assert "the case store" in batch.json()["detail"] and "sqlite" not in batch.json()["detail"]
    assert store.alerts("decided") == []
    done = client.post("/alerts/decisions", headers=reviewer, json={
        "alert_ids": ids, "decision": "false_positive", "reason": "other firm"})
    assert done.status_code == 200 and len(store.alerts("decided")) == 2


def test_analysts_propose_and_reviewers_decide(client: TestClient, keys: dict[str, str],
                                               store: Store) -> None:
    screened_vendors(client, keys["analyst"])
    alert_id = store.alerts("new")[0]["id"]
    analyst = auth(keys["analyst"])
    refused = client.post(f"/alerts/{alert_id}/decision", headers=analyst,
                          json={"decision": "match", "reason": "same firm"})
    assert refused.status_code == 403
    proposed = client.post(f"/alerts/{alert_id}/proposal", headers=analyst,
                           json={"decision": "false_positive", "reason": "different address"})
    assert proposed.status_code == 200
    assert proposed.json()["proposal"]["by"] == "analyst-1"
    alert = client.get(f"/alerts/{alert_id}", headers=analyst).json()
    assert alert["status"] == "new"
    assert [p["reason"] for p in alert["proposals"]] == ["different address"]
    assert client.get("/audit", headers=analyst).json()["records"][-1]["kind"] == "proposal"
