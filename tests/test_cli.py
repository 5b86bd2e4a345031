from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rightscreen.cli import app

EXAMPLES = Path(__file__).parents[1] / "examples"
runner = CliRunner()


def test_screen_example_vendors(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["screen", str(EXAMPLES / "vendors.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    rows = {r["query"]["name"]: r for r in data["results"]}
    assert rows["HIKVISION"]["hits"][0]["subject"] == "hikvision"
    assert rows["浙江大华技术股份有限公司"]["hits"][0]["subject"] == "dahua"
    assert rows["Northwind Traders"]["hits"] == []
    assert rows["Hangzhou Digital Technology Co. Ltd"]["hits"] == []
    assert data["tool"]["name"] == "rightscreen"


def test_screen_with_own_list_and_threshold(tmp_path: Path, fixtures: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name\nBanco Nacional de Cuba\n", "utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["screen", str(names), "--list", str(fixtures / "ofac-sdn"),
                                 "--threshold", "0.9", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert [lst["id"] for lst in data["lists"]] == ["ofac-sdn"]
    assert data["threshold"] == 0.9
    assert data["results"][0]["hits"][0]["entity_id"] == "ofac-sdn:306"


def test_lists_and_diff(fixtures: Path) -> None:
    result = runner.invoke(app, ["lists"])
    assert result.exit_code == 0 and "bis-entity-list" in result.output
    result = runner.invoke(app, ["lists", "diff", str(fixtures / "ofac-cons"),
                                 str(fixtures / "ofac-cons")])
    assert result.exit_code == 0 and "0 added" in result.output
