"""Every constant of the name score in one frozen object: each with why it has its value and the
counterexample that set it, so that a change is argued against a case, not guessed.

`MatchConfig()` is the default; a caller who wants another setting passes a new config in
(`Screener(..., config=replace(DEFAULT_CONFIG, threshold=0.8))`), never patches a module."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any


def setting(default: Any, why: str, counterexample: str) -> Any:
    """A config field that documents itself (read by `describe`)."""
    meta = {"why": why, "counterexample": counterexample}
    if isinstance(default, MappingProxyType):
        return field(default_factory=lambda: default, metadata=meta)
    return field(default=default, metadata=meta)


_KIND_FACTOR = MappingProxyType({"word": 1.0, "generic": 0.5, "gloss": 0.8, "number": 1.0,
                                 "place": 0.35, "initial": 0.5, "stop": 0.0})


@dataclass(frozen=True, slots=True)
class MatchConfig:
    kind_factor: MappingProxyType[str, float] = setting(
        _KIND_FACTOR, "how much a word of each kind says about identity, on top of its rarity",
        "a place says where a firm is, not which: 'Hangzhou' must not carry a hit")
    list_side_penalty: float = setting(
        0.5, "unmatched listed words count half: lists add words a vendor file leaves out",
        "'Megvii' against 'Beijing Megvii Technology Co.' is the same firm")
    list_side_penalty_covered: float = setting(
        0.25, "when every query word is accounted for, listed extras count a quarter",
        "a brand ('Hikvision') against the full legal name of its firm")
    compact_min: float = setting(
        0.92, "joined or split words: the letters alike when the spaces are ignored",
        "'Sense Time' is 'SenseTime'; 0.9 would let 'Sino Tech' meet 'Sinotek'")
    dominance_floor: float = setting(
        0.6, "a missing word heavier than every agreeing word scales the score down to this",
        "'Hangzhou Digital Technology' lacks 'Hikvision', the word that identifies the firm")
    acronym: float = setting(
        0.9, "initials that spell a run of the other name's words agree, a little less surely",
        "'PLA' is 'People's Liberation Army'; 'CASC' is also 'Cask' by letters, not by initials")
    legal_form_conflict: float = setting(
        0.85, "two different legal forms suggest two different legal persons",
        "'Acme AG' and 'Acme GmbH' are two companies of one group")
    generic_only: float = setting(
        0.6, "a name of generic words and places only identifies nobody unless spelled alike",
        "'China Oil and Petroleum' against 'China National Petroleum'")
    gloss_identity_min: int = setting(
        2, "glosses (English of a Chinese name's common words) that make a name more than "
        "generic: one says what a firm does, two begin to say which",
        "中国核电 'china nuclear power' is not China General Nuclear Power; 北京高压科学研究中心 "
        "'high pressure science research center' is HPSTAR")
    pinyin_only: float = setting(
        0.9, "Chinese characters met through pinyin: different characters share a pinyin",
        "广汽 (GAC) and 光启 (Kuang-Chi) are both 'guangqi'")
    place_conflict: float = setting(
        0.8, "two different places where one would do",
        "'Bank of China' is not 'Bank of Chad'")
    shortfall: float = setting(
        0.5, "how much of a near match's shortfall (1 - similarity) counts as missing weight",
        "'Hikvison' is Hikvision with one letter less; it should lose a little, not half")
    abbreviation_max: int = setting(
        4, "word prefixes this long or shorter are compared as abbreviations (Ben, Benjamin)",
        "'Bay' is not 'Baykal' alone; with five letters 'Cheng' would be 'Chengdu'")
    short_name_max: int = setting(
        5, "a name of this many letters or fewer (an acronym, a short alias) must be spelled "
        "exactly or expanded by initials, never one edit away",
        "'AVIC' is not 'Avid', 'CASC' is not 'Cask' (each scored ~0.72 before)")
    joined_min: int = setting(
        2, "letters each half must have for two words to be read as one joined word",
        "'Hik Vision' is 'Hikvision'; a lone letter joined to a word is an initial")
    joined_typo_min: int = setting(
        9, "two words read as one joined word may also differ by a typo from this length on",
        "'Xi Ling' is one edit from 'Xilinx'; 'Hik Vison' is Hikvision")
    threshold: float = setting(
        0.7, "the default alert threshold: where F1 peaks on the labelled name benchmark",
        "0.65 lets 'Avid Technology' alert on AVIC; 0.8 loses one-typo brands")
    common_word: int = setting(
        2_000, "words in more names than this only seed candidates when no rarer word did",
        "'technology' is in thousands of names; looking it up would scan the list")
    candidates: int = setting(
        40, "candidates scored per query, best retrieval evidence first",
        "one firm listed once per address (Suzhou Keda, six times) must not crowd others out")
    candidate_floor: float = setting(
        0.5, "a candidate with less than this share of the best one's evidence is not scored",
        "a name sharing only 'Beijing' with the query next to one sharing 'Megvii'")
    evidence_floor: float = setting(
        0.3, "a candidate whose agreeing words weigh less than this share of the query's "
        "cannot reach a hit; loose, so that the scorer, not retrieval, decides",
        "'Hangzhou Digital' agreeing with two light words of a five-word query")
    identifier_score: float = setting(
        0.99, "an identifier (ISIN, LEI, USCC, ticker) of the entity's own: a hit on its own",
        "'Unknown issuer' with Hikvision's ISIN CNE100000PM8")
    country_mismatch: float = setting(
        0.9, "a different country lowers a name match, a little: firms move and list wrongly",
        "'Megvii Technology' in Brazil is less likely the listed Megvii")
    company_not_person: float = setting(
        0.7, "a company's legal form against a person's entry",
        "'FOX CORP' is not the person a.k.a. 'Fox'")
    one_word_person_alias: float = setting(
        0.85, "a person's one-word alias (a nickname) is weak evidence on its own",
        "'Chapo' alone names many people")
    company_not_vessel: float = setting(
        0.7, "a company's legal form against a vessel's or an aircraft's entry",
        "'BAXTER INTERNATIONAL INC' is not the vessel BAXTER")
    birth_year_mismatch: float = setting(
        0.7, "a person born in another year is probably another person of that name",
        "'Mohammed Ali' born 1970 against the listed Mohammed Ali born 1958")
    nationality_mismatch: float = setting(
        0.9, "another nationality lowers a person match a little: dual nationals are common",
        "a Syrian national against a listed Iraqi national of one common name")

    def __post_init__(self) -> None:
        # What the scorer and its ceiling (matching/ceiling.py) take for granted: a step can
        # lower a score, never raise it, and no word weighs less than nothing.
        factors = ("acronym", "dominance_floor", "place_conflict", "legal_form_conflict",
                   "generic_only", "pinyin_only", "list_side_penalty",
                   "list_side_penalty_covered", "country_mismatch", "company_not_person",
                   "one_word_person_alias", "company_not_vessel", "birth_year_mismatch",
                   "nationality_mismatch")
        for name in factors:
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"MatchConfig.{name} must be between 0 and 1")
        if not 0.0 <= self.identifier_score <= 1.0:
            raise ValueError("MatchConfig.identifier_score must be between 0 and 1")
        if self.shortfall < 0:  # a near match's shortfall counts against, never for
            raise ValueError("MatchConfig.shortfall must not be negative")
        if any(value < 0 for value in self.kind_factor.values()):
            raise ValueError("MatchConfig.kind_factor values must not be negative")
        missing = set(_KIND_FACTOR) - set(self.kind_factor)
        if missing:
            raise ValueError(f"MatchConfig.kind_factor lacks {', '.join(sorted(missing))}")


DEFAULT_CONFIG = MatchConfig()


def describe(config: MatchConfig = DEFAULT_CONFIG) -> list[dict[str, Any]]:
    """Every setting with its value, why and counterexample: for docs and for a test that no
    setting goes undocumented."""
    out = []
    for item in fields(config):
        value = getattr(config, item.name)
        out.append({"name": item.name,
                    "value": dict(value) if isinstance(value, MappingProxyType) else value,
                    "why": item.metadata.get("why", ""),
                    "counterexample": item.metadata.get("counterexample", "")})
    return out
