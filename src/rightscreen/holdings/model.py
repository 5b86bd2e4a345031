"""A position in a portfolio or fund, and the file it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rightscreen.model import RowProblem


@dataclass(slots=True)
class Holding:
    row: int
    name: str
    identifiers: dict[str, str] = field(default_factory=dict)  # scheme -> canonical value
    value: float | None = None  # in `currency`
    weight: float | None = None  # fraction of the holder, 0..1
    currency: str | None = None
    is_fund: bool = False
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "name": self.name}
        if self.identifiers:
            out["identifiers"] = self.identifiers
        for key in ("value", "weight", "currency", "country"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.is_fund:
            out["is_fund"] = True
        return out


@dataclass(slots=True)
class HoldingsFile:
    path: str
    format: str
    holdings: list[Holding]
    problems: list[RowProblem] = field(default_factory=list)
    as_of: str | None = None
    # The holder's own identifiers where the file states them (an N-PORT series LEI).
    identifiers: dict[str, str] = field(default_factory=dict)
    name: str | None = None
