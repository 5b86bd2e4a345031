"""Jobs: an upload screened by the same front-ends as the command line, with progress, a
result, its reports, and alerts in the store; bad and oversized files refused."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from rightscreen.store import Store
from tests.api.conftest import EXAMPLES, auth, make_app, screened_vendors, upload, wait_for_job


def test_a_names_job_screens_records_and_reports(client: TestClient, keys: dict[str, str],
                                                 store: Store) -> None:
    job = screened_vendors(client, keys["analyst"])
    assert job["status"] == "done" and job["progress"] == 1.0 and job["run_id"] == 1
    assert job["created_by"] == "analyst-1"
    result = client.get(f"/jobs/{job['id']}/result", headers=auth(keys["analyst"])).json()
    assert result["input"] == "vendors.csv"
    assert result["rows_screened"] == 14
    hikvision = next(r for r in result["results"] if r["query"]["name"] == "HIKVISION")
    assert hikvision["hits"][0]["alert"]["status"] == "new"
    stored = store.alerts("new")
    assert len(stored) == result["alerts"]["new"] > 0
    assert hikvision["hits"][0]["alert"]["id"] in {a["id"] for a in stored}
    # Screening the same file again finds the same alerts (the store's semantics).
    again = screened_vendors(client, keys["analyst"])
    second = client.get(f"/jobs/{again['id']}/result", headers=auth(keys["analyst"])).json()
    assert second["alerts"]["new"] == 0 and second["alerts"]["open"] == len(stored)
    listed = client.get("/jobs", headers=auth(keys["analyst"])).json()["jobs"]
    assert {j["id"] for j in listed} == {job["id"], again["id"]}


def test_reports_are_the_command_lines(client: TestClient, keys: dict[str, str]) -> None:
    job = screened_vendors(client, keys["analyst"])
    base = f"/jobs/{job['id']}/report"
    csv = client.get(f"{base}.csv", headers=auth(keys["analyst"]))
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.startswith("# rightscreen") and "HIKVISION" in csv.text
    assert "attachment" in csv.headers["content-disposition"]
    xlsx = client.get(f"{base}.xlsx", headers=auth(keys["analyst"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[0] == "hits" and book["hits"].max_row > 1
    as_json = client.get(f"{base}.json", headers=auth(keys["analyst"])).json()
    assert as_json["rows_screened"] == 14
    # A names screening has no HTML report on the command line either.
    assert client.get(f"{base}.html", headers=auth(keys["analyst"])).status_code == 422
    assert client.get(f"{base}.exe", headers=auth(keys["analyst"])).status_code == 404
    assert "sandbox" in csv.headers["content-security-policy"]


def test_a_documents_job_finds_red_flags(client: TestClient, keys: dict[str, str]) -> None:
    text = ("招标文件：系统须支持人脸识别和布控报警功能，兼容海康威视设备。\n"
            "The supplier shall be Hangzhou Hikvision Digital Technology Co., Ltd.\n")
    response = upload(client, keys["analyst"], "tender.txt", text.encode("utf-8"),
                      kind="documents")
    job = wait_for_job(client, response.json()["id"], keys["analyst"])
    assert job["status"] == "done", job
    result = client.get(f"/jobs/{job['id']}/result", headers=auth(keys["analyst"])).json()
    assert result["summary"]["red_flag_findings"] >= 1
    assert {f["path"] for f in result["findings"]} == {"tender.txt"}
    html = client.get(f"/jobs/{job['id']}/report.html", headers=auth(keys["analyst"]))
    assert html.status_code == 200 and "人脸识别" in html.text
    assert job["run_id"] is None  # documents leave findings, not alerts


def test_a_portfolio_job(client: TestClient, keys: dict[str, str]) -> None:
    holdings = (EXAMPLES / "portfolio" / "EMTRK.csv").read_bytes()
    response = upload(client, keys["analyst"], "EMTRK.csv", holdings, kind="portfolio")
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.json()["id"], keys["analyst"])
    assert job["status"] == "done", job
    result = client.get(f"/jobs/{job['id']}/result", headers=auth(keys["analyst"])).json()
    assert "exposures" in result and result["total_value"] > 0


def test_an_uploaded_name_is_never_a_path(client: TestClient, keys: dict[str, str],
                                          app: Any, tmp_path: Path) -> None:
    name = "../../" + str(tmp_path / "planted.csv")
    response = upload(client, keys["analyst"], name, b"name\nHikvision\n")
    job = wait_for_job(client, response.json()["id"], keys["analyst"])
    assert job["input_name"] == name and job["status"] == "done"
    assert not (tmp_path / "planted.csv").exists()
    root: Path = app.state.rightscreen.upload_root
    assert list(root.iterdir()) == []  # the upload is removed once screened


@pytest.mark.parametrize(("content", "says"), [
    (b"MZ\x90\x00" + b"\x00" * 200, "executable"),
    (b"vendor_code,amount\nA1,3\n", "no name column"),
    (b"", "empty"),
])
def test_unreadable_files_are_a_422_naming_no_server_path(
        client: TestClient, keys: dict[str, str], app: Any, content: bytes, says: str) -> None:
    response = upload(client, keys["analyst"], "vendors.csv", content)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert says in detail.lower()
    assert str(app.state.rightscreen.upload_root) not in detail
    assert client.get("/jobs", headers=auth(keys["analyst"])).json()["jobs"] == []


def test_unknown_kind_is_a_400(client: TestClient, keys: dict[str, str]) -> None:
    response = upload(client, keys["analyst"], "x.csv", b"name\nx\n", kind="faces")
    assert response.status_code == 400 and "names" in response.json()["detail"]


def test_uploads_over_the_limit_are_a_413(fixture_snapshot: Any, fixture_screener: Any,
                                          store: Store, keys: dict[str, str]) -> None:
    app = make_app(fixture_snapshot, fixture_screener, store, max_upload_bytes=2_000,
                   max_body_bytes=1_000)
    with TestClient(app) as client:
        big = b"name\n" + b"Acme Widgets Ltd\n" * 10_000
        assert upload(client, keys["analyst"], "big.csv", big).status_code == 413
        small = upload(client, keys["analyst"], "small.csv", b"name\nAcme\n")
        assert small.status_code == 202
        # A JSON body has the smaller limit, with or without a Content-Length.
        body = json.dumps({"queries": {"q": {"schema": "Company",
                                             "properties": {"name": ["x" * 2_000]}}}})
        sized = client.post("/match/default", headers=auth(keys["analyst"]), content=body)
        assert sized.status_code == 413

        def chunks() -> Any:
            for start in range(0, len(body), 100):
                yield body[start:start + 100].encode()

        streamed = client.post("/match/default", content=chunks(),
                               headers=auth(keys["analyst"]) | {"content-type":
                                                                "application/json"})
        assert streamed.status_code == 413


def test_unknown_and_unfinished_jobs(client: TestClient, keys: dict[str, str]) -> None:
    assert client.get("/jobs/nope", headers=auth(keys["analyst"])).status_code == 404
    assert client.get("/jobs/nope/result", headers=auth(keys["analyst"])).status_code == 404


def test_a_devices_job_flags_covered_equipment(client: TestClient,
                                               keys: dict[str, str]) -> None:
    inventory = ("hostname,ip,mac,manufacturer,model\n"
                 "cam-lobby,10.0.0.5,44:47:CC:12:34:56,Hikvision,DS-2CD2143G0-I\n"
                 "printer-2,10.0.0.7,00:1B:A9:00:00:01,Brother,HL-L2350DW\n")
    response = upload(client, keys["analyst"], "assets.csv", inventory.encode(),
                      kind="devices")
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.json()["id"], keys["analyst"])
    assert job["status"] == "done", job
    result = client.get(f"/jobs/{job['id']}/result", headers=auth(keys["analyst"])).json()
    verdicts = {r["device"].get("hostname"): r["verdict"] for r in result["results"]}
    assert verdicts["cam-lobby"] == "covered" and verdicts["printer-2"] == "clear"
    assert {r["file"] for r in result["results"]} == {"assets.csv"}
    report = client.get(f"/jobs/{job['id']}/report.html", headers=auth(keys["analyst"]))
    assert report.status_code == 200 and "cam-lobby" in report.text
