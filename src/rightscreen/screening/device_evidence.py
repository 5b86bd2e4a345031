"""The evidence one device carries about who made it: MAC prefix, names, brand, model,
banners, software and category, each with its source. Judging it is `screening.devices`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rightscreen.devices.fingerprints import Fingerprints, Pattern
from rightscreen.devices.mac import MacAddress
from rightscreen.devices.model import Device
from rightscreen.devices.registry import MacRegistry

# Where a declared name comes from, for telling a conflict from a component maker's MAC.
DECLARED = ("vendor", "brand")
US_NAMES = frozenset({"us", "usa", "united states", "united states of america", "u.s.",
                      "u.s.a."})


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: str  # oui, name, brand, model, banner, software, category
    value: str
    detail: str
    source: str
    maker: str | None = None  # a covered maker's id, when the evidence names one
    strong: bool = True
    field: str | None = None  # the device field it was read from
    category: str | None = None  # a category listing's id

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "value": self.value, "detail": self.detail,
                               "source": self.source, "strength": "strong" if self.strong
                               else "weak"}
        if self.maker:
            out["maker"] = self.maker
        if self.field:
            out["field"] = self.field
        return out


def oui_evidence(device: Device, registry: MacRegistry, prints: Fingerprints,
                 ) -> tuple[Evidence | None, str | None]:
    """The MAC prefix's evidence, and the registrant's name to resolve by name (or None)."""
    raw = device.fields.get("mac")
    mac = MacAddress.parse(raw) if raw else None
    if mac is None or raw is None:
        return None, None
    shown = raw if len(raw) == 17 else str(mac)
    if mac.is_multicast or mac.is_null:
        return Evidence("oui", shown, "a multicast or null address: names no device",
                        "IEEE 802 address bits", strong=False, field="mac"), None
    if mac.is_local:
        return Evidence("oui", shown, "locally administered (often randomised): names no "
                        "manufacturer, not attributed", "IEEE 802 address bits", strong=False,
                        field="mac"), None
    found = registry.lookup(mac)
    if found is None:
        return Evidence("oui", shown, "prefix not in the registries read (registered "
                        "later, or unassigned)", "; ".join(s["title"] for s in
                                                           registry.sources),
                        strong=False, field="mac"), None
    maker = next((m.id for m in prints.makers.values()
                  if found.organisation.casefold() in m.registrants), None)
    detail = f"{found.prefix} ({found.bits}-bit block) registered to {found.organisation}"
    return Evidence("oui", shown, detail, found.registry, maker, field="mac"), (
        None if maker else found.organisation)


def brand_evidence(value: str, field: str, installed: str | None,
                   prints: Fingerprints) -> Evidence | None:
    relation = prints.brands.get(value.strip().casefold())
    if relation is None:
        return None
    when = f" ({relation.start or '…'} to {relation.end or 'now'})" \
        if relation.start or relation.end else ""
    detail = f"brand of {prints.makers[relation.maker].name}{when}"
    if relation.start or relation.end:
        if installed is None:
            return Evidence("brand", value, detail + "; the device's date is unknown",
                            relation.source, relation.maker, strong=False, field=field)
        inside = ((relation.start is None or installed >= relation.start)
                  and (relation.end is None or installed <= relation.end))
        if not inside:
            return Evidence("brand", value, detail + f"; installed {installed}, outside it",
                            relation.source, None, strong=False, field=field)
    return Evidence("brand", value, detail, relation.source, relation.maker,
                    strong=relation.strong, field=field)


def pattern_evidence(kind: str, value: str, patterns: tuple[Pattern, ...],
                     prints: Fingerprints, field: str | None = None) -> list[Evidence]:
    out = []
    for pattern in patterns:
        if pattern.pattern.search(value):
            what = f" {pattern.what}" if pattern.what else ""
            out.append(Evidence(kind, value, f"{prints.makers[pattern.maker].name}{what} "
                                             f"pattern {pattern.pattern.pattern}",
                                pattern.source, pattern.maker, pattern.strong, field))
    return out


def category_evidence(device: Device, prints: Fingerprints) -> Evidence | None:
    kind = (device.fields.get("category") or "").strip().casefold()
    if not kind:
        return None
    for category in prints.categories:
        if kind in category.kinds:
            country = (device.fields.get("country") or "").strip()
            base = f"FCC Covered List category \"{category.entry}\", listed {category.listed}"
            if not country:
                return Evidence("category", kind, base + "; country of production unknown: "
                                f"review (exceptions: {category.exceptions})", category.source,
                                strong=False, field="category", category=category.id)
            if country.casefold() in US_NAMES:
                return None
            return Evidence("category", kind, base + f"; produced in {country} "
                            f"(exceptions: {category.exceptions})", category.source,
                            field="category", category=category.id)
    return None
