"""Facts that OFAC and other lists keep in free-text remarks: identifiers, birth dates, aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rightscreen.model import Identifier

# (scheme, label, pattern). The value is the first group; the order matters where labels
# overlap. The label, lower-cased, is in every text the pattern matches: a remark without it
# is not scanned (18,000 SDN remarks, a dozen patterns each).
_IDENTIFIER_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (scheme, label, re.compile(pattern, re.IGNORECASE))
    for scheme, label, pattern in (
        ("isin", "isin", r"\bISIN\s+([A-Z]{2}[A-Z0-9]{9}\d)\b"),
        ("uscc", "uscc",
         r"\b(?:Unified Social Credit Code \(USCC\)|USCC:?)\s*([0-9A-Z]{18})\b"),
        ("ticker", "equity ticker", r"\bEquity Ticker\s+([A-Z0-9.]+(?:\s+[A-Z]{2})?)"),
        ("lei", "legal entity number", r"\bLegal Entity Number\s+([A-Z0-9]{20})\b"),
        ("imo", "imo", r"\bIMO\s+(\d{7})\b"),
        ("inn", "tax id no.", r"\bTax ID No\.\s+([0-9A-Z-]+)\s+\(Russia\)"),
        ("tax_id", "tax id no.", r"\bTax ID No\.\s+([0-9A-Z-]+)"),
        ("registration", "registration ", r"\bRegistration (?:Number|ID)\s+([0-9A-Z/-]+)"),
        ("passport", "passport", r"\bPassport\s+([0-9A-Z-]+)"),
        ("national_id", "national id no.", r"\bNational ID No\.\s+([0-9A-Z-]+)"),
        ("swift", "swift/bic", r"\bSWIFT/BIC\s+([A-Z0-9]{8,11})\b"),
        ("dob", "dob",
         r"\bDOB\s+((?:circa\s+)?(?:\d{1,2}\s+[A-Z][a-z]{2}\s+)?\d{4}(?:\s+to\s+\d{4})?)"),
    )
)
# A country name is a few words, a listing-date label one word: bounding them keeps a crafted
# remark ("citizen A citizen A ..." with no full stop) linear, instead of rescanning the rest
# of the text from every "citizen".
_NATIONALITY = re.compile(r"\b(?:nationality|citizen)\s+([A-Z][A-Za-z ,.'-]{0,99}?)(?:;|\.|$)")
_ALIAS = re.compile(r"\b([afn])\.k\.a\.,?\s+'([^']+)'")
_LISTING_DATE = re.compile(r"\bListing Date \([^)]{0,100}\):?\s+(\d{1,2} [A-Z][a-z]{2} \d{4})")
_LINKED_TO = re.compile(r"\bLinked To:\s+([^;]+?)\s*(?:;|\.$|$)")


@dataclass(slots=True)
class RemarkFacts:
    identifiers: list[Identifier] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (kind, name)
    listing_date: str | None = None
    linked_to: list[str] = field(default_factory=list)


def parse_remarks(text: str | None, *, source: str | None = None) -> RemarkFacts:
    """Pull the structured facts out of an OFAC-style remarks field."""
    facts = RemarkFacts()
    if not text:
        return facts
    seen: set[tuple[str, str]] = set()
    lowered = text.lower()
    for scheme, label, pattern in _IDENTIFIER_PATTERNS:
        if label not in lowered:
            continue
        for match in pattern.finditer(text):
            value = match.group(1).strip().rstrip(".")
            if scheme == "tax_id" and ("inn", value) in seen:
                continue
            if (scheme, value) not in seen:
                seen.add((scheme, value))
                facts.identifiers.append(Identifier(scheme, value, source))
    if "nationality" in text or "citizen" in text:
        facts.nationalities = [m.group(1).strip() for m in _NATIONALITY.finditer(text)]
    if ".k.a." in lowered:
        kinds = {"a": "alias", "f": "former", "n": "alias"}
        facts.aliases = [(kinds[m.group(1).lower()], m.group(2).strip())
                         for m in _ALIAS.finditer(text)]
    listing = _LISTING_DATE.search(text) if "Listing Date" in text else None
    if listing:
        facts.listing_date = listing.group(1)
    if "Linked To:" in text:
        facts.linked_to = [m.group(1).strip() for m in _LINKED_TO.finditer(text)]
    return facts
