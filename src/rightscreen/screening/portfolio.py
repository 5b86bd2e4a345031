"""Portfolio look-through: how much of a portfolio reaches listed firms, through which funds,
by which evidence. Funds inside funds are followed to any depth; a cycle is reported."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightscreen import __version__
from rightscreen.errors import InputError
from rightscreen.holdings import Holding, HoldingsFile, read_holdings
from rightscreen.holdings.identifiers import clean_identifiers
from rightscreen.identifiers import normalize_identifier
from rightscreen.matching.screener import Query, Screener
from rightscreen.model import ListInfo, OwnershipLink, RowProblem
from rightscreen.ownership import ListRules, load_rules, owners_of
from rightscreen.supplement import load_supplement

ID_ORDER = ("isin", "lei", "uscc", "ticker")
FUND_KEYS = ("isin", "cusip", "lei", "ticker", "figi", "sedol")


@dataclass(slots=True)
class PathStep:
    via: list[str]
    holding: str
    value: float
    match: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"via": self.via, "holding": self.holding, "value": round(self.value, 2),
                "match": self.match}


@dataclass(slots=True)
class Exposure:
    entity_id: str
    name: str
    lists: set[str]
    value: float = 0.0
    paths: list[PathStep] = field(default_factory=list)

    def to_dict(self, total: float) -> dict[str, Any]:
        return {"entity_id": self.entity_id, "name": self.name, "lists": sorted(self.lists),
                "value": round(self.value, 2),
                "share": round(self.value / total, 6) if total else None,
                "paths": [p.to_dict() for p in self.paths]}


@dataclass(slots=True)
class FundFiles:
    """Fund holdings by the fund's identifier: `--fund IDENT=FILE` or a folder of files named
    by identifier."""

    by_key: dict[str, Path] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def add(self, ident: str, path: Path) -> None:
        for key in fund_keys(ident):
            self.by_key[key] = path

    def add_folder(self, folder: Path) -> None:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                self.add(path.stem, path)

    def find(self, holding: Holding) -> Path | None:
        keys = [f"{s}:{v}" for s, v in holding.identifiers.items()]
        keys.append(f"name:{_fold(holding.name)}")
        for key in keys:
            if key in self.by_key:
                self.used.add(str(self.by_key[key]))
                return self.by_key[key]
        return None


def fund_keys(ident: str) -> list[str]:
    ident = ident.strip()
    keys = [f"name:{_fold(ident)}"]
    for scheme in ("isin", "cusip", "lei", "figi", "sedol"):
        cleaned, problems = clean_identifiers({scheme: ident})
        if not problems:
            keys.extend(f"{s}:{v}" for s, v in cleaned.items())
    keys.append(f"ticker:{normalize_identifier('ticker', ident)}")
    return keys


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class PortfolioScreener:
    def __init__(self, screener: Screener, lists: list[ListInfo], funds: FundFiles, *,
                 threshold: float = 0.85, rules: ListRules | None = None,
                 links: list[OwnershipLink] | None = None):
        self.screener = screener
        self.lists = lists
        self.funds = funds
        self.threshold = threshold
        self.rules = rules or load_rules()
        self.links = links if links is not None else load_supplement().links
        self._names: dict[str, tuple[int, str] | None] = {}
        self._fund_files: dict[Path, HoldingsFile] = {}
        entities = screener.index.entities
        lists_of: dict[str, set[str]] = defaultdict(set)
        for entity in entities:
            if entity.subject:
                lists_of[entity.subject].update(entity.lists)
        self.lists_of = {k: sorted(v) for k, v in lists_of.items()}
        self.subject_names = {s.id: s.name for s in load_supplement().subjects}

    def screen(self, path: Path) -> dict[str, Any]:
        top = read_holdings(path)
        problems: list[RowProblem] = list(top.problems)
        exposures: dict[str, Exposure] = {}
        coverage: dict[str, float] = defaultdict(float)
        shorts: list[dict[str, Any]] = []
        total = _check_file(top, problems, top_level=True)
        self._walk(top, total, [], [str(path)], exposures, coverage, shorts, problems)
        unused = {str(p) for p in self.funds.by_key.values()} - self.funds.used - {str(path)}
        for fund_file in sorted(unused):
            problems.append(RowProblem(fund_file, None, "fund file given but no holding "
                                       "carries its identifier; not used"))
        flags = self._ownership(exposures, top.as_of)
        ordered = sorted(exposures.values(), key=lambda e: (-e.value, e.entity_id))
        return {
            "tool": {"name": "rightscreen", "version": __version__},
            "lists": [{k: v for k, v in i.to_dict().items() if k != "files"} for i in self.lists],
            "as_of": top.as_of,
            "total_value": round(total, 2),
            "coverage": {k: round(v, 2) for k, v in sorted(coverage.items())},
            "exposures": [e.to_dict(total) for e in ordered],
            "ownership_flags": flags,
            "short_positions": shorts,
            "problems": [p.to_dict() for p in problems],
        }

    def _walk(self, file: HoldingsFile, scale: float, via: list[str], stack: list[str],
              exposures: dict[str, Exposure], coverage: dict[str, float],
              shorts: list[dict[str, Any]], problems: list[RowProblem]) -> None:
        file_total = sum(h.value for h in file.holdings if h.value and h.value > 0)
        for holding in file.holdings:
            value = _value_of(holding, file_total, scale, top_level=not via)
            if value is None:
                problems.append(RowProblem(file.path, holding.row, "no value or weight; "
                                           "screened but not counted"))
                value = 0.0
            if value < 0:
                shorts.append({"file": file.path, "row": holding.row, "holding": holding.name,
                               "value": round(value, 2), "via": via})
                continue
            fund_path = self.funds.find(holding)
            if fund_path is not None:
                if str(fund_path) in stack:
                    problems.append(RowProblem(file.path, holding.row, "fund cycle: "
                                               + " -> ".join([*stack, str(fund_path)])))
                    continue
                inner = self._fund_file(fund_path)
                problems.extend(inner.problems)
                _check_file(inner, problems, top_level=False)
                self._walk(inner, value, [*via, holding.name], [*stack, str(fund_path)],
                           exposures, coverage, shorts, problems)
                continue
            if holding.is_fund:
                coverage["fund_not_looked_through"] += value
                problems.append(RowProblem(file.path, holding.row, f"fund {holding.name!r} has "
                                           "no holdings file (--fund IDENT=FILE): not looked "
                                           "through"))
            found = self._match(holding)
            if found is None:
                coverage["not_exposed"] += value
                continue
            position, by, detail = found
            coverage[f"exposed_by_{'identifier' if by != 'name' else 'name'}"] += value
            entity = self.screener.index.entities[position]
            key = entity.subject or entity.id
            exposure = exposures.get(key)
            if exposure is None:
                name = self.subject_names.get(entity.subject or "", entity.name)
                exposure = exposures[key] = Exposure(entity.id, name, set())
            exposure.lists.update(self.lists_of.get(entity.subject or "", entity.lists))
            exposure.value += value
            exposure.paths.append(PathStep(via, holding.name, value,
                                           {"by": by, "detail": detail}))

    def _fund_file(self, path: Path) -> HoldingsFile:
        # A fund held through several funds is read once.
        cached = self._fund_files.get(path)
        if cached is None:
            cached = self._fund_files[path] = read_holdings(path)
        return cached

    def _match(self, holding: Holding) -> tuple[int, str, str] | None:
        index = self.screener.index.identifiers
        for scheme in ID_ORDER:
            value = holding.identifiers.get(scheme)
            if not value:
                continue
            positions = index.get((scheme, normalize_identifier(scheme, value)))
            if positions:
                entity = self.screener.index.entities[positions[0]]
                return positions[0], scheme, f"{scheme.upper()} {value} is {entity.id}'s"
        if not holding.name:
            return None
        key = f"{holding.name}\t{holding.country or ''}"
        cached = self._names.get(key, ...)
        if cached is ...:
            hits = self.screener.screen(Query(holding.name, holding.country),
                                        threshold=self.threshold)
            cached = None
            if hits:
                hit = hits[0]
                position, _ = self.screener.entity(hit.entity_id)
                cached = (position, f"name {hit.matched_name!r} at {hit.score:.2f}")
            self._names[key] = cached
        if cached is None:
            return None
        return cached[0], "name", cached[1]

    def _ownership(self, exposures: dict[str, Exposure], day: str | None) -> list[dict[str, Any]]:
        flags = []
        for key in sorted(exposures):
            for finding in owners_of(key, self.links, self.lists_of, self.rules, day):
                entry = finding.to_dict()
                entry["owner_name"] = self.subject_names.get(finding.owner, finding.owner)
                entry["owned_name"] = exposures[key].name
                flags.append(entry)
        return flags


def _value_of(holding: Holding, file_total: float, scale: float, *, top_level: bool
              ) -> float | None:
    if top_level:
        if holding.value is not None:
            return holding.value
        return holding.weight * scale if holding.weight is not None else None
    # Inside a fund, its share of the fund carries the value held in the fund down.
    if holding.weight is not None:
        return holding.weight * scale
    if holding.value is not None and file_total:
        return holding.value / file_total * scale
    return None


def _check_file(file: HoldingsFile, problems: list[RowProblem], *, top_level: bool) -> float:
    """The file's total long value (or 1.0 when it has only weights), with its problems."""
    if not file.holdings:
        raise InputError("no holdings found", path=file.path)
    values = [h.value for h in file.holdings if h.value is not None]
    weights = [h.weight for h in file.holdings if h.weight is not None]
    if weights and abs(sum(weights) - 1.0) > 0.02:
        problems.append(RowProblem(file.path, None, f"weights sum to {sum(weights) * 100:.2f}%, "
                                   "not 100%: shares are of the stated values"))
    currencies = {h.currency for h in file.holdings if h.currency and h.value is not None}
    if len(currencies) > 1:
        problems.append(RowProblem(file.path, None, "values in several currencies ("
                                   + ", ".join(sorted(currencies)) + ") without exchange rates: "
                                   "the total adds them as they stand"))
    seen: dict[tuple[str, str, float | None], int] = {}
    for holding in file.holdings:
        key = (holding.name, str(sorted(holding.identifiers.items())), holding.value)
        if key in seen:
            problems.append(RowProblem(file.path, holding.row, f"duplicate of row {seen[key]}; "
                                       "both counted"))
        else:
            seen[key] = holding.row
    if not values and not weights:
        problems.append(RowProblem(file.path, None, "no values or weights: each holding "
                                   "counted as an equal share"))
        for holding in file.holdings:
            holding.weight = 1.0 / len(file.holdings)
        return 1.0
    if top_level and values:
        return float(sum(v for v in values if v > 0))
    return 1.0 if weights else float(sum(v for v in values if v > 0))
