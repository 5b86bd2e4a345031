"""The web UI through a test client: sign-in, CSRF, escaping, roles, deciding, the trail."""

from __future__ import annotations

import re
import time
from importlib import resources
from typing import Any

from fastapi.testclient import TestClient

from rightscreen.store import Store
from tests.api.conftest import EXAMPLES
from tests.web.helpers import csrf_of, sign_in

XSS = '<img src=x onerror="alert(1)">'


def _upload(client: TestClient, csrf: str, name: str, content: bytes) -> str:
    response = client.post("/ui/upload", data={"csrf": csrf, "kind": "names"},
                           files={"file": (name, content)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    for _ in range(300):
        page = client.get(location).text
        if 'id="status">done' in page or 'id="status">failed' in page:
            return page
        time.sleep(0.1)
    raise AssertionError("job did not finish")


def test_pages_need_a_session(client: TestClient) -> None:
    for path in ("/ui", "/ui/alerts", "/ui/audit", "/ui/lists", "/ui/search?q=x", "/ui/alerts/1"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/ui/login"
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui"


def test_sign_in_needs_the_forms_token_and_a_valid_key(client: TestClient,
                                                       keys: dict[str, str]) -> None:
    form = client.get("/ui/login")
    forged = client.post("/ui/login", data={"key": keys["analyst"], "csrf": "forged"},
                         follow_redirects=False)
    assert forged.status_code == 403
    wrong = client.post("/ui/login", data={"key": "rsk_" + "y" * 40,
                                           "csrf": csrf_of(form.text)})
    assert wrong.status_code == 401 and "valid API key" in wrong.text
    sign_in(client, keys["analyst"])
    home = client.get("/ui")
    assert home.status_code == 200 and "analyst-1 (analyst)" in home.text
    cookie = next(c for c in client.cookies.jar if c.name == "rightscreen_session")
    assert cookie.has_nonstandard_attr("HttpOnly")


def test_sign_out_ends_the_session(client: TestClient, keys: dict[str, str]) -> None:
    csrf = sign_in(client, keys["analyst"])
    assert client.post("/ui/logout", data={"csrf": "nope"}).status_code == 403
    client.post("/ui/logout", data={"csrf": csrf})
    assert client.get("/ui", follow_redirects=False).status_code == 303


def test_search_shows_hits_with_explanations_and_sources(client: TestClient,
                                                         keys: dict[str, str]) -> None:
    sign_in(client, keys["analyst"])
    page = client.get("/ui/search", params={"q": "海康威视"}).text
    assert "Hangzhou Hikvision Digital Technology" in page
    assert "bis-entity-list</b> entry" in page
    assert re.search(r'<ul class="why"><li>[^<]*海康威视', page)


def test_everything_shown_is_escaped(client: TestClient, keys: dict[str, str]) -> None:
    csrf = sign_in(client, keys["analyst"])
    page = client.get("/ui/search", params={"q": XSS}).text
    assert XSS not in page and "&lt;img src=x onerror=" in page
    job_page = _upload(client, csrf, f"{XSS}.csv", f"name\n{XSS}\nHikvision\n".encode())
    assert XSS not in job_page and "&lt;img src=x" in job_page
    assert XSS not in client.get("/ui").text


def test_an_analyst_cannot_decide(client: TestClient, keys: dict[str, str],
                                  store: Store) -> None:
    csrf = sign_in(client, keys["analyst"])
    _upload(client, csrf, "vendors.csv", (EXAMPLES / "vendors.csv").read_bytes())
    alert_id = store.alerts("new")[0]["id"]
    page = client.get(f"/ui/alerts/{alert_id}").text
    assert 'id="decide"' not in page and "A reviewer decides" in page
    refused = client.post(f"/ui/alerts/{alert_id}/decide", data={
        "csrf": csrf, "decision": "match", "reason": "x"})
    assert refused.status_code == 403 and store.alerts("decided") == []


def test_a_reviewer_decides_with_a_reason_and_finds_it_on_the_trail(
        client: TestClient, keys: dict[str, str], store: Store) -> None:
    csrf = sign_in(client, keys["reviewer"])
    _upload(client, csrf, "vendors.csv", (EXAMPLES / "vendors.csv").read_bytes())
    first, second = [a["id"] for a in store.alerts("new")][:2]
    page = client.get(f"/ui/alerts/{first}").text
    assert "Screened party" in page and "Listed entry" in page and 'id="decide"' in page
    forged = client.post(f"/ui/alerts/{first}/decide", data={
        "csrf": "forged", "decision": "match", "reason": "x"})
    assert forged.status_code == 403 and store.alerts("decided") == []
    other_origin = client.post(f"/ui/alerts/{first}/decide", headers={
        "origin": "https://evil.example"}, data={"csrf": csrf, "decision": "match",
                                                 "reason": "x"})
    assert other_origin.status_code == 403
    done = client.post(f"/ui/alerts/{first}/decide", data={
        "csrf": csrf, "decision": "false_positive", "reason": "a different Hikvision <b>"},
        follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == f"/ui/alerts/{second}?decided={first}"
    decided = store.alerts("decided")
    assert [a["id"] for a in decided] == [first]
    assert decided[0]["decision"]["by"] == "reviewer-1"
    trail = client.get("/ui/audit").text
    assert "a different Hikvision &lt;b&gt;" in trail and "The hash chain holds" in trail


def test_lists_page_shows_versions(client: TestClient, keys: dict[str, str],
                                   fixture_snapshot: Any) -> None:
    sign_in(client, keys["analyst"])
    page = client.get("/ui/lists").text
    for info in fixture_snapshot.infos:
        assert info.id in page and info.sha256[:16] in page


def test_every_asset_is_local_and_chinese_has_a_cjk_font() -> None:
    web = resources.files("rightscreen.web")
    texts = [f.read_text("utf-8") for folder in ("templates", "static")
             for f in web.joinpath(folder).iterdir() if f.name.endswith((".html", ".css", ".js"))]
    assert len(texts) >= 10
    assert not any(re.search(r"(src|href)=\"(https?:)?//", t) for t in texts)
    assert not any("<script>" in t for t in texts), "no inline scripts"
    assert "Noto Sans CJK SC" in web.joinpath("static", "style.css").read_text("utf-8")


def test_an_upload_over_the_limit_is_a_page(fixture_snapshot: Any, fixture_screener: Any,
                                            store: Store, keys: dict[str, str]) -> None:
    from tests.api.conftest import make_app

    app = make_app(fixture_snapshot, fixture_screener, store, max_upload_bytes=1_000)
    with TestClient(app) as client:
        csrf = sign_in(client, keys["analyst"])
        response = client.post("/ui/upload", data={"csrf": csrf, "kind": "names"},
                               files={"file": ("big.csv", b"name\n" + b"x" * 200_000)})
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("text/html")
        assert "File too large" in response.text
