"""The score of a query name against a listed name, as weighted features that explain themselves.

Every word carries a weight: its rarity across the loaded lists times what kind of word it is
(a place name says where a firm is, not which firm). Matched weight counts for, unmatched weight
counts against: a distinctive listed word that the query lacks (Hikvision, in "Hangzhou Digital
Technology") pulls the score down as much as a distinctive query word the list lacks.

Names are prepared once (words, kinds, weights) so that one query meets many candidates cheaply;
the explanation is written only for the hits that are reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from rightscreen.matching.tokens import token_similarity
from rightscreen.names.analyze import NameForm

# Word kind → how much it says about identity, on top of its rarity.
KIND_FACTOR = {"word": 1.0, "generic": 0.5, "gloss": 0.8, "number": 1.0, "place": 0.35,
               "initial": 0.5, "stop": 0.0}
INITIAL_WEIGHT = KIND_FACTOR["initial"]
# Unmatched words of the listed name count this much against: lists add words ("Group", a
# city, a former name) that a vendor file leaves out more often than the reverse. When every
# query word is accounted for (a brand against a full legal name) they count less still.
LIST_SIDE_PENALTY = 0.5
LIST_SIDE_PENALTY_COVERED = 0.25
# Joined or split words: the letters alike when the spaces are ignored.
COMPACT_MIN = 0.92
# When a word heavier than every agreeing word is missing on either side, the names differ in
# what identifies them ("Hangzhou Digital Technology" lacks "Hikvision"): the score is scaled
# by how much lighter the agreeing words are, down to this floor.
DOMINANCE_FLOOR = 0.6
# Initials that spell a run of the other name's words (PLA, People's Liberation Army).
ACRONYM = 0.9
# An AG is not a GmbH: two different legal forms suggest two different legal persons.
LEGAL_FORM_CONFLICT = 0.85
# A name of generic words and places only ("China Oil and Petroleum", "Electric") identifies
# nobody unless it is spelled the same.
GENERIC_ONLY = 0.6
# 广汽 (GAC) and 光启 (Kuang-Chi) are both "guangqi": a Chinese name matched to a romanised
# one through pinyin is likely, not certain.
PINYIN_ONLY = 0.9
# Bank of China is not Bank of Chad: two different places where one would do.
PLACE_CONFLICT = 0.8

# How much of a near match's shortfall (1 - similarity) counts as missing weight.
SHORTFALL = 0.5
# Abbreviations (Ben for Benjamin) are at most this long; longer prefixes are other words.
ABBREVIATION_MAX = 4

Weigher = Callable[[str], float]
# For each query word, the listed words it agrees with: word -> (similarity, how).
SimilarityTable = list[dict[str, tuple[float, str]]]


@dataclass(frozen=True, slots=True)
class PreparedName:
    texts: tuple[str, ...]
    kinds: tuple[str, ...]
    weights: tuple[float, ...]
    han: str | None
    legal_forms: tuple[str, ...]


@dataclass(slots=True)
class NameScore:
    score: float
    explanation: list[str] = field(default_factory=list)


def prepare(form: NameForm, rarity: Weigher) -> PreparedName:
    kept = [t for t in form.tokens if t.kind != "stop"]
    return prepare_parts(tuple(t.text for t in kept), tuple(t.kind for t in kept), form.han,
                         form.legal_forms, rarity)


def prepare_parts(texts: tuple[str, ...], kinds: tuple[str, ...], han: str | None,
                  legal_forms: tuple[str, ...], rarity: Weigher) -> PreparedName:
    """A name's words (stop words already out) with their weights."""
    weights = tuple(INITIAL_WEIGHT if kind == "initial" else rarity(text) * KIND_FACTOR[kind]
                    for text, kind in zip(texts, kinds, strict=True))
    return PreparedName(texts, kinds, weights, han, legal_forms)


def similarity_table(query: PreparedName, listed: PreparedName) -> SimilarityTable:
    """Every query word against every listed word: for comparing two names directly."""
    table: SimilarityTable = []
    for qt in query.texts:
        row = {}
        for nt in listed.texts:
            sim = token_similarity(qt, nt)
            if sim[0] > 0:
                row[nt] = sim
        table.append(row)
    return table


