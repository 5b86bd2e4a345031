from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightscreen.errors import FileRefused, InputError
from rightscreen.safety import Limits
from rightscreen.textio import decode_bytes, read_bytes, read_head, read_text

TEXT = "name,country\n浙江大华技术股份有限公司,CN\nSiemens AG,DE\n"


def test_utf8_and_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-8")).text == TEXT
    assert decode_bytes(TEXT.encode("utf-8-sig")).text == TEXT


def test_gbk_is_recognised() -> None:
    decoded = decode_bytes(TEXT.encode("gbk"))
    assert decoded.text == TEXT and decoded.encoding == "gb18030"


def test_utf16_with_and_without_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-16")).text == TEXT
    assert decode_bytes(TEXT.encode("utf-16-le")).text == TEXT


def test_latin1() -> None:
    text = "name\nSociété Générale\nMüller GmbH\n"
    assert decode_bytes(text.encode("latin-1")).text == text


def test_mixed_encodings_reported_by_line() -> None:
    data = "name\nMüller GmbH\n".encode() + "浙江大华\n".encode("gbk") + b"Acme\n"
    decoded = decode_bytes(data)
    assert decoded.mixed_lines == [3]
    assert "浙江大华" in decoded.text and "Müller" in decoded.text


def test_utf32_with_bom_is_not_taken_for_utf16() -> None:
    decoded = decode_bytes(TEXT.encode("utf-32"))
    assert decoded.text == TEXT and decoded.encoding == "utf-32"


def test_read_bytes_refuses_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"name\n" + b"Acme\n" * 100)
    assert read_bytes(path, limits=Limits(max_file_bytes=505)) == path.read_bytes()
    with pytest.raises(FileRefused, match=r"big\.csv: 505 bytes, over the limit of 504"):
        read_bytes(path, limits=Limits(max_file_bytes=504))


def test_missing_and_folder_are_input_errors(tmp_path: Path) -> None:
    for reader in (read_text, read_head):
        with pytest.raises(InputError, match=r"absent\.txt: file not found"):
            reader(tmp_path / "absent.txt")
        with pytest.raises(InputError, match=str(tmp_path)):
            reader(tmp_path)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_decode(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert isinstance(decoded.text, str)
    assert all(1 <= line <= data.count(b"\n") + 1 for line in decoded.mixed_lines)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
               max_size=300))
def test_utf8_text_comes_back_unchanged(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")).text == text.removeprefix("\ufeff")


def test_gbk_line_that_happens_to_be_valid_utf8() -> None:
    # 卓胜微 (a CSI 300 constituent) in GBK is also valid UTF-8: "׿ʤ΢".
    text = "code,name\r\n300782,卓胜微\r\n002415,海康威视\r\n"
    assert "卓胜微".encode("gbk").decode("utf-8") == "׿ʤ΢"
    decoded = decode_bytes(text.encode("gbk"))
    assert decoded.text == text and decoded.encoding == "gb18030" and not decoded.mixed_lines
