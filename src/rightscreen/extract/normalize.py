"""Document text as the matchers read it: NFKC (PDF fonts give CJK compatibility ideographs
and full-width forms), pdfium's U+FFFE line-end hyphen removed, Traditional to Simplified."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rightscreen.names.chinese import has_han, to_simplified

_DROPPED = "\ufffe\u00ad\u200b\u200c\u200d\ufeff"
_DROP = dict.fromkeys(map(ord, _DROPPED), None)
# What PDF text most often holds that NFKC changes: the ideographic space, CJK compatibility
# ideographs, vertical, small and full-width forms (Chinese text's ，：；（）).
_COMPATIBLE = re.compile("[\u3000\uf900-\ufaff\ufe10-\ufe6f\uff01-\uffee]+")


def normalize_text(text: str) -> str:
    """Normalise without changing where lines break, so line numbers stay true."""
    if any(c in text for c in _DROPPED):  # translate looks up every character: 25 us a page
        text = text.translate(_DROP)
    if not unicodedata.is_normalized("NFKC", text):
        text = nfkc(text)
    return to_simplified(text) if has_han(text) else text


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), a third of the time for a page whose only
    characters to change are full-width punctuation. Each such character replaced by its own
    NFKC form leaves a text compatibility-equivalent to the first (the same NFKD); if that is
    in NFKC, it is the NFKC of the first, which is unique. Otherwise the whole is normalised."""
    quick = _COMPATIBLE.sub(_nfkc_run, text)
    return quick if unicodedata.is_normalized("NFKC", quick) else unicodedata.normalize(
        "NFKC", text)


def _nfkc_run(match: re.Match[str]) -> str:
    return _nfkc_of(match.group())


@lru_cache(maxsize=4096)
def _nfkc_of(run: str) -> str:
    return unicodedata.normalize("NFKC", run)
