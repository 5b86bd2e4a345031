"""Portfolio look-through speed: 100,000 holdings across 1,000 funds (100 positions each),
screened against the built-in lists, beside a flat portfolio of the same 100,000 positions held
directly (no look-through) measured in the same run as the baseline.

Positions are drawn with a fixed seed from real issuers: the CSI 300 constituents (Chinese
names and exchange codes, among them Hikvision, Dahua, iFlytek, Sugon) and the 13F table's
US issuers (CUSIPs), read from ../shared/data/holdings.

Usage: python benchmarks/portfolio_speed.py [--funds 1000] [--per-fund 100]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from rightscreen import Screener, load_snapshot
from rightscreen.holdings import read_holdings
from rightscreen.screening.portfolio import FundFiles, PortfolioScreener

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results_io import save  # noqa: E402


def issuers(shared: Path) -> list[tuple[str, str, str]]:
    """(name, ticker, cusip) of real issuers."""
    out: list[tuple[str, str, str]] = []
    csi300 = shared / "holdings/csi300_constituents_quotes_20241115.csv"
    for holding in read_holdings(csi300).holdings:
        out.append((holding.name, holding.identifiers.get("ticker", ""), ""))
    for holding in read_holdings(shared / "holdings/13F-HR.infotable.xml").holdings:
        out.append((holding.name, "", holding.identifiers.get("cusip", "")))
    return out


def write_files(folder: Path, pool: list[tuple[str, str, str]], funds: int, per_fund: int,
                seed: int = 100) -> tuple[Path, Path]:
    rng = random.Random(seed)
    top = folder / "portfolio.csv"
    flat = folder / "flat.csv"
    with top.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Name", "Ticker", "Asset Class", "Market Value"])
        for number in range(funds):
            writer.writerow([f"Fund {number:04}", f"FND{number:04}", "Fund", 1_000_000])
    with flat.open("w", newline="", encoding="utf-8") as flat_fh:
        flat_writer = csv.writer(flat_fh)
        flat_writer.writerow(["Name", "Ticker", "CUSIP", "Market Value"])
        for number in range(funds):
            with (folder / f"FND{number:04}.csv").open("w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(["Name", "Ticker", "CUSIP", "Weight (%)"])
                for _ in range(per_fund):
                    name, ticker, cusip = rng.choice(pool)
                    writer.writerow([name, ticker, cusip, 100 / per_fund])
                    flat_writer.writerow([name, ticker, cusip, 1_000_000 / per_fund])
    return top, flat


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=HERE.parent / "../shared/data")
    parser.add_argument("--funds", type=int, default=1000)
    parser.add_argument("--per-fund", type=int, default=100)
    parser.add_argument("--out", type=Path, default=HERE / "results/portfolio_speed.json")
    args = parser.parse_args()
    snapshot = load_snapshot()
    screener = Screener(snapshot.entities)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        top, flat = write_files(folder, issuers(args.shared), args.funds, args.per_fund)
        funds = FundFiles()
        funds.add_folder(folder)
        started = time.perf_counter()
        result = PortfolioScreener(screener, snapshot.infos, funds).screen(top)
        look_through = time.perf_counter() - started
        started = time.perf_counter()
        baseline = PortfolioScreener(screener, snapshot.infos, FundFiles()).screen(flat)
        flat_seconds = time.perf_counter() - started
    exposed = sum(e["value"] for e in result["exposures"])
    report = {
        "funds": args.funds, "holdings": args.funds * args.per_fund,
        "look_through_seconds": round(look_through, 3),
        "flat_baseline_seconds": round(flat_seconds, 3),
        "ratio_to_flat": round(look_through / flat_seconds, 2),
        "exposures": len(result["exposures"]),
        "exposed_share": round(exposed / result["total_value"], 6),
        "same_exposure_as_flat": abs(exposed - sum(e["value"] for e in baseline["exposures"]))
        < 1e-3 * result["total_value"],
    }
    save(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
