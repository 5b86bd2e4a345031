"""Document text as the matchers read it: NFKC (PDF fonts give CJK compatibility ideographs
and full-width forms), pdfium's U+FFFE line-end hyphen removed, Traditional to Simplified."""

from __future__ import annotations

import unicodedata

from rightscreen.names.chinese import has_han, to_simplified

_DROPPED = "\ufffe\u00ad\u200b\u200c\u200d\ufeff"
_DROP = dict.fromkeys(map(ord, _DROPPED), None)


def normalize_text(text: str) -> str:
    """Normalise without changing where lines break, so line numbers stay true."""
    if any(c in text for c in _DROPPED):  # translate looks up every character: 25 us a page
        text = text.translate(_DROP)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return to_simplified(text) if has_han(text) else text
