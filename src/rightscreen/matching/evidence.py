"""What a query says beyond the name: the kind of party, the country, and for people the date
of birth and nationality. Each check returns explanations whose factors multiply the score."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from rightscreen.identifiers import country_code
from rightscreen.matching.config import MatchConfig
from rightscreen.matching.features import Explanation, PreparedName
from rightscreen.model import Entity

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RANGE = re.compile(r"\b(1[89]\d\d|20\d\d)\s*(?:to|-|–)\s*(1[89]\d\d|20\d\d)\b")
# Full dates as the lists and input files write them: ISO, "07 Sep 1960", "Sep 7, 1960".
_DATE_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d.%m.%Y")


@dataclass(frozen=True, slots=True)
class BirthDate:
    """What a written birth date says: the years it allows, and the day when it names one."""

    years: frozenset[int]
    day: date | None = None


def parse_birth_date(text: str) -> BirthDate | None:
    """'1962-02-20', '07 Sep 1960', '1963', 'circa 1957' (a year either side), '1960 to 1962'."""
    text = " ".join(text.split())
    span = _RANGE.search(text)
    if span:
        low, high = sorted((int(span.group(1)), int(span.group(2))))
        return BirthDate(frozenset(range(low, high + 1)))
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return BirthDate(frozenset({day.year}), day)
    years = {int(y) for y in _YEAR.findall(text)}
    if not years:
        return None
    if "circa" in text.lower() or "approx" in text.lower():
        years |= {y + d for y in years for d in (-1, 1)}
    return BirthDate(frozenset(years))


def birth_date_evidence(wanted: str, entity: Entity, config: MatchConfig) -> list[Explanation]:
    """A person's date of birth against the listed ones: the same year is noted, another year
    lowers the score. Lists write several dates for one person; any of them agrees."""
    query = parse_birth_date(wanted)
    listed = [b for b in (parse_birth_date(i.value) for i in entity.identifiers
                          if i.scheme == "dob") if b is not None]
    if query is None or not listed:
        return []
    if query.day and any(b.day == query.day for b in listed):
        return [Explanation("birth_date", 1.0, f"date of birth {query.day} matches")]
    if any(query.years & b.years for b in listed):
        year = min(query.years & frozenset().union(*(b.years for b in listed)))
        return [Explanation("birth_date", 1.0, f"year of birth {year} matches")]
    years = ", ".join(str(y) for y in sorted(frozenset().union(*(b.years for b in listed))))
    factor = config.birth_year_mismatch
    return [Explanation("birth_date", factor,
                        f"year of birth {'/'.join(map(str, sorted(query.years)))} differs "
                        f"from listed {years} (x{factor})")]


def nationality_evidence(wanted: str, entity: Entity, config: MatchConfig) -> list[Explanation]:
    return _place_evidence("nationality", wanted, entity, config.nationality_mismatch)


def country_evidence(wanted: str, entity: Entity, config: MatchConfig) -> list[Explanation]:
    return _place_evidence("country", wanted, entity, config.country_mismatch)


def _place_evidence(feature: str, wanted: str, entity: Entity,
                    mismatch: float) -> list[Explanation]:
    """A country or nationality of the query against the entity's countries."""
    code = country_code(wanted)
    listed = {c for c in (country_code(v) for v in entity.countries) if c}
    if not code or not listed:
        return []
    if code in listed:
        return [Explanation(feature, 1.0, f"{feature} {code.upper()} matches")]
    return [Explanation(feature, mismatch,
                        f"{feature} {code.upper()} differs from listed "
                        f"{', '.join(sorted(c.upper() for c in listed))} (x{mismatch})")]


def party_evidence(prepared: PreparedName, entity: Entity, matched: PreparedName,
                   config: MatchConfig) -> list[Explanation]:
    """A company's legal form against a person, a vessel or an aircraft; a person's one-word
    alias; one word against a person's full name."""
    if entity.schema in ("Vessel", "Airplane") and prepared.legal_forms:
        factor = config.company_not_vessel
        return [Explanation("party_kind", factor,
                            f"the query has a legal form ({', '.join(prepared.legal_forms)}) "
                            f"and the listed entry is a {entity.schema.lower()} (x{factor})")]
    if entity.schema != "Person":
        return []
    if prepared.legal_forms:
        factor = config.company_not_person
        return [Explanation("party_kind", factor,
                            f"the query has a legal form ({', '.join(prepared.legal_forms)}) "
                            f"and the listed entry is a person (x{factor})")]
    if len(matched.texts) == 1:
        factor = config.one_word_person_alias
        return [Explanation("person_alias", factor, f"a one-word alias of a person (x{factor})")]
    if len(prepared.texts) == 1:
        factor = config.one_word_person_alias
        return [Explanation("person_alias", factor,
                            f"one word against a person's full name (x{factor})")]
    return []


def context_evidence(*, prepared: PreparedName, entity: Entity, matched: PreparedName,
                     country: str | None, birth_date: str | None, nationality: str | None,
                     config: MatchConfig) -> list[Explanation]:
    """Every check beyond the name that applies to this entity."""
    out = party_evidence(prepared, entity, matched, config)
    if country:
        out.extend(country_evidence(country, entity, config))
    if entity.schema == "Person":
        if birth_date:
            out.extend(birth_date_evidence(birth_date, entity, config))
        if nationality:
            out.extend(nationality_evidence(nationality, entity, config))
    return out
