"""The web UI in a real browser: Debian's headless Chromium driven by Selenium through sign-in,
a search for 海康威视, a vendor file uploaded and screened, an alert decided with a reason, and
the decision found in the audit trail. Screenshots of each step are kept in
tests/web/artifacts/ (ignored by git).

Skipped, saying why, only where Chromium or its driver is not installed (CI installs them:
`apt-get install chromium chromium-driver`)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from rightscreen import Screener
from rightscreen.snapshot import Snapshot
from rightscreen.store import Store
from rightscreen.store.users import add_user
from tests.api.conftest import EXAMPLES, make_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="Chromium and chromedriver are not installed (Debian: apt-get install chromium "
           "chromium-driver)")


@pytest.fixture()
def server(builtin: Snapshot, screener: Screener, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The app on the built-in lists, served by uvicorn on a free loopback port."""
    store = Store.open(str(tmp_path / "store.sqlite"))
    _, key = add_user(store, "rev", "reviewer")
    app = make_app(builtin, screener, store)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", key
    running.should_exit = True
    thread.join(timeout=10)
    sock.close()
    store.close()


@pytest.fixture()
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1366,900", "--lang=en-US", "--disable-gpu"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _shot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n", "utf-8")
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _wait(driver: Any, condition: Any, timeout: float = 60) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition)


def test_an_analyst_session_in_chromium(server: tuple[str, str], browser: Any,
                                        tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as seen

    base, key = server
    browser.get(base + "/")
    _wait(browser, seen.presence_of_element_located((By.ID, "key")))
    assert browser.current_url == base + "/ui/login"
    _shot(browser, "01-sign-in")
    browser.find_element(By.ID, "key").send_keys(key)
    browser.find_element(By.ID, "signin").click()
    _wait(browser, seen.presence_of_element_located((By.ID, "q")))
    assert "rev (reviewer)" in browser.find_element(By.CLASS_NAME, "who").text

    browser.find_element(By.ID, "q").send_keys("海康威视")
    browser.find_element(By.ID, "search").click()
    results = _wait(browser, seen.presence_of_element_located((By.ID, "results")))
    assert "Hangzhou Hikvision Digital Technology" in results.text
    assert "bis-entity-list" in results.text and "海康威视" in results.text
    _shot(browser, "02-search-haikang-weishi")

    vendors = tmp_path / "vendors.csv"
    vendors.write_bytes((EXAMPLES / "vendors.csv").read_bytes())
    browser.get(base + "/ui")
    browser.find_element(By.ID, "file").send_keys(str(vendors))
    browser.find_element(By.ID, "upload").click()
    _wait(browser, lambda d: d.find_element(By.ID, "status").text in ("done", "failed"))
    assert browser.find_element(By.ID, "status").text == "done"
    assert "14 rows screened" in browser.page_source
    _shot(browser, "03-job-done")

    browser.get(base + "/ui/alerts")
    queue = browser.find_element(By.ID, "queue")
    first = queue.find_elements(By.CSS_SELECTOR, "td a")[0]
    alert_id = first.text
    first.click()
    _wait(browser, seen.presence_of_element_located((By.ID, "reason")))
    assert "Listed entry" in browser.page_source and "Screened party" in browser.page_source
    _shot(browser, "04-alert-evidence")
    browser.find_element(By.ID, "decision-false_positive").click()
    reason = f"browser test: not the listed firm (alert {alert_id})"
    browser.find_element(By.ID, "reason").send_keys(reason)
    browser.find_element(By.ID, "decide").click()
    notice = _wait(browser, seen.presence_of_element_located((By.CLASS_NAME, "notice")))
    assert f"Alert {alert_id} decided" in notice.text
    _shot(browser, "05-decided")

    browser.get(base + "/ui/audit")
    trail = browser.find_element(By.ID, "trail")
    assert reason in trail.text and "false_positive by rev" in trail.text
    assert "hash chain holds" in browser.find_element(By.ID, "verified").text
    _shot(browser, "06-audit-trail")

    browser.get(base + "/docs")
    title = _wait(browser, seen.presence_of_element_located((By.CSS_SELECTOR, ".info .title")))
    assert "rightscreen" in title.text
    _shot(browser, "07-api-docs")
    blocked = [entry["message"] for entry in browser.get_log("browser")
               if "Content Security Policy" in entry["message"]]
    assert blocked == [], "no asset or script was refused by our own CSP"
