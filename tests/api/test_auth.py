"""Keys, roles and rate limits: 401 without a valid key, 403 for the wrong role, 429 past the
limit; keys stored as salted scrypt hashes and never logged."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import typer
from fastapi.testclient import TestClient
from rich.console import Console
from sqlalchemy import select
from typer.testing import CliRunner

from rightscreen.cli_serve import register
from rightscreen.errors import UsageError
from rightscreen.store import Store
from rightscreen.store.schema import audit, users
from rightscreen.store.users import (
    User,
    add_user,
    check_key,
    hash_key,
    list_users,
    user_for_key,
)
from tests.api.conftest import auth, make_app

PROTECTED = [("get", "/catalog"), ("get", "/search/default?q=x"), ("get", "/entities/x"),
             ("post", "/match/default"), ("get", "/jobs"), ("get", "/alerts"),
             ("get", "/audit"), ("get", "/audit/verify"), ("get", "/users"),
             ("get", "/openapi.json"), ("post", "/alerts/1/decision"), ("post", "/jobs")]


def test_healthz_needs_no_key(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_other_route_needs_a_key(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "ApiKey"


@pytest.mark.parametrize("header", ["ApiKey rsk_wrong-key-0123456789abcdef", "Basic abc",
                                    "ApiKey", "rsk_no-scheme", ""])
def test_a_wrong_key_is_a_401(client: TestClient, keys: dict[str, str], header: str) -> None:
    response = client.get("/catalog", headers={"Authorization": header})
    assert response.status_code == 401


@pytest.mark.parametrize("scheme", ["ApiKey", "Bearer", "apikey"])
def test_either_scheme_carries_the_key(client: TestClient, keys: dict[str, str],
                                       scheme: str) -> None:
    assert client.get("/catalog", headers=auth(keys["analyst"], scheme)).status_code == 200


def test_roles(client: TestClient, keys: dict[str, str]) -> None:
    decision = {"decision": "false_positive", "reason": "other firm"}
    analyst = client.post("/alerts/1/decision", headers=auth(keys["analyst"]), json=decision)
    assert analyst.status_code == 403 and "reviewer" in analyst.json()["detail"]
    reviewer = client.post("/alerts/1/decision", headers=auth(keys["reviewer"]), json=decision)
    assert reviewer.status_code == 404  # allowed; there is no alert 1 yet
    assert client.get("/users", headers=auth(keys["reviewer"])).status_code == 403
    assert client.get("/users", headers=auth(keys["admin"])).status_code == 200


def test_admin_adds_and_disables_users(client: TestClient, keys: dict[str, str]) -> None:
    made = client.post("/users", headers=auth(keys["admin"]),
                       json={"name": "bob", "role": "reviewer"})
    assert made.status_code == 201
    key = made.json()["key"]
    assert client.get("/alerts", headers=auth(key)).status_code == 200
    listed = client.get("/users", headers=auth(keys["admin"])).json()["users"]
    assert "key" not in str(listed) and any(u["name"] == "bob" for u in listed)
    assert client.post("/users", headers=auth(keys["admin"]),
                       json={"name": "bob", "role": "analyst"}).status_code == 400
    assert client.post("/users", headers=auth(keys["admin"]),
                       json={"name": "eve", "role": "root"}).status_code == 400
    disabled = client.post("/users/bob/disable", headers=auth(keys["admin"]))
    assert disabled.status_code == 200 and disabled.json()["user"]["disabled_at"]
    assert client.get("/alerts", headers=auth(key)).status_code == 401


def test_disabling_from_the_command_line_stops_a_cached_key(
        client: TestClient, keys: dict[str, str], store: Store) -> None:
    from rightscreen.store.users import disable_user

    assert client.get("/alerts", headers=auth(keys["analyst"])).status_code == 200
    disable_user(store, "analyst-1", by="test")
    assert client.get("/alerts", headers=auth(keys["analyst"])).status_code == 401


def test_keys_are_stored_as_salted_scrypt(store: Store) -> None:
    _, first = add_user(store, "a", "analyst")
    _, second = add_user(store, "b", "analyst")
    with store.engine.connect() as connection:
        rows = connection.execute(select(users.c.key_hash, users.c.key_prefix)).all()
        trail = " ".join(r.payload for r in connection.execute(select(audit.c.payload)))
    hashes = [r.key_hash for r in rows]
    assert all(h.startswith("scrypt$16384$8$1$") for h in hashes)
    assert first not in " ".join(hashes) and second not in " ".join(hashes)
    assert first not in trail and '"role":"analyst"' in trail
    assert rows[0].key_prefix == first[:12]
    assert check_key(first, hashes[0]) and not check_key(second, hashes[0])
    assert hash_key("k", salt=b"1" * 16) != hash_key("k", salt=b"2" * 16)
    assert not check_key("k", "md5$abc") and not check_key("k", "scrypt$x$y")
    assert user_for_key(store, first) is not None and user_for_key(store, "nope") is None


def test_role_order() -> None:
    admin = User(1, "a", "admin", "t")
    analyst = User(2, "b", "analyst", "t")
    assert admin.may("reviewer") and admin.may("analyst")
    assert analyst.may("analyst") and not analyst.may("reviewer")


def test_user_names_are_checked(store: Store) -> None:
    with pytest.raises(UsageError):
        add_user(store, "  ", "analyst")
    add_user(store, "ann", "analyst")
    with pytest.raises(UsageError, match="already"):
        add_user(store, "ann", "admin")


def test_rate_limit_per_key(fixture_snapshot: Any, fixture_screener: Any, store: Store,
                            keys: dict[str, str]) -> None:
    app = make_app(fixture_snapshot, fixture_screener, store, rate_per_minute=3)
    with TestClient(app) as client:
        codes = [client.get("/catalog", headers=auth(keys["analyst"])).status_code
                 for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.get("/catalog", headers=auth(keys["analyst"]))
        assert int(limited.headers["retry-after"]) >= 1
        # Another key has its own bucket.
        assert client.get("/catalog", headers=auth(keys["reviewer"])).status_code == 200


def test_wrong_keys_from_one_address_are_slowed(fixture_snapshot: Any, fixture_screener: Any,
                                                store: Store, keys: dict[str, str]) -> None:
    app = make_app(fixture_snapshot, fixture_screener, store, failed_auth_per_minute=2)
    with TestClient(app) as client:
        wrong = auth("rsk_" + "x" * 40)
        codes = [client.get("/catalog", headers=wrong).status_code for _ in range(3)]
        assert codes == [401, 401, 429]


def test_keys_are_never_logged(client: TestClient, keys: dict[str, str],
                               caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        client.get("/catalog", headers=auth(keys["analyst"]))
        client.get("/catalog", headers=auth(keys["analyst"] + "x"))
        client.post("/users", headers=auth(keys["admin"]), json={"name": "c", "role": "admin"})
    assert caplog.records, "something was logged, so the check means something"
    assert not any(key in caplog.text for key in keys.values())


def test_users_add_prints_the_key_on_its_last_line(tmp_path: Any) -> None:
    app = typer.Typer()
    register(app, Console(), Console(stderr=True))
    app.command("noop")(lambda: None)  # a second command, so that typer keeps subcommands
    target = str(tmp_path / "cli.sqlite")
    result = CliRunner().invoke(app, ["users", "add", "ann", "--role", "reviewer",
                                      "--store", target])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    store = Store.open(target)
    found = user_for_key(store, key)
    assert found is not None and found.role == "reviewer"
    listed = CliRunner().invoke(app, ["users", "list", "--store", target])
    assert "ann" in listed.output and key not in listed.output
    bad = CliRunner().invoke(app, ["users", "add", "x", "--role", "root", "--store", target])
    assert bad.exit_code != 0 and [u.name for u in list_users(store)] == ["ann"]
