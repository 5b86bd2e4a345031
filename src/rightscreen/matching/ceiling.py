"""The most a query name could score against a listed name, found without aligning them: most
candidates a query retrieves share a word or two with it and nothing more, and the screener
skips aligning those whose ceiling is under the threshold.

The ceiling holds for `features.align` and every step after it, because it assumes the best of
each: a word of either name counts as agreeing when any pairing `align` tries could use it (a
similar word, an initial, a short abbreviation, two words joined, initials of a run), with its
whole weight; a word no pairing can use counts against with the least weight `align` gives a
missing word. The one step that can raise a score (`compact`, for names alike with their
spaces removed) is checked directly. tests/matching/test_ceiling.py holds this against
`compare` on real list names."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from rightscreen.matching.config import MatchConfig
from rightscreen.matching.features import PreparedName, SimilarityTable
from rightscreen.matching.tokens import token_similarity

__all__ = ["ROUNDING", "QueryProfile", "ceiling", "could_reach", "profile"]

# `compare` rounds its score to four places: a ceiling this close under a threshold may still
# round up to it.
ROUNDING = 1e-4


@dataclass(frozen=True, slots=True)
class QueryProfile:
    """What the ceiling needs of a query reading, worked out once for all its candidates. Sets
    of query words are bit masks (bit i: word i)."""

    prepared: PreparedName
    similar: dict[str, int]      # a listed word -> the query words it is similar to
    by_initial: dict[str, int]   # first letter -> query words (a one-letter listed word)
    single: dict[str, int]       # letter -> one-letter query words
    by_prefix: dict[str, int]    # first three letters -> query words
    short_by_prefix: dict[str, int]  # the same, words of abbreviation length only
    joined: dict[str, tuple[tuple[str, int], ...]]  # first letter -> two query words joined
    words_by_initial: dict[str, tuple[tuple[str, int], ...]]  # first letter -> a query word
    acronyms: tuple[tuple[str, int], ...]  # query words that may be initials of a run
    initials: str                # the first letters of the query's words
    letters: int                 # letters in all the query's words


def profile(prepared: PreparedName, table: SimilarityTable, config: MatchConfig
            ) -> QueryProfile:
    similar: dict[str, int] = defaultdict(int)
    by_initial: dict[str, int] = defaultdict(int)
    single: dict[str, int] = defaultdict(int)
    by_prefix: dict[str, int] = defaultdict(int)
    short_prefix: dict[str, int] = defaultdict(int)
    joined: dict[str, list[tuple[str, int]]] = defaultdict(list)
    words: dict[str, list[tuple[str, int]]] = defaultdict(list)
    texts = prepared.texts
    for i, text in enumerate(texts):
        bit = 1 << i
        for other, (similarity, _) in table[i].items():
            if similarity > 0:
                similar[other] |= bit
        by_initial[text[0]] |= bit
        by_prefix[text[:3]] |= bit
        words[text[0]].append((text, bit))
        if len(text) == 1:
            single[text] |= bit
        if len(text) <= config.abbreviation_max:
            short_prefix[text[:3]] |= bit
        if i + 1 < len(texts) and _joinable(text, texts[i + 1], config):
            joined[text[0]].append((text + texts[i + 1], bit | bit << 1))
    return QueryProfile(
        prepared, dict(similar), dict(by_initial), dict(single), dict(by_prefix),
        dict(short_prefix), {k: tuple(v) for k, v in joined.items()},
        {k: tuple(v) for k, v in words.items()},
        tuple((t, 1 << i) for i, t in enumerate(texts) if _acronym_like(t)),
        "".join(t[0] for t in texts), sum(len(t) for t in texts))


def ceiling(query: QueryProfile, listed: PreparedName, config: MatchConfig, *,
            enough: float = 1.0) -> float:
    """A score `compare(query, listed)` cannot exceed (before its rounding). The cheapest
    checks come first; once the ceiling reaches `enough` (the threshold that decides whether
    to align at all) the rest are skipped and what is returned is only a lower estimate of it."""
    q = query.prepared
    if q.han and listed.han and q.han == listed.han:
        return 1.0
    n_texts = listed.texts
    if not q.texts or not n_texts:
        return 0.0
    # Word pairs `align` may make one to one (`features._single_pairs`): a similar word from
    # the query's table, an initial, or a short word sharing its first three letters.
    short = config.abbreviation_max
    q_mask = n_mask = 0
    for j, text in enumerate(n_texts):
        found = query.similar.get(text, 0)
        if len(text) == 1:
            found |= query.by_initial.get(text, 0)
        else:
            found |= query.single.get(text[0], 0)
        found |= (query.by_prefix if len(text) <= short else query.short_by_prefix).get(
            text[:3], 0)
        if found:
            q_mask |= found
            n_mask |= 1 << j
    best = _bound(q.weights, listed.weights, q_mask, n_mask, config)
    if best >= enough:
        return best
    q_mask, n_mask = _joined(query, n_texts, q_mask, n_mask, config)
    q_mask, n_mask = _initial_runs(query, n_texts, q_mask, n_mask)
    best = _bound(q.weights, listed.weights, q_mask, n_mask, config)
    if best >= enough:
        return best
    letters = sum(len(t) for t in n_texts)
    longest = max(letters, query.letters)
    # `compact` may lift a score to the similarity of the names with their spaces removed,
    # when that is at least compact_min: impossible when the lengths alone differ more (with
    # room for rounding: 0.92 * 25 is 23.000000000000004).
    if (query.letters >= 6 and letters >= 6
            and longest - abs(letters - query.letters) + ROUNDING >= config.compact_min * longest):
        similarity = float(Levenshtein.normalized_similarity(
            "".join(q.texts), "".join(n_texts), score_cutoff=config.compact_min - ROUNDING))
        best = max(best, similarity)
    return min(best, 1.0)


def could_reach(query: QueryProfile, listed: PreparedName, limit: float,
                config: MatchConfig) -> bool:
    """Whether `compare` could give this pair a score of at least `limit`."""
    return ceiling(query, listed, config, enough=limit - ROUNDING) >= limit - ROUNDING


def _bound(q_weights: tuple[float, ...], n_weights: tuple[float, ...], q_mask: int,
           n_mask: int, config: MatchConfig) -> float:
    # Agreeing weight: each pairing `align` makes adds at most half of the weights it pairs
    # (the mean, or less for a joined word, an initial or an acronym). Missing weight: every
    # unusable query word in full, every unusable listed word at the lowest factor `align`
    # may apply to it.
    matched = missing = listed_missing = 0.0
    for i, weight in enumerate(q_weights):
        if q_mask >> i & 1:
            matched += weight
        else:
            missing += weight
    for j, weight in enumerate(n_weights):
        if n_mask >> j & 1:
            matched += weight
        else:
            listed_missing += weight
    matched /= 2
    missing += listed_missing * min(1.0, config.list_side_penalty,
                                    config.list_side_penalty_covered)
    total = matched + missing
    return matched / total if total else 0.0


def _joinable(left: str, right: str, config: MatchConfig) -> bool:
    return (min(len(left), len(right)) >= config.joined_min and not left.isdigit()
            and not right.isdigit())


def _joins(joined: str, word: str, config: MatchConfig) -> bool:
    """Whether `features._joined_pairs` may pair two words joined with this word."""
    if abs(len(word) - len(joined)) > 2 or word[0] != joined[0]:
        return False
    _, how = token_similarity(joined, word)
    return how == "same" or (how == "spelling" and len(joined) >= config.joined_typo_min)


def _joined(query: QueryProfile, n_texts: tuple[str, ...], q_mask: int, n_mask: int,
            config: MatchConfig) -> tuple[int, int]:
    """Two adjacent words of one name read as one word of the other."""
    for j, word in enumerate(n_texts):
        for joined, pair in query.joined.get(word[0], ()):
            if _joins(joined, word, config):
                q_mask |= pair
                n_mask |= 1 << j
        texts = query.words_by_initial.get(word[0])  # first: most listed words meet none
        if texts and j + 1 < len(n_texts) and _joinable(word, n_texts[j + 1], config):
            joined = word + n_texts[j + 1]
            for text, bit in texts:
                if _joins(joined, text, config):
                    q_mask |= bit
                    n_mask |= 3 << j
    return q_mask, n_mask


def _acronym_like(text: str) -> bool:
    return 3 <= len(text) <= 6 and text.isalpha()


def _initial_runs(query: QueryProfile, n_texts: tuple[str, ...], q_mask: int, n_mask: int
                  ) -> tuple[int, int]:
    """A word of three to six letters that spells the initials of a run of the other name's
    words (`features._acronyms`)."""
    if query.acronyms:
        initials = "".join(t[0] for t in n_texts)
        for text, bit in query.acronyms:
            start = initials.find(text)
            while start != -1:
                q_mask |= bit
                n_mask |= ((1 << len(text)) - 1) << start
                start = initials.find(text, start + 1)
    spelled = query.initials
    for j, text in enumerate(n_texts):
        # _acronym_like, with its rarest condition first: the query has a word of its initial
        if 3 <= len(text) <= 6 and text[0] in spelled and text.isalpha():
            start = spelled.find(text)
            while start != -1:
                n_mask |= 1 << j
                q_mask |= ((1 << len(text)) - 1) << start
                start = spelled.find(text, start + 1)
    return q_mask, n_mask
