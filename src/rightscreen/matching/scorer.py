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

# Unmatched words of the listed name count this much against: lists add words ("Group",
# a city, a former name) that a vendor file leaves out more often than the reverse.
LIST_SIDE_PENALTY = 0.5
# Joined or split words: the letters alike when the spaces are ignored.
COMPACT_MIN = 0.92
# A word this heavy identifies a firm or person; lighter ones (Technology, Beijing) do not.
DISTINCTIVE = 0.5
# When only light words agree and a distinctive word disagrees, the names are different.
GENERIC_ONLY = 0.6


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
    notes: list[str] = []
    heaviest = 0.0
    for sim, i, j, how in pairs:
        if i in q_used or j in n_used:
            continue
        q_used.add(i)
        n_used.add(j)
        weight = (q_weights[i] + n_weights[j]) / 2
        matched += sim * weight
        heaviest = max(heaviest, weight)
        label = "" if how == "same" else f" ({how})"
        notes.append(f"'{q_tokens[i].text}' = '{n_tokens[j].text}'{label}, weight {weight:.2f}")
    q_missing = [i for i in range(len(q_tokens)) if i not in q_used]
    n_missing = [j for j in range(len(n_tokens)) if j not in n_used]
    q_unmatched = sum(q_weights[i] for i in q_missing)
    # Light listed words the query lacks count half; a distinctive one counts in full.
    n_unmatched = sum(n_weights[j] * (1.0 if n_weights[j] >= DISTINCTIVE else LIST_SIDE_PENALTY)
                      for j in n_missing)
    denominator = matched + q_unmatched + n_unmatched
    score = matched / denominator if denominator else 0.0
    contradicting = [q_tokens[i].text for i in q_missing if q_weights[i] >= DISTINCTIVE]
    contradicting += [n_tokens[j].text for j in n_missing if n_weights[j] >= DISTINCTIVE]
    if heaviest < DISTINCTIVE and contradicting:
        score *= GENERIC_ONLY
        notes.append("only generic words agree; distinctive words differ: "
                     + ", ".join(f"'{w}'" for w in contradicting))
    if q_missing:
        words = ", ".join(f"'{q_tokens[i].text}' ({q_weights[i]:.2f})" for i in q_missing)
        notes.append(f"query words not in the listed name: {words}")
    if n_missing:
        words = ", ".join(f"'{n_tokens[j].text}' ({n_weights[j]:.2f})" for j in n_missing)
        notes.append(f"listed words not in the query: {words}")
    if q_missing or n_missing:
        compact = _compact_similarity(query, listed)
        if compact >= COMPACT_MIN and compact > score:
            score = compact
            notes.append(f"same letters when spaces are ignored ({compact:.2f})")
    if query.legal_forms or listed.legal_forms:
        forms = sorted(set(query.legal_forms) | set(listed.legal_forms))
        notes.append("legal forms set aside: " + ", ".join(forms))
    return NameScore(round(score, 4), notes)


def _compact_similarity(query: NameForm, listed: NameForm) -> float:
    a, b = query.compact, listed.compact
    if len(a) < 6 or len(b) < 6:
        return 0.0
    return float(Levenshtein.normalized_similarity(a, b))