def compare(query: PreparedName, listed: PreparedName, table: SimilarityTable | None = None,
            *, explain: bool = False) -> NameScore:
    """Score two prepared names from 0 to 1; with `explain`, the reasons in words."""
    notes: list[str] = []
    if query.han and listed.han and query.han == listed.han:
        return NameScore(1.0, [f"Chinese name {listed.han} is identical"] if explain else [])
    q_texts, n_texts = query.texts, listed.texts
    if not q_texts or not n_texts:
        return NameScore(0.0, ["no words left to compare"] if explain else [])
    if table is None:
        table = similarity_table(query, listed)
    q_weights, n_weights = query.weights, listed.weights
    pairs: list[tuple[float, int, int, str]] = []
    for i, row in enumerate(table):
        qt = q_texts[i]
        for j, nt in enumerate(n_texts):
            found = row.get(nt)
            if found is None and (len(qt) == 1 or len(nt) == 1 or (
                    min(len(qt), len(nt)) <= ABBREVIATION_MAX and qt[:3] == nt[:3])):
                found = token_similarity(qt, nt)  # initials and short abbreviations
            if found is not None and found[0] > 0:
                pairs.append((found[0], i, j, found[1]))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    q_used: set[int] = set()
    n_used: set[int] = set()
    matched = heaviest = q_extra = n_extra = 0.0
    for sim, i, j, how in pairs:
        if i in q_used or j in n_used:
            continue
        q_used.add(i)
        n_used.add(j)
        if how == "initial":
            # A long word that agrees only by its initial leaves the rest of its weight over.
            weight = min(q_weights[i], n_weights[j])
            q_extra += q_weights[i] - weight
            n_extra += n_weights[j] - weight
        else:
            weight = (q_weights[i] + n_weights[j]) / 2
        # The part of a word that does not agree counts against, on both sides.
        q_extra += (1.0 - sim) * q_weights[i] * SHORTFALL
        n_extra += (1.0 - sim) * n_weights[j] * SHORTFALL
        matched += sim * weight
        heaviest = max(heaviest, weight)
        if explain:
            label = "" if how == "same" else f" ({how})"
            notes.append(f"'{q_texts[i]}' = '{n_texts[j]}'{label}, weight {weight:.2f}")
    if len(q_used) < len(q_texts) and len(n_used) < len(n_texts):
        for short, long_, s_used, l_used, s_w, l_w in (
                (q_texts, n_texts, q_used, n_used, q_weights, n_weights),
                (n_texts, q_texts, n_used, q_used, n_weights, q_weights)):
            for i, run in _acronyms(short, long_, s_used, l_used):
                s_used.add(i)
                l_used.update(run)
                weight = (s_w[i] + sum(l_w[j] for j in run)) / 2
                matched += ACRONYM * weight
                heaviest = max(heaviest, weight)
                if explain:
                    words = " ".join(long_[j] for j in run)
                    notes.append(f"'{short[i]}' is the initials of '{words}', "
                                 f"weight {weight:.2f}")
    q_missing = [i for i in range(len(q_texts)) if i not in q_used]
    n_missing = [j for j in range(len(n_texts)) if j not in n_used]
    if q_missing and n_missing:
        list_factor = 1.0  # a word in place of another: a contradiction, not an omission
    elif q_missing:
        list_factor = LIST_SIDE_PENALTY
    else:
        list_factor = LIST_SIDE_PENALTY_COVERED
    q_unmatched = sum(q_weights[i] for i in q_missing) + q_extra
    n_unmatched = sum(n_weights[j] for j in n_missing) * list_factor + n_extra
    denominator = matched + q_unmatched + n_unmatched
    score = matched / denominator if denominator else 0.0
    if explain and q_missing:
        words = ", ".join(f"'{q_texts[i]}' ({q_weights[i]:.2f})" for i in q_missing)
        notes.append(f"query words not in the listed name: {words}")
    if explain and n_missing:
        words = ", ".join(f"'{n_texts[j]}' ({n_weights[j]:.2f})" for j in n_missing)
        notes.append(f"listed words not in the query: {words}")
    missing = [q_weights[i] for i in q_missing] + [n_weights[j] for j in n_missing]
    if missing and max(missing) > heaviest:
        factor = max(DOMINANCE_FLOOR, heaviest / max(missing))
        score *= factor
        if explain:
            notes.append(f"a missing word outweighs every agreeing word (x{factor:.2f})")
    if any(query.kinds[i] == "place" for i in q_missing) and any(
            listed.kinds[j] == "place" for j in n_missing):
        score *= PLACE_CONFLICT
        if explain:
            notes.append(f"different places named (x{PLACE_CONFLICT})")
    if q_missing or n_missing:
        compact = _compact_similarity("".join(q_texts), "".join(n_texts))
        if compact >= COMPACT_MIN and compact > score:
            score = compact
            if explain:
                notes.append(f"same letters when spaces are ignored ({compact:.2f})")
    score = _legal_forms(query, listed, score, notes if explain else None)
    if score > 0 and (q_missing or n_missing) and not (
            _has_identity(query.kinds) and _has_identity(listed.kinds)):
        score *= GENERIC_ONLY
        if explain:
            notes.append(f"one name has only generic words and places (x{GENERIC_ONLY})")
    if score > 0 and bool(query.han) != bool(listed.han) and any(
            k == "word" for k in (query.kinds if query.han else listed.kinds)):
        score *= PINYIN_ONLY
        if explain:
            notes.append(f"Chinese characters met a romanised name: different characters "
                         f"share a pinyin (x{PINYIN_ONLY})")
    return NameScore(round(score, 4), notes)


