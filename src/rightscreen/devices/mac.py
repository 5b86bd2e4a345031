"""MAC addresses: every common spelling read, locally administered and multicast recognised.

A locally administered address (the second-lowest bit of the first octet set) is chosen by
the device or its owner, as phones and laptops do to avoid tracking: its first three octets
name no manufacturer, and are never attributed. A multicast address names a group, not a
device."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATED = re.compile(r"^([0-9A-Fa-f]{1,2})([:\-])([0-9A-Fa-f]{1,2})(?:\2[0-9A-Fa-f]{1,2}){4}$")
_CISCO = re.compile(r"^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$")
_BARE = re.compile(r"^[0-9A-Fa-f]{12}$")
_CANONICAL = re.compile(r"^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$")


def normalise_mac(text: str) -> str | None:
    """`AA:BB:CC:DD:EE:FF` for any spelling `MacAddress.parse` reads, else None. The common
    colon form takes a fast path: an inventory of a million rows spells most MACs that way."""
    text = text.strip()
    if len(text) == 17 and _CANONICAL.match(text):
        return text.upper()
    if len(text) == 12 and _BARE.match(text):
        return _colons(text.upper())
    mac = MacAddress.parse(text)
    return None if mac is None else str(mac)


def _colons(hex12: str) -> str:
    # Slices in one f-string: a million MACs a run, and a generator join costs three times as much.
    h = hex12
    return f"{h[0:2]}:{h[2:4]}:{h[4:6]}:{h[6:8]}:{h[8:10]}:{h[10:12]}"


@dataclass(frozen=True, slots=True)
class MacAddress:
    value: int  # 48 bits

    @classmethod
    def parse(cls, text: str) -> MacAddress | None:
        """`aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff`, `aabbccddeeff`,
        and one-digit octets (`0:1b:...`, as `arp` on BSD writes them); None otherwise."""
        text = text.strip()
        if len(text) == 17 and _CANONICAL.match(text):
            return cls(int(text.replace(":", ""), 16))
        if _SEPARATED.match(text):
            parts = re.split(r"[:\-]", text)
            return cls(int("".join(p.zfill(2) for p in parts), 16))
        if _CISCO.match(text):
            return cls(int(text.replace(".", ""), 16))
        if _BARE.match(text):
            return cls(int(text, 16))
        return None

    @property
    def hex(self) -> str:
        return f"{self.value:012X}"

    def __str__(self) -> str:
        return _colons(self.hex)

    @property
    def first_octet(self) -> int:
        return self.value >> 40

    @property
    def is_local(self) -> bool:
        """Locally administered: often randomised, never a manufacturer's."""
        return bool(self.first_octet & 0x02)

    @property
    def is_multicast(self) -> bool:
        return bool(self.first_octet & 0x01)

    @property
    def is_null(self) -> bool:
        return self.value in (0, 0xFFFFFFFFFFFF)

    def prefix(self, bits: int) -> str:
        """The first `bits` bits as hex digits (24 → MA-L, 28 → MA-M, 36 → MA-S)."""
        return self.hex[: bits // 4]
