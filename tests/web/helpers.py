"""Signing a test client in through the form, as a browser does."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, key: str) -> str:
    """Sign in; returns the session's CSRF token from the home page."""
    form = client.get("/ui/login")
    response = client.post("/ui/login", data={"key": key, "csrf": csrf_of(form.text)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/ui").text)