def _has_identity(kinds: tuple[str, ...]) -> bool:
    # A word or a number identifies; so do initials, but only two or more (E.K.T.), never one.
    return any(k in ("word", "number") for k in kinds) or kinds.count("initial") >= 2


def _legal_forms(query: PreparedName, listed: PreparedName, score: float,
                 notes: list[str] | None) -> float:
    if query.legal_forms and listed.legal_forms and (
            _form_key(query.legal_forms) != _form_key(listed.legal_forms)):
        if notes is not None:
            notes.append(f"legal forms differ: {', '.join(query.legal_forms)} vs "
                         f"{', '.join(listed.legal_forms)} (x{LEGAL_FORM_CONFLICT})")
        return score * LEGAL_FORM_CONFLICT
    if notes is not None and (query.legal_forms or listed.legal_forms):
        forms = sorted(set(query.legal_forms) | set(listed.legal_forms))
        notes.append("legal forms set aside: " + ", ".join(forms))
    return score


# Russian joint-stock and limited-liability forms and their English equivalents are one form
# each: an OAO is an OJSC, an OOO an LLC.
_FORM_FAMILIES = {"ao": "jsc", "oao": "jsc", "zao": "jsc", "pao": "jsc", "ojsc": "jsc",
                  "cjsc": "jsc", "pjsc": "jsc", "jsc": "jsc", "ooo": "llc", "llc": "llc"}


def _form_key(forms: tuple[str, ...]) -> str:
    # "coltd" from rigour and "co" + "ltd" from the trailing words are one legal form.
    families = {_FORM_FAMILIES[f] for f in forms if f in _FORM_FAMILIES}
    rest = "".join(f for f in forms if f not in _FORM_FAMILIES)
    return ",".join(sorted(families)) + ":" + "".join(sorted(rest))


def _acronyms(short: tuple[str, ...], long_: tuple[str, ...], short_used: set[int],
              long_used: set[int]) -> list[tuple[int, list[int]]]:
    found: list[tuple[int, list[int]]] = []
    taken: set[int] = set()
    for i, text in enumerate(short):
        if i in short_used or not 3 <= len(text) <= 6 or not text.isalpha():
            continue
        for start in range(len(long_) - len(text) + 1):
            run = list(range(start, start + len(text)))
            if any(j in long_used or j in taken for j in run):
                continue
            if "".join(long_[j][0] for j in run) == text:
                found.append((i, run))
                taken.update(run)
                break
    return found


def _compact_similarity(a: str, b: str) -> float:
    if len(a) < 6 or len(b) < 6:
        return 0.0
    return float(Levenshtein.normalized_similarity(a, b))
