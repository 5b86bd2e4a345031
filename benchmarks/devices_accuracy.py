"""Equipment verdicts on a labelled inventory of our own (benchmarks/devices_labelled.csv):
real MAC prefixes from the IEEE registry, real model numbers and banners of covered and
uncovered makers, rebrands with their dates, randomised MACs and conflicts; beside a
MAC-vendor-lookup-only baseline measured in the same run.

Goals: no covered device cleared; false `covered` verdicts at most 1%.

Usage: python benchmarks/devices_accuracy.py
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from rightscreen import Screener, load_snapshot
from rightscreen.devices import Device, MacAddress, default_registry
from rightscreen.devices.fingerprints import load_fingerprints
from rightscreen.screening.devices import DeviceScreener

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results_io import save  # noqa: E402

FIELDS = ("mac", "vendor", "brand", "model", "category", "country", "installed")


def labelled() -> list[tuple[Device, str, str]]:
    rows = []
    with (HERE / "devices_labelled.csv").open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=1):
            device = Device("devices_labelled.csv", number,
                            {k: row[k] for k in FIELDS if row[k]} | {"hostname": row["hostname"]})
            if row["banner"]:
                device.banners.append(("banner", row["banner"]))
            if row["software"]:
                device.software.append(row["software"])
            rows.append((device, row["expected"], row["hostname"]))
    return rows


def mac_only(device: Device) -> str:
    """The baseline: a MAC vendor lookup, covered when the registrant is a covered maker."""
    registrants = {r for m in load_fingerprints().makers.values() for r in m.registrants}
    mac = MacAddress.parse(device.fields.get("mac", ""))
    if mac is None or mac.is_local or mac.is_multicast:
        return "clear"
    found = default_registry().lookup(mac)
    return "covered" if found and found.organisation.casefold() in registrants else "clear"


def score(pairs: list[tuple[str, str, str]]) -> dict[str, Any]:
    covered = [p for p in pairs if p[1] == "covered"]
    not_covered = [p for p in pairs if p[1] != "covered"]
    return {
        "devices": len(pairs),
        "covered_cleared": sorted(h for got, want, h in covered if got == "clear"),
        "covered_recall": round(sum(got == "covered" for got, _, _ in covered) / len(covered), 3),
        "false_covered": sorted(h for got, want, h in not_covered if got == "covered"),
        "false_covered_rate": round(sum(got == "covered" for got, _, _ in not_covered)
                                    / len(not_covered), 3),
        "exact": round(sum(got == want for got, want, _ in pairs) / len(pairs), 3),
        "confusion": dict(sorted(Counter(f"{want}->{got}" for got, want, _ in pairs).items())),
    }


def main() -> None:
    snapshot = load_snapshot()
    judge = DeviceScreener(Screener(snapshot.entities), snapshot.infos)
    rows = labelled()
    ours = [(judge.judge(d).verdict, want, host) for d, want, host in rows]
    baseline = [(mac_only(d), want, host) for d, want, host in rows]
    report = {"rightscreen": score(ours), "mac_lookup_only": score(baseline),
              "wrong": sorted(f"{h}: expected {w}, got {g}" for g, w, h in ours if g != w)}
    save(report, HERE / "results" / "devices_accuracy.json")


if __name__ == "__main__":
    main()
