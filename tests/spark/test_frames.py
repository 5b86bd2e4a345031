"""screen_dataframe on a real local Spark: the local engine's hits, and bad input per row."""

from __future__ import annotations

import datetime
import json
import random
from typing import TYPE_CHECKING, Any

import pytest

from rightscreen import Query, Screener
from rightscreen.errors import InputError
from rightscreen.snapshot import Snapshot
from rightscreen.spark import screen_dataframe
from rightscreen.spark.batches import EMPTY_NAME

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

UNLISTED = ["Northwind Traders", "Acme Office Supplies Ltd", "Contoso Pharmaceuticals",
            "Fabrikam Logistics GmbH", "Blue Harbor Fisheries", "Tailspin Toys Inc",
            "Wide World Importers", "Litware Software Co", "Adventure Works Cycles",
            "Margie's Travel", "Proseware Holdings", "Lucerne Publishing", "张三贸易有限公司"]


def parity_names(snapshot: Snapshot, count: int, seed: int = 11) -> list[str]:
    """Listed names, some with a typo, a word dropped or lower case, and unlisted names."""
    rng = random.Random(seed)
    listed = sorted(e.name for e in snapshot.entities)
    names = []
    for name in rng.sample(listed, count - len(UNLISTED)):
        change = rng.randrange(4)
        if change == 0 and len(name) > 6:
            i = rng.randrange(1, len(name) - 1)
            name = name[:i] + name[i + 1:]
        elif change == 1 and " " in name:
            name = name.rsplit(" ", 1)[0]
        elif change == 2:
            name = name.lower()
        names.append(name)
    return names + UNLISTED


def by_id(rows: list[Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["id"], []).append(row.asDict())
    return out


def test_same_hits_as_the_local_engine(spark: SparkSession, screener: Screener,
                                       builtin: Snapshot) -> None:
    names = parity_names(builtin, 200)
    countries = ["CN", None, "RU", "US"]
    df = spark.createDataFrame([(f"Q{i}", n, countries[i % 4]) for i, n in enumerate(names)],
                               "qid string, name string, country string").repartition(3)
    found = by_id(screen_dataframe(df, "name", "qid").collect())
    # `row` numbers the shuffled DataFrame's rows from 1: one number per input, none twice
    numbers = {r["id"]: r["row"] for rows in found.values() for r in rows}
    assert len(set(numbers.values())) == len(numbers) and max(numbers.values()) <= len(names)
    flagged = 0
    for i, name in enumerate(names):
        local = [h.to_dict() for h in screener.screen(Query(name, countries[i % 4]))]
        rows = found.get(f"Q{i}", [])
        assert [json.loads(r["hit"]) for r in rows] == json.loads(json.dumps(local)), name
        for r, hit in zip(rows, local, strict=True):
            assert r["entity_id"] == hit["entity_id"]
            assert r["score"] == pytest.approx(hit["score"], abs=1e-9)
            assert r["explanation"] == hit["explanation"] and r["lists"] == hit["lists"]
        flagged += bool(local)
    assert flagged > 100  # the variants of listed names are found, not an empty comparison


def test_bad_rows_are_problems_and_types_are_read_as_text(spark: SparkSession) -> None:
    rows = [(1, "HIKVISION", 86, datetime.date(2001, 11, 30)), (2, None, None, None),
            (3, "   ", None, None), (4, "12345", 7, None)]
    df = spark.createDataFrame(rows, "vendor long, supplier string, country int, dob date")
    out = screen_dataframe(df, "supplier", "vendor",
                           columns={"country": "country", "birth_date": "dob"}).collect()
    problems = {r["id"]: r["problem"] for r in out if r["problem"]}
    assert problems == {"2": EMPTY_NAME, "3": EMPTY_NAME}
    assert any(r["id"] == "1" and r["entity_id"] and r["score"] >= 0.7 for r in out)
    assert all(r["entity_id"] is None for r in out if r["problem"])


def test_a_number_column_as_the_name(spark: SparkSession, screener: Screener) -> None:
    df = spark.createDataFrame([(3.5,), (None,)], "name double")
    out = screen_dataframe(df).collect()
    assert [(r["row"], r["problem"]) for r in out if r["problem"]] == [(2, EMPTY_NAME)]
    assert [r["entity_id"] for r in out if r["row"] == 1] == [
        h.entity_id for h in screener.screen("3.5")]  # read as the text "3.5"


def test_evidence_columns_by_the_local_engines_synonyms(spark: SparkSession) -> None:
    # "Acme" matches nothing by name; the ISIN column (found as the CLI finds it) makes the hit
    df = spark.createDataFrame([("Acme", "CNE100000PM8")], "Supplier string, ISIN string")
    out = screen_dataframe(df, "Supplier").collect()
    assert out and out[0]["score"] >= 0.99 and "dow-1260h" in out[0]["lists"]


@pytest.mark.parametrize(("name_col", "id_col", "columns"), [
    ("vendor", None, None), ("name", "vendor_id", None), ("name", None, {"isin": "ISIN"}),
    ("name", None, {"passport": "name"})])
def test_a_missing_column_fails_before_any_job(spark: SparkSession, name_col: str,
                                               id_col: str | None,
                                               columns: dict[str, str] | None) -> None:
    df = spark.createDataFrame([("Acme",)], "name string")
    with pytest.raises(InputError):
        screen_dataframe(df, name_col, id_col, columns=columns)
