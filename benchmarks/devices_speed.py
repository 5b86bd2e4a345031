"""Equipment screening at scale: one million inventory rows (a realistic share of repeated
vendors, brands and models, MACs drawn from real IEEE blocks of covered and uncovered makers,
some randomised) read and judged, beside reading the same file as a plain table (the floor
any judge stands on) measured in the same run. Goal: at most 20 s.

Usage: python benchmarks/devices_speed.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from rightscreen import Screener, load_snapshot
from rightscreen.devices import read_inventory
from rightscreen.screening.devices import DeviceScreener
from rightscreen.tables import read_table

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results_io import save  # noqa: E402

# (vendor, brand, model prefix, MAC block) of real makers; the blocks are IEEE MA-L entries.
MAKERS = [
    ("Hikvision", "", "DS-2CD2143G2-I", "4447CC"), ("Dahua", "", "IPC-HDW2431T-AS", "74C929"),
    ("", "EZVIZ", "C6N", "64F2FB"), ("", "Lorex", "N841", "001F54"),
    ("Axis Communications", "", "P3245-LV", "B8A44F"), ("Bosch", "", "FLEXIDOME 3000i", "000463"),
    ("Hanwha Vision", "", "XNV-6081", "E43022"), ("Cisco", "", "C9300-48P", "E80AB9"),
    ("Apple", "", "MacBook Pro", "60FDA6"), ("Dell", "", "OptiPlex 7090", ""),
    ("HP", "", "LaserJet M404", ""), ("Huawei", "", "S5735-L24T4S-A1", "E00630"),
    ("Netgear", "", "GS308", "9CC9EB"), ("TP-Link", "", "Archer AX55", "68DDB7"),
]
SITES = [f"Site {n}" for n in range(40)]


def write_inventory(path: Path, rows: int, rng: random.Random) -> None:
    weights = [5, 3, 1, 1, 6, 3, 2, 10, 20, 25, 8, 2, 5, 4]
    with path.open("w", encoding="utf-8") as fh:
        fh.write("hostname,mac,ip,manufacturer,brand,model,site,type\n")
        for n in range(rows):
            vendor, brand, model, block = rng.choices(MAKERS, weights)[0]
            if block and rng.random() > 0.1:
                mac = block + f"{rng.getrandbits(24):06X}"
            else:  # a randomised (locally administered) address
                mac = f"{(rng.getrandbits(8) | 0x02) & 0xFE:02X}{rng.getrandbits(40):010X}"
            ip = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
            kind = "router" if "Archer" in model else "device"
            fh.write(f"host-{n},{mac},{ip},{vendor},{brand},{model}-{n % 7},"
                     f"{rng.choice(SITES)},{kind}\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    report: dict[str, object] = {"rows": args.rows, "machine": "2 cores, shared"}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inventory.csv"
        write_inventory(path, args.rows, random.Random(20261127))
        report["file_mb"] = round(path.stat().st_size / 1e6, 1)
        start = time.perf_counter()
        table = read_table(path)
        report["baseline_read_table_s"] = round(time.perf_counter() - start, 2)
        del table
        start = time.perf_counter()
        snapshot = load_snapshot()
        judge = DeviceScreener(Screener(snapshot.entities), snapshot.infos)
        report["startup_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        inventory = read_inventory(path)
        report["read_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        verdicts: dict[str, int] = {}
        for device in inventory.devices:
            verdict = judge.judge(device).verdict
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
        report["judge_s"] = round(time.perf_counter() - start, 2)
        report["read_and_judge_s"] = round(report["read_s"] + report["judge_s"], 2)  # type: ignore[operator]
        report["ratio_to_plain_read"] = round(
            report["read_and_judge_s"] / report["baseline_read_table_s"], 2)  # type: ignore[operator]
        report["verdicts"] = verdicts
        report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    save(report, HERE / "results" / "devices_speed.json")


if __name__ == "__main__":
    main()
