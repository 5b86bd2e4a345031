"""NFKC by its quick path (each full-width character replaced by its own form, the whole
checked) is NFKC, whatever stands around the characters it replaces."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from rightscreen.extract.normalize import nfkc

# Characters the quick path replaces, and those that combine or compose with them: combining
# marks, half-width katakana and its voicing marks, Hangul jamo, ligatures, Latin, Chinese.
NEAR = st.sampled_from(
    [chr(c) for r in ((0x20, 0x250), (0x300, 0x370), (0x1100, 0x1200), (0x3000, 0x3100),
                      (0xF900, 0xFB50), (0xFE00, 0xFFF0)) for c in range(*r)]
    + ["人", "脸", "识", "别", "가", "\n", "\u2f08"])


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.text(NEAR, max_size=16))
def test_the_quick_path_is_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_what_the_quick_path_replaces_is_nfkc_in_context() -> None:
    for text in ("招标公告，采购：（一）", "ｶﾞｷﾞ", "ｶ\u3099", "Ａ\u0301", "\uff21\u0301\u0323",
                 "ﬁ①，Ⅱ", "\u3000\u3000x", "\uf900\ufa0e", "\ufe10\ufe6b", "\uffe3\u0304"):
        assert nfkc(text) == unicodedata.normalize("NFKC", text), text
