"""A device as an inventory or a scan describes it, and what reading a file of them yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rightscreen.model import RowProblem

# The fields a device may carry, in the order outputs show them.
FIELDS = ("mac", "ip", "hostname", "vendor", "brand", "model", "serial", "firmware",
          "description", "site", "category", "country", "installed")


@dataclass(slots=True)
class Device:
    file: str
    row: int | None  # data row (1-based), or the host's place in a scan
    fields: dict[str, str] = field(default_factory=dict)  # FIELDS, as read, non-empty only
    software: list[str] = field(default_factory=list)
    # (kind, text): http-server, http-title, http-realm, tls-subject, service, os, telnet...
    banners: list[tuple[str, str]] = field(default_factory=list)
    mac_vendor: str | None = None  # the scanner's own vendor guess, shown beside ours

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: self.fields[k] for k in FIELDS if self.fields.get(k)}
        if self.software:
            out["software"] = self.software
        if self.banners:
            out["banners"] = [{"kind": k, "text": t} for k, t in self.banners]
        if self.mac_vendor:
            out["scanner_mac_vendor"] = self.mac_vendor
        return out


@dataclass(slots=True)
class Inventory:
    path: str
    format: str  # table, nmap-xml, dhcpd-leases, arp, ip-neigh
    devices: list[Device] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
