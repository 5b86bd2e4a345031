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

__all__ = ["QueryProfile", "ceiling", "profile"]

# `compare` rounds its score to four places: a ceiling this close under a threshold may still
# round up to it.
ROUNDING = 1e-4


@dataclass(frozen=True, slots=True)
class QueryProfile:
    """What the ceiling needs of a query reading, worked out once for all its candidates."""

    prepared: PreparedName
    table: SimilarityTable
    by_initial: dict[str, tuple[int, ...]]   # first letter -> query words
    single_letters: dict[str, tuple[int, ...]]  # a one-letter query word, by its letter
    by_prefix: dict[str, tuple[int, ...]]    # first three letters -> query words
    short_by_prefix: dict[str, tuple[int, ...]]  # the same, words of abbreviation length only
    initials: str                            # the first letters of the query's words
    letters: int                             # letters in all the query's words


def profile(prepared: PreparedName, table: SimilarityTable, config: MatchConfig
            ) -> QueryProfile:
    by_initial: dict[str, list[int]] = defaultdict(list)
    single: dict[str, list[int]] = defaultdict(list)
    by_prefix: dict[str, list[int]] = defaultdict(list)
    short_prefix: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(prepared.texts):
        by_initial[text[0]].append(i)
        by_prefix[text[:3]].append(i)
        if len(text) == 1:
            single[text].append(i)
        if len(text) <= config.abbreviation_max:
            short_prefix[text[:3]].append(i)
    return QueryProfile(
        prepared, table, _frozen(by_initial), _frozen(single), _frozen(by_prefix),
        _frozen(short_prefix), "".join(t[0] for t in prepared.texts),
        sum(len(t) for t in prepared.texts))


def _frozen(found: dict[str, list[int]]) -> dict[str, tuple[int, ...]]:
    return {key: tuple(value) for key, value in found.items()}


def ceiling(query: QueryProfile, listed: PreparedName, config: MatchConfig, *,
            enough: float = 1.0) -> float:
    """A score `compare(query, listed)` cannot exceed (before its rounding). The cheapest
    checks come first; once the ceiling reaches `enough` (the threshold that decides whether
    to align at all) the rest are skipped and what is returned is only a lower estimate of it."""
    q = query.prepared
    if q.han and listed.han and q.han == listed.han:
        return 1.0
    q_texts, n_texts = q.texts, listed.texts
    if not q_texts or not n_texts:
        return 0.0
    q_used = [False] * len(q_texts)
    n_used = [False] * len(n_texts)
    _single_words(query, listed, q_used, n_used, config)
    best = _bound(q, listed, q_used, n_used, config)
    if best >= enough:
        return best
    _joined_words(q_texts, n_texts, q_used, n_used, config)
    _joined_words(n_texts, q_texts, n_used, q_used, config)
    _initial_runs(q_texts, "".join(t[0] for t in n_texts), q_used, n_used)
    _initial_runs(n_texts, query.initials, n_used, q_used)
    best = _bound(q, listed, q_used, n_used, config)
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
            "".join(q_texts), "".join(n_texts), score_cutoff=config.compact_min - ROUNDING))
        best = max(best, similarity)
    return min(best, 1.0)


def could_reach(query: QueryProfile, listed: PreparedName, limit: float,
                config: MatchConfig) -> bool:
    """Whether `compare` could give this pair a score of at least `limit`."""
    return ceiling(query, listed, config, enough=limit - ROUNDING) >= limit - ROUNDING


def _bound(query: PreparedName, listed: PreparedName, q_used: list[bool], n_used: list[bool],
           config: MatchConfig) -> float:
    # Agreeing weight: each pairing `align` makes adds at most half of the weights it pairs
    # (the mean, or less for a joined word, an initial or an acronym). Missing weight: every
    # unusable query word in full, every unusable listed word at the lowest factor `align`
    # may apply to it.
    matched = missing = 0.0
    for weight, used in zip(query.weights, q_used, strict=True):
        if used:
            matched += weight
        else:
            missing += weight
    listed_missing = 0.0
    for weight, used in zip(listed.weights, n_used, strict=True):
        if used:
            matched += weight
        else:
            listed_missing += weight
    matched /= 2
    missing += listed_missing * min(1.0, config.list_side_penalty,
                                    config.list_side_penalty_covered)
    total = matched + missing
    return matched / total if total else 0.0


def _single_words(query: QueryProfile, listed: PreparedName, q_used: list[bool],
                  n_used: list[bool], config: MatchConfig) -> None:
    """Word pairs `align` may make one to one: a similar word from the query's table, or,
    as `features._single_pairs` tries, an initial or a short word sharing three letters."""
    positions: dict[str, list[int]] = {}
    for j, text in enumerate(listed.texts):
        positions.setdefault(text, []).append(j)
    for i, row in enumerate(query.table):
        for text in row.keys() & positions.keys():
            if row[text][0] > 0:
                q_used[i] = True
                for j in positions[text]:
                    n_used[j] = True
    short = config.abbreviation_max
    for j, text in enumerate(listed.texts):
        found: tuple[int, ...] = ()
        if len(text) == 1:
            found = query.by_initial.get(text, ())
        else:
            found = query.single_letters.get(text[0], ())
        prefix = (query.by_prefix if len(text) <= short else query.short_by_prefix).get(
            text[:3], ())
        for i in (*found, *prefix):
            q_used[i] = n_used[j] = True


def _joined_words(split: tuple[str, ...], whole: tuple[str, ...], split_used: list[bool],
                  whole_used: list[bool], config: MatchConfig) -> None:
    """Two adjacent words of one name that `features._joined_pairs` may read as one word of
    the other."""
    for i in range(len(split) - 1):
        left, right = split[i], split[i + 1]
        if min(len(left), len(right)) < config.joined_min or left.isdigit() or right.isdigit():
            continue
        joined = left + right
        for j, word in enumerate(whole):
            if abs(len(word) - len(joined)) > 2 or word[0] != joined[0]:
                continue
            _, how = token_similarity(joined, word)
            if how == "same" or (how == "spelling" and len(joined) >= config.joined_typo_min):
                split_used[i] = split_used[i + 1] = whole_used[j] = True


def _initial_runs(short: tuple[str, ...], initials: str, short_used: list[bool],
                  long_used: list[bool]) -> None:
    """A word of three to six letters that spells the initials of a run of the other name's
    words (`features._acronyms`)."""
    for i, text in enumerate(short):
        if not 3 <= len(text) <= 6 or not text.isalpha():
            continue
        start = initials.find(text)
        while start != -1:
            short_used[i] = True
            for j in range(start, start + len(text)):
                long_used[j] = True
            start = initials.find(text, start + 1)
