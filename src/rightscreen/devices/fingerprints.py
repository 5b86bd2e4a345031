"""The device fingerprints of `data/device_fingerprints.yaml` as typed objects: covered makers,
brands with their dates, model and banner patterns, covered software, category listings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from rightscreen.data import load_yaml
from rightscreen.errors import PackagedDataError


@dataclass(frozen=True, slots=True)
class Maker:
    id: str
    name: str
    registrants: frozenset[str]  # casefolded IEEE registrant names
    scope: str


@dataclass(frozen=True, slots=True)
class Brand:
    brand: str
    maker: str
    start: str | None
    end: str | None
    strong: bool
    source: str


@dataclass(frozen=True, slots=True)
class Pattern:
    pattern: re.Pattern[str]
    maker: str
    strong: bool
    source: str
    what: str


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    kinds: frozenset[str]
    listed: str
    entry: str
    exceptions: str
    source: str


@dataclass(frozen=True, slots=True)
class Unrelated:
    name: str
    looks_like: str
    source: str


@dataclass(frozen=True, slots=True)
class Fingerprints:
    makers: dict[str, Maker]
    brands: dict[str, Brand]  # casefolded brand → relation
    brand_registrants: dict[str, Brand]  # casefolded IEEE registrant → the brand it is
    models: tuple[Pattern, ...]
    banners: tuple[Pattern, ...]
    software: tuple[Pattern, ...]
    categories: tuple[Category, ...]
    unrelated: dict[str, Unrelated]  # casefolded name


@cache
def load_fingerprints() -> Fingerprints:
    try:
        return parse_fingerprints(load_yaml("device_fingerprints.yaml"))
    except (KeyError, TypeError, re.error) as exc:
        raise PackagedDataError(f"data/device_fingerprints.yaml is malformed: {exc}") from exc


def parse_fingerprints(data: dict[str, Any]) -> Fingerprints:
    makers = {k: Maker(k, v["name"], frozenset(r.casefold() for r in v["registrants"]),
                       " ".join(str(v["scope"]).split()))
              for k, v in data["makers"].items()}

    def patterns(key: str) -> tuple[Pattern, ...]:
        return tuple(Pattern(re.compile(p["pattern"]), p["maker"],
                             p.get("strength", "strong") == "strong", p["source"],
                             p.get("what", "")) for p in data[key])

    return Fingerprints(
        makers=makers,
        brands={b["brand"].casefold(): Brand(b["brand"], b["maker"], b.get("from"), b.get("to"),
                                             b.get("strength", "strong") == "strong",
                                             b["source"]) for b in data["brands"]},
        brand_registrants={r.casefold(): Brand(b["brand"], b["maker"], b.get("from"),
                                                b.get("to"),
                                                b.get("strength", "strong") == "strong",
                                                b["source"])
                           for b in data["brands"] for r in b.get("registrants", [])},
        models=patterns("models"),
        banners=patterns("banners"),
        software=patterns("software"),
        categories=tuple(Category(c["id"], frozenset(k.casefold() for k in c["kinds"]),
                                  c["listed"], c["entry"], c["exceptions"], c["source"])
                         for c in data["categories"]),
        unrelated={u["name"].casefold(): Unrelated(u["name"], u["looks_like"], u["source"])
                   for u in data.get("unrelated", [])},
    )
