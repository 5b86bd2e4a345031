"""Faults a shared store meets: a process killed mid-write, two processes deciding at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import rightscreen
from rightscreen.model import ListInfo
from rightscreen.store import Store
from tests.store.conftest import finding, subject

LISTS = [ListInfo("ofac-sdn", "OFAC SDN", "2024-05-03", "ef" * 32, 1)]
SRC = str(Path(rightscreen.__file__).parents[1])

DECIDER = """
import sys
from rightscreen.store import Store
store = Store.open(sys.argv[1])
ids = [int(i) for i in sys.argv[3].split(",")]
for n in range(int(sys.argv[2])):
    store.decide([ids[n % len(ids)]], decision="false_positive", reason=f"r{n}", by=sys.argv[4])
    print(n, flush=True)
"""


def _alerts(store: Store, count: int) -> list[int]:
    items = [subject(n, f"Vendor {n}", [finding(f"ofac-sdn:{n}", [f"ENTRY {n}"])])
             for n in range(1, count + 1)]
    record = store.record_run(kind="screen", items=items, lists=LISTS, threshold=0.7)
    return sorted(s.id for s in record.states.values())


def _decider(url: str, count: int, ids: list[int], who: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", DECIDER, url, str(count),
                             ",".join(map(str, ids)), who],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": SRC})


def test_a_process_killed_while_deciding_loses_no_returned_decision(store_url: str) -> None:
    store = Store.open(store_url)
    ids = _alerts(store, 50)
    process = _decider(store_url, 10_000, ids, "killed")
    assert process.stdout is not None
    returned = -1
    for line in process.stdout:
        returned = int(line)
        if returned >= 150:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    reopened = Store.open(store_url)
    decisions = [r for r in reopened.audit_trail() if r["kind"] == "decision"]
    assert len(decisions) >= returned + 1  # every decision whose call returned is there
    assert {f"r{n}" for n in range(returned + 1)} <= {d["payload"]["reason"] for d in decisions}
    assert reopened.verify().ok
    store.close()
    reopened.close()


def test_two_processes_deciding_at_once_lose_nothing(store_url: str) -> None:
    store = Store.open(store_url)
    ids = _alerts(store, 120)
    first = _decider(store_url, 60, ids[:60], "ana")
    second = _decider(store_url, 60, ids[60:], "bo")
    for process in (first, second):
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    decided = store.alerts("decided")
    assert sorted(a["id"] for a in decided) == ids
    assert {a["decision"]["by"] for a in decided} == {"ana", "bo"}
    result = store.verify()
    assert result.ok and result.records == 1 + 120 + 120
    store.close()
