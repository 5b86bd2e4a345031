"""Who registered a MAC prefix: the IEEE registries as packages ship them.

netaddr (BSD) ships MA-L and the legacy IAB registry; Debian's `ieee-data` package, when
installed, adds MA-M (/28) and MA-S (/36) blocks. The most specific block wins. Each answer
names its registry and that registry's date, because a prefix registered after that date is
simply unknown here, not cleared."""

from __future__ import annotations

import contextlib
import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path

from rightscreen.devices.mac import MacAddress

DEBIAN_IEEE = Path("/usr/share/ieee-data")


@dataclass(frozen=True, slots=True)
class Registration:
    prefix: str  # hex digits of the block
    bits: int  # 24 MA-L, 28 MA-M, 36 MA-S or IAB
    organisation: str
    registry: str  # e.g. "IEEE MA-L (netaddr 1.3.0, 2024-05-20)"


class MacRegistry:
    """Prefix → registrant, most specific block first."""

    def __init__(self) -> None:
        self.blocks: dict[int, dict[str, Registration]] = {24: {}, 28: {}, 36: {}}
        self.sources: list[dict[str, str]] = []

    def add(self, registration: Registration) -> None:
        self.blocks[registration.bits].setdefault(registration.prefix, registration)

    def lookup(self, mac: MacAddress) -> Registration | None:
        for bits in (36, 28, 24):
            found = self.blocks[bits].get(mac.prefix(bits))
            if found is not None:
                return found
        return None


@cache
def default_registry() -> MacRegistry:
    """netaddr's registries, then Debian's ieee-data where installed (netaddr's MA-L is
    newer, so it is read first and wins on a prefix both hold)."""
    registry = MacRegistry()
    _read_netaddr(registry)
    if DEBIAN_IEEE.is_dir():
        _read_debian(registry, DEBIAN_IEEE)
    return registry


# The date of the IEEE data inside each netaddr release (its files' dates in the wheel): an
# installed file's own date is the day it was installed, which would make output depend on it.
NETADDR_DATA_DATES = {"1.3.0": "2024-05-20", "1.2.1": "2024-01-23", "1.2.0": "2024-01-23"}


def _read_netaddr(registry: MacRegistry) -> None:
    import netaddr

    folder = resources.files("netaddr.eui")
    version = str(netaddr.__version__)
    date = NETADDR_DATA_DATES.get(version, "unknown")
    label = f"IEEE MA-L (netaddr {version}, data of {date})"
    registry.sources.append({"id": "ieee-ma-l", "title": label, "date": date})
    for line in folder.joinpath("oui.txt").read_bytes().decode("utf-8", "replace").splitlines():
        if "(hex)" in line:
            prefix, _, organisation = line.partition("(hex)")
            registry.add(Registration(prefix.strip().replace("-", ""), 24,
                                      organisation.strip(), label))
    iab_label = f"IEEE IAB (netaddr {version}, data of {date})"
    registry.sources.append({"id": "ieee-iab", "title": iab_label, "date": date})
    block = ""
    for line in folder.joinpath("iab.txt").read_bytes().decode("utf-8", "replace").splitlines():
        if "(hex)" in line:
            block = line.partition("(hex)")[0].strip().replace("-", "")
        elif "(base 16)" in line and block:
            span, _, organisation = line.partition("(base 16)")
            registry.add(Registration(block + span.strip()[:3].upper(), 36,
                                      organisation.strip(), iab_label))
            block = ""


def _read_debian(registry: MacRegistry, folder: Path) -> None:
    stamp = folder / ".lastupdate"
    date = "unknown"
    if stamp.exists():
        with contextlib.suppress(ValueError):
            date = datetime.fromtimestamp(int(stamp.read_text().strip()), UTC).date().isoformat()
    for name, bits, registry_name in (("oui.csv", 24, "MA-L"), ("mam.csv", 28, "MA-M"),
                                      ("oui36.csv", 36, "MA-S")):
        path = folder / name
        if not path.exists():
            continue
        label = f"IEEE {registry_name} (Debian ieee-data, {date})"
        registry.sources.append({"id": f"ieee-{registry_name.lower()}-debian", "title": label,
                                 "date": date})
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            for row in csv.DictReader(fh):
                prefix = (row.get("Assignment") or "").strip().upper()
                organisation = (row.get("Organization Name") or "").strip()
                if len(prefix) * 4 == bits and organisation:
                    registry.add(Registration(prefix, bits, organisation, label))
