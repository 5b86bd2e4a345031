"""Device verdicts against the built-in lists: covered, review and clear, with evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightscreen import Screener
from rightscreen.reports.tabular import write_report
from rightscreen.screening.devices import DeviceScreener
from rightscreen.snapshot import Snapshot

INVENTORY = """Asset Name,MAC Address,Manufacturer,Brand,Model,Site,Installed,Type,Country of Origin
cam-lobby,44:47:CC:12:34:56,Hangzhou Hikvision,,DS-2CD2143G2-I,HQ,2021-05-01,camera,
axis-door,AC:CC:8E:00:00:01,Axis Communications,,P3245-LV,HQ,2022-01-01,camera,
nvr-conflict,44:47:CC:00:00:01,Axis Communications,,,HQ,,recorder,
lorex-old,,,Lorex,,Depot,2019-03-01,recorder,
lorex-new,,,Lorex,,Depot,2024-03-01,recorder,
lorex-undated,,,Lorex,,Depot,,recorder,
random-mac,02:11:22:33:44:55,,,IPC-HDW2431T,Depot,,camera,
shared-prefix,,,,IPC-6122,Depot,,camera,
radio,,Hytera,,PD785,Field,,radio,
router,,Netgear,,RAX50,HQ,,router,
drone,,,,,Field,,drone,China
us-router,,Cisco,,ISR4331,HQ,,router,United States
laptop,3C:22:FB:00:00:01,Apple,,MacBook Pro,HQ,,laptop,
scale,,Shanghai Dahua Scale Factory,,,Lab,,scale,
av-suite,,,,,HQ,,pc,
chinese,,海康威视,,,HQ,,camera,
"""


@pytest.fixture(scope="module")
def envelope(tmp_path_factory: pytest.TempPathFactory, screener: Screener,
             builtin: Snapshot) -> dict:  # type: ignore[type-arg]
    path = tmp_path_factory.mktemp("devices") / "inventory.csv"
    text = INVENTORY.replace("av-suite,,,,,HQ,,pc,", "av-suite,,Dell,,OptiPlex,HQ,,pc,")
    path.write_text(text, "utf-8")
    software = tmp_path_factory.mktemp("sw") / "software.csv"
    software.write_text("hostname,software\npc-9,Kaspersky Endpoint Security 12\n", "utf-8")
    return DeviceScreener(screener, builtin.infos).screen_paths([path, software])


def _by_host(envelope: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {r["device"]["hostname"]: r for r in envelope["results"]}


@pytest.mark.parametrize(("host", "verdict", "maker"), [
    ("cam-lobby", "covered", "hikvision"),
    ("axis-door", "clear", None),
    ("nvr-conflict", "review", "hikvision"),
    ("lorex-old", "covered", "dahua"),
    ("lorex-new", "clear", None),
    ("lorex-undated", "review", "dahua"),
    ("random-mac", "covered", "dahua"),
    ("shared-prefix", "review", "dahua"),
    ("radio", "covered", "hytera"),
    ("router", "review", None),
    ("drone", "covered", None),
    ("us-router", "clear", None),
    ("laptop", "clear", None),
    ("scale", "clear", None),
    ("chinese", "covered", "hikvision"),
    ("pc-9", "covered", "kaspersky"),
])
def test_verdicts(envelope: dict, host: str, verdict: str,  # type: ignore[type-arg]
                  maker: str | None) -> None:
    result = _by_host(envelope)[host]
    assert result["verdict"] == verdict, result
    assert (result["manufacturer"] or {}).get("id") == maker


def test_a_covered_device_names_list_date_basis_and_every_evidence(envelope: dict) -> None:  # type: ignore[type-arg]
    result = _by_host(envelope)["cam-lobby"]
    maker = result["manufacturer"]
    assert {"fcc-covered", "ndaa-889"} <= set(maker["lists"])
    assert maker["listed"]["fcc-covered"] == "2021-03-12"
    assert any("s.889" in b for b in maker["basis"])
    kinds = {e["kind"] for e in result["evidence"]}
    assert kinds == {"oui", "name", "model"}
    oui = next(e for e in result["evidence"] if e["kind"] == "oui")
    assert "Hikvision" in oui["detail"] and "IEEE MA-L" in oui["source"]


def test_conflicts_and_randomised_macs_are_said(envelope: dict) -> None:  # type: ignore[type-arg]
    results = _by_host(envelope)
    assert any("conflict: declared as Axis Communications" in n
               for n in results["nvr-conflict"]["notes"])
    oui = next(e for e in results["random-mac"]["evidence"] if e["kind"] == "oui")
    assert oui["strength"] == "weak" and "not attributed" in oui["detail"]
    assert "maker" not in oui


def test_summary_and_reports(envelope: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    summary = envelope["summary"]
    assert sum(summary["by_verdict"].values()) == envelope["devices_read"] == 17
    assert summary["by_site"]["Field"] == {"covered": 2}
    assert any(s["id"] == "ieee-ma-l" for s in envelope["sources"])
    for suffix in (".json", ".csv", ".xlsx", ".html"):
        write_report(envelope, tmp_path / f"devices{suffix}")
    html = (tmp_path / "devices.html").read_text("utf-8")
    assert "Equipment screening" in html and "cam-lobby" in html and "<script" not in html
    assert json.loads((tmp_path / "devices.json").read_text("utf-8"))["devices_read"] == 17
    assert "cam-lobby" in (tmp_path / "devices.csv").read_text("utf-8")
