"""The score of a query name against a listed name, as weighted features that explain themselves.

Every word carries a weight: its rarity across the loaded lists times what kind of word it is
(a place name says where a firm is, not which firm). Matched weight counts for, unmatched weight
counts against: a distinctive listed word that the query lacks (Hikvision, in "Hangzhou Digital
Technology") pulls the score down as much as a distinctive query word the list lacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from rightscreen.matching.index import KIND_FACTOR
from rightscreen.matching.tokens import token_similarity
from rightscreen.names.analyze import NameForm, Token

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
# Bank of China is not Bank of Chad: two different places where one would do.
PLACE_CONFLICT = 0.8


@dataclass(slots=True)
class NameScore:
    score: float
    explanation: list[str] = field(default_factory=list)


Weigher = Callable[[str], float]


def weight_of(token: Token, rarity: Weigher) -> float:
    if token.kind == "initial":
        return KIND_FACTOR["initial"]
    return rarity(token.text) * KIND_FACTOR.get(token.kind, 1.0)


def compare(query: NameForm, listed: NameForm, rarity: Weigher) -> NameScore:
    """Score two analysed names from 0 to 1, with the reasons in words."""
    if query.han and listed.han and query.han == listed.han:
        return NameScore(1.0, [f"Chinese name {listed.han} is identical"])
    q_tokens = [t for t in query.tokens if t.kind != "stop"]
    n_tokens = [t for t in listed.tokens if t.kind != "stop"]
    if not q_tokens or not n_tokens:
        return NameScore(0.0, ["no words left to compare"])
    q_weights = [weight_of(t, rarity) for t in q_tokens]
    n_weights = [weight_of(t, rarity) for t in n_tokens]
    pairs: list[tuple[float, int, int, str]] = []
    for i, qt in enumerate(q_tokens):
        for j, nt in enumerate(n_tokens):
            sim, how = token_similarity(qt.text, nt.text)
            if sim > 0:
                pairs.append((sim, i, j, how))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    q_used: set[int] = set()
    n_used: set[int] = set()
    matched = 0.0
    heaviest = 0.0
    q_extra = 0.0  # weight left over when a long word only agrees by its initial
    n_extra = 0.0
    notes: list[str] = []
    for sim, i, j, how in pairs:
        if i in q_used or j in n_used:
            continue
        q_used.add(i)
        n_used.add(j)
        if how == "initial":
            weight = min(q_weights[i], n_weights[j])
            q_extra += q_weights[i] - weight
            n_extra += n_weights[j] - weight
        else:
            weight = (q_weights[i] + n_weights[j]) / 2
        matched += sim * weight
        heaviest = max(heaviest, weight)
        label = "" if how == "same" else f" ({how})"
        notes.append(f"'{q_tokens[i].text}' = '{n_tokens[j].text}'{label}, weight {weight:.2f}")
    for short, long_, short_used, long_used, short_w, long_w in (
            (q_tokens, n_tokens, q_used, n_used, q_weights, n_weights),
            (n_tokens, q_tokens, n_used, q_used, n_weights, q_weights)):
        for i, run in _acronyms(short, long_, short_used, long_used):
            short_used.add(i)
            long_used.update(run)
            weight = (short_w[i] + sum(long_w[j] for j in run)) / 2
            matched += ACRONYM * weight
            heaviest = max(heaviest, weight)
            words = " ".join(long_[j].text for j in run)
            notes.append(f"'{short[i].text}' is the initials of '{words}', weight {weight:.2f}")
    q_missing = [i for i in range(len(q_tokens)) if i not in q_used]
    n_missing = [j for j in range(len(n_tokens)) if j not in n_used]
    q_unmatched = sum(q_weights[i] for i in q_missing) + q_extra
    if q_missing and n_missing:
        list_factor = 1.0  # a word in place of another: a contradiction, not an omission
    elif q_missing:
        list_factor = LIST_SIDE_PENALTY
    else:
        list_factor = LIST_SIDE_PENALTY_COVERED
    n_unmatched = (sum(n_weights[j] for j in n_missing) + n_extra) * list_factor
    denominator = matched + q_unmatched + n_unmatched
    score = matched / denominator if denominator else 0.0
    if q_missing:
        words = ", ".join(f"'{q_tokens[i].text}' ({q_weights[i]:.2f})" for i in q_missing)
        notes.append(f"query words not in the listed name: {words}")
    if n_missing:
        words = ", ".join(f"'{n_tokens[j].text}' ({n_weights[j]:.2f})" for j in n_missing)
        notes.append(f"listed words not in the query: {words}")
    missing_weights = [q_weights[i] for i in q_missing] + [n_weights[j] for j in n_missing]
    if missing_weights and max(missing_weights) > heaviest:
        factor = max(DOMINANCE_FLOOR, heaviest / max(missing_weights))
        score *= factor
        notes.append(f"a missing word outweighs every agreeing word (x{factor:.2f})")
    if any(q_tokens[i].kind == "place" for i in q_missing) and any(
            n_tokens[j].kind == "place" for j in n_missing):
        score *= PLACE_CONFLICT
        notes.append(f"different places named (x{PLACE_CONFLICT})")
    if q_missing or n_missing:
        compact = _compact_similarity(query, listed)
        if compact >= COMPACT_MIN and compact > score:
            score = compact
            notes.append(f"same letters when spaces are ignored ({compact:.2f})")
    if query.legal_forms and listed.legal_forms and not set(query.legal_forms) & set(
            listed.legal_forms):
        score *= LEGAL_FORM_CONFLICT
        notes.append(f"legal forms differ: {', '.join(query.legal_forms)} vs "
                     f"{', '.join(listed.legal_forms)} (x{LEGAL_FORM_CONFLICT})")
    elif query.legal_forms or listed.legal_forms:
        forms = sorted(set(query.legal_forms) | set(listed.legal_forms))
        notes.append("legal forms set aside: " + ", ".join(forms))
    return NameScore(round(score, 4), notes)


def _acronyms(short: list[Token], long_: list[Token], short_used: set[int],
              long_used: set[int]) -> list[tuple[int, list[int]]]:
    found: list[tuple[int, list[int]]] = []
    taken: set[int] = set()
    for i, token in enumerate(short):
        text = token.text
        if i in short_used or not 3 <= len(text) <= 6 or not text.isalpha():
            continue
        for start in range(len(long_) - len(text) + 1):
            run = list(range(start, start + len(text)))
            if any(j in long_used or j in taken for j in run):
                continue
            if "".join(long_[j].text[0] for j in run) == text:
                found.append((i, run))
                taken.update(run)
                break
    return found


def _compact_similarity(query: NameForm, listed: NameForm) -> float:
    a, b = query.compact, listed.compact
    if len(a) < 6 or len(b) < 6:
        return 0.0
    return float(Levenshtein.normalized_similarity(a, b))
