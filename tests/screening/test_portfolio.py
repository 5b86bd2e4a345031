from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rightscreen import Screener
from rightscreen.model import OwnershipLink
from rightscreen.ownership import ListRules, owners_of
from rightscreen.reports.tabular import write_report
from rightscreen.screening.portfolio import FundFiles, PortfolioScreener
from rightscreen.snapshot import Snapshot

EXAMPLES = Path(__file__).parents[2] / "examples" / "portfolio"


def _run(screener: Screener, builtin: Snapshot, path: Path, funds: FundFiles) -> dict[str, Any]:
    return PortfolioScreener(screener, builtin.infos, funds).screen(path)


def test_example_pension_through_its_tracker(screener: Screener, builtin: Snapshot) -> None:
    funds = FundFiles()
    funds.add_folder(EXAMPLES)
    out = _run(screener, builtin, EXAMPLES / "pension.csv", funds)
    by_name = {e["name"]: e for e in out["exposures"]}
    hik = by_name["Hangzhou Hikvision Digital Technology Co., Ltd."]
    # 4,300,000 held directly by ISIN + 0.35% of the 25,000,000 tracker by ticker.
    assert hik["value"] == pytest.approx(4_300_000 + 87_500)
    assert {p["match"]["by"] for p in hik["paths"]} == {"isin", "ticker"}
    assert [p["via"] for p in hik["paths"]] == [[], ["Emerging Markets Index Tracker"]]
    assert {"bis-entity-list", "ndaa-889", "ofac-nonsdn"} <= set(hik["lists"])
    assert hik["share"] == pytest.approx(hik["value"] / out["total_value"])
    assert out["total_value"] == 4_300_000 + 25_000_000 + 1_200_000 + 2_000_000
    assert out["short_positions"][0]["value"] == -150_000
    flag = out["ownership_flags"][0]
    assert flag["owner"] == "cetc" and flag["share"] == 0.42 and flag["exposure_under"] == []
    coverage = out["coverage"]
    assert sum(coverage.values()) == pytest.approx(out["total_value"])


def test_cycle_and_missing_fund_files_are_reported(tmp_path: Path, screener: Screener,
                                                   builtin: Snapshot) -> None:
    (tmp_path / "top.csv").write_text("Name,Ticker,Market Value\nFund A,FUNDA,100\n", "utf-8")
    (tmp_path / "FUNDA.csv").write_text("Name,Ticker,Weight (%)\nFund B,FUNDB,50\n"
                                        "Megvii Technology,,50\n", "utf-8")
    (tmp_path / "FUNDB.csv").write_text("Name,Ticker,Weight (%)\nFund A,FUNDA,100\n", "utf-8")
    (tmp_path / "UNUSED.csv").write_text("Name,Ticker,Weight (%)\nX,Y,100\n", "utf-8")
    funds = FundFiles()
    funds.add_folder(tmp_path)
    out = _run(screener, builtin, tmp_path / "top.csv", funds)
    messages = [p["message"] for p in out["problems"]]
    assert any(m.startswith("fund cycle") for m in messages)
    assert any("no holding carries its identifier" in m for m in messages)
    (megvii,) = out["exposures"]
    assert megvii["value"] == pytest.approx(50) and megvii["paths"][0]["via"] == ["Fund A"]
    assert megvii["paths"][0]["match"]["by"] == "name"


def test_bad_input_is_reported_not_silently_summed(tmp_path: Path, screener: Screener,
                                                   builtin: Snapshot) -> None:
    (tmp_path / "p.csv").write_text(
        "Name,ISIN,Market Value,Currency,Weight (%)\n"
        "Hikvision,CNE100000PM8,100,USD,40\nHikvision,CNE100000PM8,100,USD,40\n"
        "Bad Id Co,XX0000000000,50,EUR,10\n", "utf-8")
    out = _run(screener, builtin, tmp_path / "p.csv", FundFiles())
    messages = " | ".join(p["message"] for p in out["problems"])
    assert "weights sum to 90.00%" in messages
    assert "several currencies" in messages
    assert "duplicate of row 2" in messages
    assert "invalid ISIN" in messages


def test_fifty_percent_rule_and_dates() -> None:
    rules = ListRules("listed-only", {"ofac-sdn": "fifty-percent"}, 0.5)
    links = [OwnershipLink("a", "target", 0.3, source="s"),
             OwnershipLink("b", "target", 0.25, start="2020-01-01", source="s"),
             OwnershipLink("c", "a", 1.0, source="s")]
    lists_of = {"a": ["ofac-sdn"], "b": ["ofac-sdn"], "c": ["ofac-sdn"]}
    found = owners_of("target", links, lists_of, rules, "2021-01-01")
    assert {f.owner: f.counts_as_exposure for f in found} == {
        "a": ["ofac-sdn"], "b": ["ofac-sdn"], "c": ["ofac-sdn"]}
    earlier = owners_of("target", links[:2], lists_of, rules, "2019-01-01")
    assert [(f.owner, f.counts_as_exposure) for f in earlier] == [("a", [])]


def test_reports(tmp_path: Path, screener: Screener, builtin: Snapshot) -> None:
    funds = FundFiles()
    funds.add_folder(EXAMPLES)
    out = _run(screener, builtin, EXAMPLES / "pension.csv", funds)
    write_report(out, tmp_path / "p.html")
    html = (tmp_path / "p.html").read_text("utf-8")
    assert "<svg" in html and "Exposure by fund" in html and "Hikvision" in html
    write_report(out, tmp_path / "p.csv")
    assert "Emerging Markets Index Tracker" in (tmp_path / "p.csv").read_text("utf-8")
    write_report(out, tmp_path / "p.xlsx")
    assert (tmp_path / "p.xlsx").stat().st_size > 0


def test_adr_and_h_share_map_to_the_issuer(tmp_path: Path, screener: Screener,
                                           builtin: Snapshot) -> None:
    (tmp_path / "p.csv").write_text(
        "Name,Ticker,Exchange,Market Value\n"
        "Some ADR,CHL,NYSE,100\nSome H share,00981,Hong Kong Stock Exchange,50\n", "utf-8")
    out = _run(screener, builtin, tmp_path / "p.csv", FundFiles())
    by_holding = {e["paths"][0]["holding"]: e for e in out["exposures"]}
    assert by_holding["Some ADR"]["name"].upper() == "CHINA MOBILE LIMITED"
    assert by_holding["Some ADR"]["paths"][0]["match"]["by"] == "ticker"
    assert "ofac-nonsdn" in by_holding["Some H share"]["lists"]


def test_constituent_list_without_values_counts_equal_shares(tmp_path: Path, screener: Screener,
                                                             builtin: Snapshot) -> None:
    (tmp_path / "index.csv").write_text("code,name\n002415,海康威视\n600000,浦发银行\n"
                                        "000001,平安银行\n600519,贵州茅台\n", "utf-8")
    out = _run(screener, builtin, tmp_path / "index.csv", FundFiles())
    (hik,) = out["exposures"]
    assert hik["share"] == pytest.approx(0.25)
    assert any("equal share" in p["message"] for p in out["problems"])


def test_holding_country_keeps_a_namesake_out(tmp_path: Path, screener: Screener,
                                              builtin: Snapshot) -> None:
    (tmp_path / "p.csv").write_text("Name,Country,Market Value\nCOSTAR GROUP INC,US,100\n",
                                    "utf-8")
    out = _run(screener, builtin, tmp_path / "p.csv", FundFiles())
    assert out["exposures"] == []
