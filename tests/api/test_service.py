"""The rest of the service: reloading lists, the jobs table, progress, settings documented,
and `serve` refusing options that make no sense."""

from __future__ import annotations

import ast
import inspect
from dataclasses import fields
from pathlib import Path
from typing import Any

import typer
from fastapi.testclient import TestClient
from rich.console import Console
from typer.testing import CliRunner

from rightscreen.api import ApiSettings, create_app, settings
from rightscreen.api.runner import relabel
from rightscreen.cli_serve import register
from rightscreen.errors import UsageError
from rightscreen.store import Store
from rightscreen.store.jobs import create_job, fail_job, finish_job, get_job, set_progress
from tests.api.conftest import auth


def test_admins_reload_the_lists(fixture_snapshot: Any, fixture_screener: Any, store: Store,
                                 keys: dict[str, str], fixtures: Path) -> None:
    app = create_app(snapshot=fixture_snapshot, screener=fixture_screener, store=store,
                     list_paths=[fixtures])
    with TestClient(app) as client:
        assert client.post("/lists/reload", headers=auth(keys["reviewer"])).status_code == 403
        response = client.post("/lists/reload", headers=auth(keys["admin"]))
        assert response.status_code == 200
        body = response.json()
        assert body["changed"] == []
        assert {v["id"] for v in body["lists"]} == {i.id for i in fixture_snapshot.infos}
        assert app.state.rightscreen.screener is not fixture_screener
        hits = client.get("/search/default", params={"q": "Hikvision"},
                          headers=auth(keys["analyst"])).json()["results"]
        assert hits and "Hikvision" in hits[0]["caption"]
    record = store.audit_trail()[-1]
    assert record["kind"] == "list_update" and record["payload"]["by"] == "admin-1"


def test_the_jobs_table(store: Store) -> None:
    job_id = create_job(store, kind="names", input_name="a/../b.csv", created_by="ann")
    assert get_job(store, job_id)["status"] == "queued"  # type: ignore[index]
    set_progress(store, job_id, 1.7)
    running = get_job(store, job_id)
    assert running is not None and (running["status"], running["progress"]) == ("running", 1.0)
    finish_job(store, job_id, result={"rows_screened": 3}, run_id=None)
    done = get_job(store, job_id, with_result=True)
    assert done is not None and done["result"] == {"rows_screened": 3} and done["finished_at"]
    other = create_job(store, kind="names", input_name="x", created_by="ann")
    fail_job(store, other, "no name column")
    failed = get_job(store, other)
    assert failed is not None and failed["status"] == "failed"
    assert failed["message"] == "no name column"
    assert get_job(store, "nope") is None


def test_a_job_reports_progress_as_it_goes(client: TestClient, keys: dict[str, str],
                                           store: Store, app: Any) -> None:
    from rightscreen.api.runner import _tracker

    job_id = create_job(store, kind="names", input_name="x", created_by="ann")
    seen = []
    for number, _ in enumerate(_tracker(app.state.rightscreen, job_id)(range(100))):
        if number in (10, 60, 99):
            found = get_job(store, job_id)
            assert found is not None
            seen.append(found["progress"])
    assert seen[0] < seen[1] < seen[2] < 1.0 and seen[2] >= 0.9


def test_relabel_replaces_server_paths_everywhere() -> None:
    envelope = {"input": "/tmp/u/1/upload", "problems": [{"file": "/tmp/u/1/upload, row 3"}],
                "rows": 3}
    assert relabel(envelope, {"/tmp/u/1/upload": "vendors.csv"}) == {
        "input": "vendors.csv", "problems": [{"file": "vendors.csv, row 3"}], "rows": 3}


def test_every_setting_says_why_and_is_documented() -> None:
    source = inspect.getsource(settings)
    tree = ast.parse(source)
    lines = source.splitlines()
    names = [f.name for f in fields(ApiSettings)]
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            assert lines[node.lineno - 2].strip().startswith("#"), node.target.id
    notes = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    assert [n for n in names if f"`{n}`" not in notes] == []


def test_serve_refuses_nonsense_options() -> None:
    app = typer.Typer()
    register(app, Console(), Console(stderr=True))
    result = CliRunner().invoke(app, ["serve", "--rate-limit", "0"])
    assert isinstance(result.exception, UsageError)
