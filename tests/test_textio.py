from __future__ import annotations

from rightscreen.textio import decode_bytes

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
