"""Identifiers and countries compared in one canonical form each."""

from __future__ import annotations

import re
from functools import lru_cache

# Identifier schemes strong enough to establish a match on their own.
STRONG_SCHEMES = frozenset({"isin", "uscc", "lei", "ticker", "imo", "inn", "ogrn", "swift"})
_TICKER = re.compile(r"^(?:(?P<pre>SZ|SH|SS|HK)[.:]?)?(?P<code>[0-9A-Z]+?)"
                     r"(?:[\s.:]*(?P<ex>SZ|SS|SH|HK|CH|CN|C1|C2))?$")
_US_TICKER = re.compile(r"^([A-Z][A-Z.]{0,5}?)(?:\s+(?:US|UN|UQ|UW|UA|UP)|\.(?:N|O|OQ|A))$")
_CHINA_EXCHANGES = {"SZ", "SS", "SH", "CH", "CN", "C1", "C2"}


def normalize_identifier(scheme: str, value: str) -> str:
    """The canonical form of an identifier: upper case, no spaces; Chinese tickers zero-padded."""
    value = value.strip().upper()
    if scheme == "ticker":
        return _normalize_ticker(value)
    return re.sub(r"[\s-]", "", value)


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """ISO 3166 alpha-2 code of a country name or code, or None if unknown."""
    value = value.strip()
    if not value:
        return None
    # imported here: the territory tables cost 60 ms at import, and most runs never ask
    from rigour.territories import lookup_territory

    territory = lookup_territory(value)
    return territory.code if territory is not None else None


def _normalize_ticker(value: str) -> str:
    """`002415 CN`, `002415.SZ`, `SZ002415` and `2415` all become `CN:002415`; `00981 HK`
    becomes `HK:0981`; `CHL US` and `CHL.N` become `US:CHL`. Others keep their own form."""
    value = " ".join(value.split())
    us = _US_TICKER.match(value)
    if us:
        return "US:" + us.group(1)  # ADRs and US listings: "CHL US", "CHL UN", "CHL.N"
    match = _TICKER.match(value.replace(" ", ""))
    if not match or not match.group("code").isdigit():
        return value
    code = match.group("code")
    exchange = match.group("ex") or match.group("pre")
    if exchange == "HK":
        return "HK:" + code.lstrip("0").zfill(4)
    if exchange in _CHINA_EXCHANGES or (exchange is None and len(code) <= 6):
        # Excel drops leading zeros from Shenzhen codes (2236 for 002236).
        return "CN:" + code.zfill(6)
    return value
