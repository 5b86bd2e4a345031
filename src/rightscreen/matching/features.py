"""The named steps of a name score. `align` pairs the words of two names and weighs what agrees
and what is missing; each later step looks at that alignment and returns (factor, detail): the
factor multiplies the score, the detail says why in words (empty when the step did not fire).

Explanations are data (`Explanation`: feature, factor, detail), rendered to prose only where a
person reads them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from rightscreen.matching.config import MatchConfig
from rightscreen.matching.legal_forms import forms_differ
from rightscreen.matching.tokens import token_similarity
from rightscreen.names.chinese import same_characters, spelled_in_pinyin

# For each query word, the listed words it agrees with: word -> (similarity, how).
SimilarityTable = list[dict[str, tuple[float, str]]]


@dataclass(frozen=True, slots=True)
class PreparedName:
    texts: tuple[str, ...]
    kinds: tuple[str, ...]
    weights: tuple[float, ...]
    han: str | None
    legal_forms: tuple[str, ...]
    # Short words written in capitals as acronyms are (AVIC, CASC): spelled exactly or not at all.
    acronyms: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Explanation:
    """What one feature said about a hit: its name, the factor it applied (1.0 for a note, the
    similarity for a pair of words) and a sentence for a reader."""

    feature: str
    factor: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "factor": round(self.factor, 4), "detail": self.detail}


@dataclass(slots=True)
class Agreement:
    query: tuple[int, ...]  # one word, or two read as one joined word
    listed: tuple[int, ...]
    similarity: float
    how: str
    weight: float


@dataclass(slots=True)
class Alignment:
    agreements: list[Agreement] = field(default_factory=list)
    q_missing: list[int] = field(default_factory=list)
    n_missing: list[int] = field(default_factory=list)
    matched: float = 0.0
    heaviest: float = 0.0
    q_unmatched: float = 0.0
    n_unmatched: float = 0.0
    # Pinyin pairs that spell alike but are other characters (see `_chinese_pairs`).
    refused: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)

    @property
    def score(self) -> float:
        denominator = self.matched + self.q_unmatched + self.n_unmatched
        return self.matched / denominator if denominator else 0.0


_Pair = tuple[float, tuple[int, ...], tuple[int, ...], str]


def align(query: PreparedName, listed: PreparedName, table: SimilarityTable,
          config: MatchConfig) -> Alignment:
    """Pair each word with its best counterpart, best pairs first; words run together on one
    side and apart on the other ('Hik Vision', 'Hikvision') pair as one; initials pair with a
    run of words. What is left unpaired counts against."""
    q_texts, n_texts = query.texts, listed.texts
    q_weights, n_weights = query.weights, listed.weights
    pairs = _single_pairs(q_texts, n_texts, table, config)
    # Words spelled alike on both sides need no joining: only the others are tried joined.
    q_same = {p[1][0] for p in pairs if p[3] == "same"}
    n_same = {p[2][0] for p in pairs if p[3] == "same"}
    if len(q_same) < len(q_texts) or len(n_same) < len(n_texts):
        pairs.extend(_joined_pairs(q_texts, n_texts, q_same, n_same, config, query_joined=True))
        pairs.extend(_joined_pairs(n_texts, q_texts, n_same, q_same, config,
                                   query_joined=False))
    refused: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    if query.han or listed.han:
        pairs, refused = _chinese_pairs(query, listed, pairs)
    # Best first; at equal similarity a joined pair (it accounts for more words) goes first.
    pairs.sort(key=_pair_order)
    out = Alignment(refused=refused)
    q_used: set[int] = set()
    n_used: set[int] = set()
    q_extra = n_extra = 0.0
    for sim, qs, ns, how in pairs:
        if (qs[0] in q_used or ns[0] in n_used or (len(qs) > 1 and qs[1] in q_used)
                or (len(ns) > 1 and ns[1] in n_used)):
            continue
        q_used.update(qs)
        n_used.update(ns)
        # A joined word weighs as its heaviest half: "hik" + "vision" is one word, Hikvision.
        q_weight = q_weights[qs[0]] if len(qs) == 1 else max(q_weights[i] for i in qs)
        n_weight = n_weights[ns[0]] if len(ns) == 1 else max(n_weights[j] for j in ns)
        if how == "initial":
            # A long word that agrees only by its initial leaves the rest of its weight over.
            weight = min(q_weight, n_weight)
            q_extra += q_weight - weight
            n_extra += n_weight - weight
        else:
            weight = (q_weight + n_weight) / 2
        # The part of a word that does not agree counts against, on both sides.
        q_extra += (1.0 - sim) * q_weight * config.shortfall
        n_extra += (1.0 - sim) * n_weight * config.shortfall
        out.matched += sim * weight
        out.heaviest = max(out.heaviest, weight)
        out.agreements.append(Agreement(qs, ns, sim, how, weight))
    if len(q_used) < len(q_texts) and len(n_used) < len(n_texts):
        for short, long_, s_used, l_used, s_w, l_w, query_short in (
                (q_texts, n_texts, q_used, n_used, q_weights, n_weights, True),
                (n_texts, q_texts, n_used, q_used, n_weights, q_weights, False)):
            for i, run in _acronyms(short, long_, s_used, l_used):
                s_used.add(i)
                l_used.update(run)
                weight = (s_w[i] + sum(l_w[j] for j in run)) / 2
                out.matched += config.acronym * weight
                out.heaviest = max(out.heaviest, weight)
                qs, ns = ((i,), tuple(run)) if query_short else (tuple(run), (i,))
                out.agreements.append(Agreement(qs, ns, config.acronym, "acronym", weight))
    out.q_missing = [i for i in range(len(q_texts)) if i not in q_used]
    out.n_missing = [j for j in range(len(n_texts)) if j not in n_used]
    if out.q_missing and out.n_missing:
        list_factor = 1.0  # a word in place of another: a contradiction, not an omission
    elif out.q_missing:
        list_factor = config.list_side_penalty
    else:
        list_factor = config.list_side_penalty_covered
    out.q_unmatched = sum(q_weights[i] for i in out.q_missing) + q_extra
    out.n_unmatched = sum(n_weights[j] for j in out.n_missing) * list_factor + n_extra
    return out


def _chinese_pairs(query: PreparedName, listed: PreparedName,
                   pairs: list[_Pair]) -> tuple[list[_Pair], list[tuple[tuple[int, ...],
                                                                         tuple[int, ...]]]]:
    """Pinyin read off Chinese characters is spelled by a machine, never mistyped. Both names
    in characters: a pinyin pair agrees only when the characters behind it do (上港 shanggang
    is not 商汤 shangtang, 广汽 not 光启). Against a romanised name: a pinyin near a listed word
    that is itself pinyin is another syllable ('shengyi', 'shangyi'). Glosses and places
    pass: the same English for the same meaning."""
    hans = query.han or "", listed.han or ""
    kept: list[_Pair] = []
    refused: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for pair in pairs:
        sim, qs, ns, how = pair
        q_text = "".join(query.texts[i] for i in qs)
        n_text = "".join(listed.texts[j] for j in ns)
        if query.han and listed.han:
            refuse = _words(query, qs) and _words(listed, ns) and not (
                sim == 1.0 and same_characters(hans, (q_text, n_text)))
        else:
            refuse = (sim < 1.0 and how != "initial"
                      and (_words(query, qs) if query.han else _words(listed, ns))
                      and spelled_in_pinyin(q_text) and spelled_in_pinyin(n_text))
        if refuse:
            refused.append((qs, ns))
        else:
            kept.append(pair)
    return kept, refused


def _words(name: PreparedName, positions: tuple[int, ...]) -> bool:
    return all(name.kinds[i] == "word" for i in positions)


def _pair_order(pair: _Pair) -> tuple[float, int, tuple[int, ...], tuple[int, ...]]:
    return -pair[0], -(len(pair[1]) + len(pair[2])), pair[1], pair[2]


def _single_pairs(q_texts: tuple[str, ...], n_texts: tuple[str, ...], table: SimilarityTable,
                  config: MatchConfig) -> list[_Pair]:
    pairs: list[_Pair] = []
    short = config.abbreviation_max
    for i, row in enumerate(table):
        qt = q_texts[i]
        for j, nt in enumerate(n_texts):
            found = row.get(nt)
            if found is None and (len(qt) == 1 or len(nt) == 1 or (
                    min(len(qt), len(nt)) <= short and qt[:3] == nt[:3])):
                found = token_similarity(qt, nt)  # initials and short abbreviations
            if found is not None and found[0] > 0:
                pairs.append((found[0], (i,), (j,), found[1]))
    return pairs


def _joined_pairs(split: tuple[str, ...], whole: tuple[str, ...], split_same: set[int],
                  whole_same: set[int], config: MatchConfig, *,
                  query_joined: bool) -> list[_Pair]:
    """Two adjacent words of one name that spell one word of the other, exactly or within the
    spelling allowance of a word that long."""
    pairs: list[_Pair] = []
    if len(whole_same) == len(whole):
        return pairs
    for i in range(len(split) - 1):
        if i in split_same and i + 1 in split_same:
            continue
        left, right = split[i], split[i + 1]
        if min(len(left), len(right)) < config.joined_min or left.isdigit() or right.isdigit():
            continue
        joined = left + right
        for j, word in enumerate(whole):
            if j in whole_same or abs(len(word) - len(joined)) > 2 or word[0] != joined[0]:
                continue
            sim, how = token_similarity(joined, word)
            # A typo on top of a join only in long words: 'xi ling' is not 'Xilinx'.
            if how == "same" or (how == "spelling" and len(joined) >= config.joined_typo_min):
                run = (i, i + 1)
                pairs.append((sim, run, (j,), "joined") if query_joined
                             else (sim, (j,), run, "joined"))
    return pairs


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


def describe_alignment(query: PreparedName, listed: PreparedName,
                       alignment: Alignment) -> list[Explanation]:
    """The agreeing and the missing words, as explanations."""
    out = []
    for a in alignment.agreements:
        q_words = " ".join(query.texts[i] for i in a.query)
        n_words = " ".join(listed.texts[j] for j in a.listed)
        if a.how == "acronym":
            short, long_ = (q_words, n_words) if len(a.query) == 1 else (n_words, q_words)
            detail = f"'{short}' is the initials of '{long_}', weight {a.weight:.2f}"
        else:
            label = "" if a.how == "same" else f" ({a.how})"
            detail = f"'{q_words}' = '{n_words}'{label}, weight {a.weight:.2f}"
        out.append(Explanation("words", a.similarity, detail))
    for qs, ns in alignment.refused:
        q_words = " ".join(query.texts[i] for i in qs)
        n_words = " ".join(listed.texts[j] for j in ns)
        out.append(Explanation("chinese_characters", 0.0, (
            f"'{q_words}' and '{n_words}' are pinyin of other characters, not a typo")))
    if alignment.q_missing:
        words = ", ".join(f"'{query.texts[i]}' ({query.weights[i]:.2f})"
                          for i in alignment.q_missing)
        out.append(Explanation("query_words_missing", 1.0,
                               f"query words not in the listed name: {words}"))
    if alignment.n_missing:
        words = ", ".join(f"'{listed.texts[j]}' ({listed.weights[j]:.2f})"
                          for j in alignment.n_missing)
        out.append(Explanation("listed_words_missing", 1.0,
                               f"listed words not in the query: {words}"))
    return out


# A step sees both names, the alignment and the score so far; it returns (factor, detail).
Step = Callable[[PreparedName, PreparedName, Alignment, float, MatchConfig], tuple[float, str]]


def dominance(query: PreparedName, listed: PreparedName, alignment: Alignment, score: float,
              config: MatchConfig) -> tuple[float, str]:
    """A missing word heavier than every agreeing word: the names differ in what identifies
    them ('Hangzhou Digital Technology' lacks 'Hikvision')."""
    missing = ([query.weights[i] for i in alignment.q_missing]
               + [listed.weights[j] for j in alignment.n_missing])
    if not missing or max(missing) <= alignment.heaviest:
        return 1.0, ""
    factor = max(config.dominance_floor, alignment.heaviest / max(missing))
    return factor, f"a missing word outweighs every agreeing word (x{factor:.2f})"


def places(query: PreparedName, listed: PreparedName, alignment: Alignment, score: float,
           config: MatchConfig) -> tuple[float, str]:
    if any(query.kinds[i] == "place" for i in alignment.q_missing) and any(
            listed.kinds[j] == "place" for j in alignment.n_missing):
        return config.place_conflict, f"different places named (x{config.place_conflict})"
    return 1.0, ""


def compact(query: PreparedName, listed: PreparedName, alignment: Alignment, score: float,
            config: MatchConfig) -> tuple[float, str]:
    """Words joined or split differently, with a typo that word pairing cannot see."""
    if score <= 0 or not (alignment.q_missing or alignment.n_missing):
        return 1.0, ""
    a, b = "".join(query.texts), "".join(listed.texts)
    if len(a) < 6 or len(b) < 6 or _digits(a) != _digits(b):
        # One digit apart is one letter apart, but the 13th institute is not the 14th.
        return 1.0, ""
    similarity = float(Levenshtein.normalized_similarity(a, b))
    if similarity >= config.compact_min and similarity > score:
        return similarity / score, f"same letters when spaces are ignored ({similarity:.2f})"
    return 1.0, ""


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def legal_forms(query: PreparedName, listed: PreparedName, alignment: Alignment, score: float,
                config: MatchConfig) -> tuple[float, str]:
    if query.legal_forms and listed.legal_forms and forms_differ(query.legal_forms,
                                                                 listed.legal_forms):
        return config.legal_form_conflict, (
            f"legal forms differ: {', '.join(query.legal_forms)} vs "
            f"{', '.join(listed.legal_forms)} (x{config.legal_form_conflict})")
    if query.legal_forms or listed.legal_forms:
        forms = sorted(set(query.legal_forms) | set(listed.legal_forms))
        return 1.0, "legal forms set aside: " + ", ".join(forms)
    return 1.0, ""


def generic_only(query: PreparedName, listed: PreparedName, alignment: Alignment, score: float,
                 config: MatchConfig) -> tuple[float, str]:
    if score > 0 and (alignment.q_missing or alignment.n_missing) and not (
            has_identity(query.kinds, config) and has_identity(listed.kinds, config)):
        return config.generic_only, (
            f"one name has only generic words and places (x{config.generic_only})")
    return 1.0, ""


def pinyin_only(query: PreparedName, listed: PreparedName, alignment: Alignment, score: float,
                config: MatchConfig) -> tuple[float, str]:
    if score > 0 and bool(query.han) != bool(listed.han) and any(
            k == "word" for k in (query.kinds if query.han else listed.kinds)):
        return config.pinyin_only, ("Chinese characters met a romanised name: different "
                                    f"characters share a pinyin (x{config.pinyin_only})")
    return 1.0, ""


def short_name(query: PreparedName, listed: PreparedName, alignment: Alignment, score: float,
               config: MatchConfig) -> tuple[float, str]:
    """An acronym or short alias (AVIC, CASC) agrees only when spelled the same or read as
    initials: one edit turns an acronym into another firm's name (CASC, CASIC)."""
    if score <= 0 or not (query.acronyms or listed.acronyms):
        return 1.0, ""
    for a in alignment.agreements:
        if a.how not in ("spelling", "sound", "consonants", "abbreviation") or len(
                a.query) != 1 or len(a.listed) != 1:
            continue
        q_word, n_word = query.texts[a.query[0]], listed.texts[a.listed[0]]
        if max(len(q_word), len(n_word)) <= config.short_name_max and (
                q_word in query.acronyms or n_word in listed.acronyms):
            return 0.0, (f"'{q_word}' and '{n_word}': an acronym of {config.short_name_max} "
                         f"letters or fewer must be spelled exactly ({a.how} is not enough)")
    return 1.0, ""


STEPS: tuple[tuple[str, Step], ...] = (
    ("dominance", dominance), ("places", places), ("compact", compact),
    ("legal_forms", legal_forms), ("generic_only", generic_only), ("pinyin_only", pinyin_only),
    ("short_name", short_name))


def has_identity(kinds: tuple[str, ...], config: MatchConfig) -> bool:
    # A word or a number identifies; so do initials, but only two or more (E.K.T.), never one;
    # and glosses, the English of a Chinese name's common words (高压 "high pressure"), from
    # `gloss_identity_min` on.
    return (any(k in ("word", "number") for k in kinds) or kinds.count("initial") >= 2
            or kinds.count("gloss") >= config.gloss_identity_min)
