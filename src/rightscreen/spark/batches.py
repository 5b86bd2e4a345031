"""What runs on an executor: batches of input rows (pandas, through Arrow) to batches of hits,
each row screened by the same Screener the local engine uses.

Nothing here imports pyspark: `mapInPandas` hands this module plain pandas DataFrames, and the
tests of the row rules need no Spark."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rightscreen.matching.screener import Hit, Query, Screener
from rightscreen.screening.names import EVIDENCE_COLUMNS
from rightscreen.spark.shipping import ShippedIndex, worker_screener

if TYPE_CHECKING:
    import pandas as pd

# The columns a plan hands to the batches, named apart from any of the user's.
ROW = "_rs_row"
IDENTIFIER_SCHEMES = ("isin", "lei", "ticker", "uscc")
# The same words as the local engine's RowProblem for a row without a name.
EMPTY_NAME = "empty name; row not screened"

# One output row per hit (and one per row not screened, with its problem).
HITS_SCHEMA = ("row long, id string, entity_id string, name string, matched_name string, "
               "lists array<string>, score double, explanation array<string>, hit string, "
               "problem string")
# One output row per input row: what the JSON envelope's `results` are made from.
ROWS_SCHEMA = "row long, query string, hits string, problem string"


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a batch needs, pickled once into the task: the shipped index (by name and
    key, not its bytes), the threshold, and which input column holds which field."""

    shipped: ShippedIndex
    threshold: float
    fields: tuple[tuple[str, str], ...]  # (field in EVIDENCE_COLUMNS or "name", column)
    per_row: bool = False  # ROWS_SCHEMA rather than HITS_SCHEMA


def screen_batches(plan: Plan, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The `mapInPandas` function: the screener is loaded once per Python worker (on the first
    batch), then each row is screened in turn. A row that cannot be screened is reported with
    its problem; it never fails the task, and the rest of the batch goes on."""
    import pandas as pd

    screener = worker_screener(plan.shipped)
    columns = ROWS_SCHEMA if plan.per_row else HITS_SCHEMA
    names = [part.split()[0] for part in columns.split(", ")]
    for batch in batches:
        out: list[tuple[Any, ...]] = []
        for record in _records(batch, plan.fields):
            out.extend(_screen_row(screener, plan, record))
        yield pd.DataFrame.from_records(out, columns=names)


def _records(batch: pd.DataFrame, fields: tuple[tuple[str, str], ...]
             ) -> Iterator[dict[str, Any]]:
    """Rows as {field: value}, nulls (None, NaN, NA, whatever the pandas dtype) as None."""
    wanted = [(ROW, ROW), *fields]
    values = {}
    for field, column in wanted:
        series = batch[column]
        values[field] = series.astype(object).where(series.notna(), None).tolist()
    for i in range(len(batch)):
        yield {field: values[field][i] for field, _ in wanted}


def query_fields(record: dict[str, Any]) -> dict[str, str]:
    """The query's fields as the local engine makes them from a table row: the name with its
    whitespace collapsed, and every evidence field that is not empty, stripped."""
    name = " ".join(str(record.get("name") or "").split())
    fields = {"name": name}
    for field in EVIDENCE_COLUMNS:
        value = record.get(field)
        text = "" if value is None else str(value).strip()
        if text:
            fields[field] = text
    return fields


def query_of(fields: dict[str, str]) -> Query:
    identifiers = {s: fields[s] for s in IDENTIFIER_SCHEMES if s in fields}
    return Query(fields["name"], fields.get("country"), identifiers,
                 birth_date=fields.get("birth_date"), nationality=fields.get("nationality"))


def _screen_row(screener: Screener, plan: Plan, record: dict[str, Any]
                ) -> list[tuple[Any, ...]]:
    row = record[ROW]
    fields = query_fields(record)
    hits: list[Hit] = []
    problem: str | None = None
    if not fields["name"]:
        problem = EMPTY_NAME
    else:
        try:
            hits = screener.screen(query_of(fields), threshold=plan.threshold)
        except Exception as exc:  # noqa: BLE001 - one bad row is reported, not a failed job
            problem = f"not screened: {type(exc).__name__}: {exc}"
    if plan.per_row:
        return [(row, _json(fields), _json([h.to_dict() for h in hits]), problem)]
    if problem is not None or not hits:
        # a row without hits has no output row; a row not screened says why
        return [] if problem is None else [
            (row, fields.get("id"), None, None, None, None, None, None, None, problem)]
    return [(row, fields.get("id"), h.entity_id, h.name, h.matched_name, list(h.lists),
             float(h.score), h.explanation, _json(h.to_dict()), None) for h in hits]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
