"""Security identifiers validated and brought to one form with python-stdnum: ISIN, CUSIP and
SEDOL (both also as ISIN), LEI, FIGI; tickers of Shenzhen, Shanghai and Hong Kong normalised."""

from __future__ import annotations

from stdnum import cusip, figi, isin, lei
from stdnum.gb import sedol

from rightscreen.identifiers import normalize_identifier

_NONE = {"N/A", "NA", "NONE", "NULL"}
_VALIDATORS = {"isin": isin, "cusip": cusip, "sedol": sedol, "lei": lei, "figi": figi}


def clean_identifiers(raw: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Valid identifiers in canonical form (CUSIP and SEDOL add their ISIN), and a message for
    each one that is not valid."""
    out: dict[str, str] = {}
    problems: list[str] = []
    for scheme, value in raw.items():
        value = value.strip()
        if not value or set(value) <= {"0", "-", " "} or value.upper() in _NONE:
            continue  # N-PORT writes 000000000 or N/A for "none"
        if scheme == "ticker":
            out["ticker"] = normalize_identifier("ticker", value)
            continue
        module = _VALIDATORS.get(scheme)
        if module is None:
            out[scheme] = normalize_identifier(scheme, value)
            continue
        compact = module.compact(value)
        if not module.is_valid(compact):
            problems.append(f"invalid {scheme.upper()} {value!r}")
            continue
        out[scheme] = compact
        if scheme == "cusip" and "isin" not in raw:
            out["isin"] = cusip.to_isin(compact)
        elif scheme == "sedol" and "isin" not in raw:
            out["isin"] = sedol.to_isin(compact)
    return out, problems
