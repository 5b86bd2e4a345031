"""Equipment inventories judged against NDAA s.889 and the FCC Covered List: one verdict per
device, `covered`, `review` or `clear`, with every piece of evidence and its source.

Evidence naming a covered producer strongly (its own MAC block, its brand, a model or banner
only it uses, its name through the name screener) makes a device `covered`; weak evidence
(a prefix makers share, a brand relation the device's date cannot place, a category whose
country of production is unknown) or a conflict (a device declared as another maker's with
a covered maker's evidence) makes it `review`. Conflicts are shown, never resolved silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rightscreen import __version__
from rightscreen.devices import Device, Inventory, MacRegistry, default_registry, read_inventory
from rightscreen.devices.fingerprints import Fingerprints, load_fingerprints
from rightscreen.errors import RightscreenError
from rightscreen.matching.screener import Query, Screener
from rightscreen.model import ListInfo, RowProblem
from rightscreen.screening.device_evidence import (
    DECLARED,
    Evidence,
    brand_evidence,
    category_evidence,
    oui_evidence,
    pattern_evidence,
)

COVERING_LISTS = ("ndaa-889", "fcc-covered")
# A vendor name must match a listed name this well to name its maker: a device register's
# "Dahua" must not become every firm with a word in common.
NAME_THRESHOLD = 0.85
# A manufacturer listed elsewhere (Entity List, not s.889) is flagged for review only on a
# near-certain name match: "Axis" must not be sent to review for resembling "Z AXIS LLC".
LISTED_OTHER_THRESHOLD = 0.95
BASIS = {"ndaa-889": "NDAA FY2019 s.889 (in force 2019-08-13; FAR 52.204-24/25/26)",
         "fcc-covered": "FCC Covered List (47 CFR 1.50002)"}


@dataclass(slots=True)
class MakerInfo:
    id: str
    name: str
    entity_id: str | None
    lists: list[str]
    listed: dict[str, str]  # list id → listing date
    scope: str

    @property
    def covered(self) -> bool:
        return any(lst in COVERING_LISTS for lst in self.lists)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "entity_id": self.entity_id,
                "lists": self.lists, "listed": self.listed,
                "basis": [BASIS[lst] for lst in COVERING_LISTS if lst in self.lists],
                "scope": self.scope}


@dataclass(slots=True)
class DeviceResult:
    device: Device
    verdict: str
    manufacturer: MakerInfo | None
    evidence: list[Evidence]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.device.file, "row": self.device.row,
                "device": self.device.to_dict(), "verdict": self.verdict,
                "manufacturer": self.manufacturer.to_dict() if self.manufacturer else None,
                "evidence": [e.to_dict() for e in self.evidence], "notes": self.notes}


class DeviceScreener:
    """Built once; judges many devices. Names, models and MAC blocks repeat across an
    inventory, so each distinct value is judged once."""

    def __init__(self, screener: Screener, lists: list[ListInfo], *,
                 registry: MacRegistry | None = None,
                 fingerprints: Fingerprints | None = None):
        self.screener = screener
        self.lists = lists
        self.registry = registry or default_registry()
        self.prints = fingerprints or load_fingerprints()
        self.makers = {m.id: self._resolve_maker(m.id) for m in self.prints.makers.values()}
        self._names: dict[str, tuple[str | None, str, str]] = {}
        self._patterns: dict[tuple[str, str, str | None], list[Evidence]] = {}

    def _resolve_maker(self, maker_id: str) -> MakerInfo:
        maker = self.prints.makers[maker_id]
        hits = self.screener.screen(Query(maker.name), threshold=NAME_THRESHOLD)
        hit = next((h for h in hits if any(lst in COVERING_LISTS for lst in h.lists)),
                   hits[0] if hits else None)
        if hit is None:
            return MakerInfo(maker_id, maker.name, None, [], {}, maker.scope)
        listed = {s["list_id"]: s["listed"] for s in hit.sources if s.get("listed")}
        return MakerInfo(maker_id, hit.name, hit.entity_id, list(hit.lists), listed, maker.scope)

    def resolve_name(self, name: str) -> tuple[str | None, str, str]:
        """(covered maker id or None, detail, source) for a manufacturer's name."""
        key = " ".join(name.casefold().split())
        cached = self._names.get(key)
        if cached is not None:
            return cached
        result: tuple[str | None, str, str]
        unrelated = self.prints.unrelated.get(key)
        if unrelated is not None:
            result = (None, f"not {self.prints.makers[unrelated.looks_like].name}",
                      unrelated.source)
        else:
            result = self._screen_name(name)
        if len(self._names) < 200_000:
            self._names[key] = result
        return result

    def _screen_name(self, name: str) -> tuple[str | None, str, str]:
        for hit in self.screener.screen(Query(name), threshold=NAME_THRESHOLD)[:3]:
            maker = next((m for m in self.makers.values()
                          if m.entity_id == hit.entity_id or (hit.subject and hit.subject == m.id)),
                         None)
            source = "; ".join(sorted({s["list_id"] for s in hit.sources}))
            if maker is not None:
                return (maker.id, f"name matches {hit.name} ({hit.score:.2f})", source)
            if hit.score >= LISTED_OTHER_THRESHOLD:
                return (None, f"name matches {hit.name} ({hit.score:.2f}), listed on "
                              f"{', '.join(hit.lists)} but not a covered producer", source)
        return (None, "", "")

    def judge(self, device: Device) -> DeviceResult:
        evidence: list[Evidence] = []
        notes: list[str] = []
        oui, registrant = oui_evidence(device, self.registry, self.prints)
        if oui is not None:
            evidence.append(oui)
        installed = device.fields.get("installed")
        declared_other: list[str] = []
        for name_field in DECLARED:
            value = device.fields.get(name_field)
            if not value:
                continue
            brand = brand_evidence(value, name_field, installed, self.prints)
            if brand is not None:
                evidence.append(brand)
                continue
            maker, detail, source = self.resolve_name(value)
            if maker is not None:
                evidence.append(Evidence("name", value, detail, source, maker, field=name_field))
            elif detail:
                evidence.append(Evidence("name", value, detail, source, None, strong=False,
                                         field=name_field))
                declared_other.append(value)
            else:
                declared_other.append(value)
        relation = self.prints.brand_registrants.get((registrant or "").casefold())
        if relation is not None and registrant:
            via = brand_evidence(relation.brand, "mac", installed, self.prints)
            if via is not None:
                evidence.append(replace(via, kind="oui", value=registrant,
                                        detail=f"MAC registrant {registrant}: {via.detail}"))
        elif registrant:
            maker, detail, source = self.resolve_name(registrant)
            if maker is not None:
                evidence.append(Evidence("name", registrant, f"MAC registrant: {detail}", source,
                                         maker, field="mac"))
        if model := device.fields.get("model"):
            evidence.extend(self._matches("model", model.upper(), "model"))
        for kind, text in device.banners:
            evidence.extend(self._matches("banner", text, kind))
        for item in device.software:
            evidence.extend(self._matches("software", item, "software"))
        if category := category_evidence(device, self.prints):
            evidence.append(category)
        return self._verdict(device, evidence, declared_other, notes)

    def _matches(self, kind: str, value: str, field_name: str | None) -> list[Evidence]:
        # An inventory repeats its models and banners: each distinct one is matched once.
        key = (kind, value, field_name)
        found = self._patterns.get(key)
        if found is None:
            patterns = {"model": self.prints.models, "banner": self.prints.banners,
                        "software": self.prints.software}[kind]
            found = pattern_evidence(kind, value, patterns, self.prints, field_name)
            if len(self._patterns) < 200_000:
                self._patterns[key] = found
        return found

    def _verdict(self, device: Device, evidence: list[Evidence], declared_other: list[str],
                 notes: list[str]) -> DeviceResult:
        covered = {e.maker for e in evidence if e.maker and self.makers[e.maker].covered}
        strong = [e for e in evidence if e.strong and e.maker in covered]
        weak = [e for e in evidence if not e.strong and e.maker in covered]
        category = [e for e in evidence if e.kind == "category"]
        if len(covered) > 1:
            notes.append("evidence names more than one covered maker: "
                         + ", ".join(sorted(covered)))
        first = next(iter(strong or weak), None)
        manufacturer = self.makers[first.maker] if first is not None and first.maker else None
        if strong and declared_other:
            notes.append(f"conflict: declared as {', '.join(declared_other)}, but the evidence "
                         f"names {manufacturer.name if manufacturer else 'a covered maker'}")
            return DeviceResult(device, "review", manufacturer, evidence, notes)
        if strong or any(e.strong for e in category):
            return DeviceResult(device, "covered", manufacturer, evidence, notes)
        listed_other = [e for e in evidence if e.kind == "name" and "listed on" in e.detail]
        if weak or category or listed_other:
            return DeviceResult(device, "review", manufacturer, evidence, notes)
        return DeviceResult(device, "clear", None, evidence, notes)

    def screen_paths(self, paths: list[Path]) -> dict[str, Any]:
        """Read and judge every inventory; the result envelope."""
        results: list[DeviceResult] = []
        problems: list[RowProblem] = []
        formats: dict[str, str] = {}
        for path in paths:
            try:
                inventory: Inventory = read_inventory(path)
            except RightscreenError as exc:
                problems.append(RowProblem(str(path), None, str(exc)))
                continue
            formats[inventory.path] = inventory.format
            problems.extend(inventory.problems)
            results.extend(self.judge(d) for d in inventory.devices)
        return self._envelope(results, problems, formats)

    def _envelope(self, results: list[DeviceResult], problems: list[RowProblem],
                  formats: dict[str, str]) -> dict[str, Any]:
        verdicts = Counter(r.verdict for r in results)
        return {
            "tool": {"name": "rightscreen", "version": __version__},
            "kind": "devices",
            "lists": [{k: v for k, v in i.to_dict().items() if k != "files"}
                      for i in self.lists],
            "sources": self.registry.sources + [{"id": "device-fingerprints", "title":
                                                 "rightscreen data/device_fingerprints.yaml",
                                                 "date": __version__}],
            "inputs": formats,
            "devices_read": len(results),
            "summary": {
                "by_verdict": {v: verdicts.get(v, 0) for v in ("covered", "review", "clear")},
                "by_manufacturer": dict(sorted(Counter(
                    r.manufacturer.name for r in results
                    if r.manufacturer and r.verdict != "clear").items())),
                "by_site": {site: dict(sorted(counts.items())) for site, counts in sorted(
                    _by_site(results).items())},
            },
            "results": [r.to_dict() for r in results],
            "problems": [p.to_dict() for p in problems],
        }


def _by_site(results: list[DeviceResult]) -> dict[str, Counter[str]]:
    sites: dict[str, Counter[str]] = {}
    for result in results:
        site = result.device.fields.get("site") or "(no site)"
        sites.setdefault(site, Counter())[result.verdict] += 1
    return sites
