"""Mutations of text files: oversized fields, many rows and columns, encodings, line ends,
Unicode oddities, CSV headers renamed or removed, odd field values and remark fragments."""

from __future__ import annotations

import codecs
import random
import re
from collections.abc import Callable

from .mutations import (
    FIELD_1M,
    FIELD_128K,
    Apply,
    as_text,
    big_text,
    delimiter_of,
    mutation,
    position,
)
from .mutations_structured import json_set
from .seeds import TEXT_KINDS, Seed

# --- text ------------------------------------------------------------------------------------

def _oversized(size: int) -> Apply:
    def apply(rng: random.Random, data: bytes, seed: Seed) -> bytes:
        text = as_text(data)
        big = big_text(rng, size)
        if seed.kind in ("json", "jsonl"):
            return json_set(rng, data, seed, lambda _: big, strings_only=True)
        if seed.kind in ("xml", "html"):
            nodes = list(re.finditer(r">([^<]+)<", text))
            if nodes:
                node = rng.choice(nodes)
                return (text[:node.start(1)] + big + text[node.end(1):]).encode()
        delimiters = [m.end() for m in re.finditer(re.escape(delimiter_of(seed)), text)]
        at = rng.choice(delimiters) if delimiters and seed.kind in ("csv", "tsv") else (
            position(rng, text))
        return (text[:at] + big + text[at:]).encode()
    return apply


mutation("oversized-field-128k", kinds=TEXT_KINDS)(_oversized(FIELD_128K))
mutation("oversized-field-1m", kinds=TEXT_KINDS, heavy=True)(_oversized(FIELD_1M))


@mutation("many-rows", kinds=frozenset({"csv", "tsv", "jsonl", "text"}), heavy=True)
def _many_rows(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    lines = data.split(b"\n")
    line = lines[rng.randrange(1, len(lines))] if len(lines) > 1 else data
    return data.rstrip(b"\n") + b"\n" + (line.rstrip(b"\r") + b"\n") * 30_000


@mutation("many-columns", kinds=frozenset({"csv", "tsv", "text"}))
def _many_columns(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    lines[at] = lines[at] + delimiter_of(seed).encode() * rng.choice([1_001, 5_000, 70_000])
    return b"\n".join(lines)


@mutation("quote-unbalanced", kinds=frozenset({"csv", "tsv", "text"}))
def _quote(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    at = position(rng, data)
    return data[:at] + rng.choice([b'"', b'"\n', b'""x"']) + data[at:]


def _encode_as(encoding: str, *, bom: bytes = b"") -> Apply:
    def apply(rng: random.Random, data: bytes, seed: Seed) -> bytes:
        return bom + as_text(data).encode(encoding, errors="replace")
    return apply


mutation("enc-utf16", kinds=TEXT_KINDS)(_encode_as("utf-16"))
mutation("enc-utf16le-nobom", kinds=TEXT_KINDS)(_encode_as("utf-16-le"))
mutation("enc-utf16be-nobom", kinds=TEXT_KINDS)(_encode_as("utf-16-be"))
mutation("enc-gbk", kinds=TEXT_KINDS)(_encode_as("gbk"))
mutation("enc-latin1", kinds=TEXT_KINDS)(_encode_as("latin-1"))
mutation("enc-utf8-bom", kinds=TEXT_KINDS)(_encode_as("utf-8", bom=codecs.BOM_UTF8))


@mutation("enc-mixed", kinds=TEXT_KINDS)
def _enc_mixed(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    lines = as_text(data).split("\n")
    codecs_ = ["utf-8", "gbk", "latin-1", "utf-16-le"]
    return b"\n".join(line.encode(rng.choice(codecs_), errors="replace") for line in lines)


@mutation("enc-invalid-utf8", kinds=TEXT_KINDS)
def _enc_invalid(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    bad = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80\x80"])
    at = position(rng, data)
    return data[:at] + bad + data[at:]


@mutation("newlines", kinds=TEXT_KINDS)
def _newlines(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", rng.choice([b"\r", b"\r\n", b"\r\r\n"]))


@mutation("unicode-oddities", kinds=TEXT_KINDS)
def _unicode(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    text = as_text(data)
    for _ in range(rng.randint(1, 6)):
        odd = rng.choice(["\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x85", "\u202e",
                          "\u0301" * 50, "\U0001f4a9", "\ufffe", "\ufeff", "\u00a0"])
        at = position(rng, text)
        text = text[:at] + odd + text[at:]
    return text.encode("utf-8", errors="surrogatepass")


@mutation("nfkc-expansion", kinds=TEXT_KINDS)
def _nfkc(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    # U+FDFA becomes 18 characters under NFKC: 20,000 of them are 360,000 after normalising.
    text = as_text(data)
    at = rng.choice([m.end() for m in re.finditer(r"[,\t>\"]", text)] or [0])
    return (text[:at] + "\ufdfa" * rng.choice([2_000, 20_000]) + text[at:]).encode()


# --- CSV headers -----------------------------------------------------------------------------

def _header_edit(edit: Callable[[random.Random, list[str]], list[str]]) -> Apply:
    def apply(rng: random.Random, data: bytes, seed: Seed) -> bytes:
        text = as_text(data)
        first, sep, rest = text.partition("\n")
        cells = first.rstrip("\r").split(delimiter_of(seed))
        return (delimiter_of(seed).join(edit(rng, cells)) + sep + rest).encode()
    return apply


def _rename(rng: random.Random, cells: list[str]) -> list[str]:
    at = rng.randrange(len(cells))
    cells[at] = rng.choice(["", "Name ", "NAME", "名称", "nom", "x" * 300, cells[at][::-1],
                            '"name"', "name\u200b", "Nаme"])  # the last has a Cyrillic a
    return cells


def _remove(rng: random.Random, cells: list[str]) -> list[str]:
    del cells[rng.randrange(len(cells))]
    return cells


def _duplicate_column(rng: random.Random, cells: list[str]) -> list[str]:
    cells[rng.randrange(len(cells))] = rng.choice(cells)
    return cells


mutation("header-rename", kinds=TEXT_KINDS, needs_header=True)(_header_edit(_rename))
mutation("header-remove-column", kinds=TEXT_KINDS, needs_header=True)(_header_edit(_remove))
mutation("header-duplicate-column", kinds=TEXT_KINDS, needs_header=True)(
    _header_edit(_duplicate_column))


@mutation("header-drop", kinds=TEXT_KINDS, needs_header=True)
def _header_drop(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return data.partition(b"\n")[2]


# --- field values, remarks, HTML, PDF -----------------------------------------------------------

NASTY_VALUES = ("31 Feb 2020", "2020-02-30", "0000-00-00", "99/99/9999", "Feb 30, 2020", "1e309",
                "-0", "NaN", "inf", "1,2,3", "(5)", "١٢٣", "12%%", "-0-", "CNE100000PM8X",
                "US0000000000", ";;;;", "\\", "=cmd|' /C calc'!A0", "N/A", "ÿ", "0x1F", "  ")
REMARKS = ("DOB 31 Feb 1990", "DOB ", "POB ;", "ISIN ; alt. ISIN CNE100000PM8X",
           "Unified Social Credit Code (USCC) ", "Equity Ticker ; alt. Equity Ticker 99999999",
           "LEI 123", "nationality ", "Organization Established Date 99 Xyz 0000",
           "alt. alt. alt.", "Linked To: ", "a.k.a. ''", "(Linked To: (Linked To: ")


@mutation("field-values", kinds=frozenset({"csv", "tsv", "text"}))
def _field_values(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    lines = as_text(data).split("\n")
    delimiter = delimiter_of(seed)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(lines))
        cells = lines[at].split(delimiter)
        cells[rng.randrange(len(cells))] = rng.choice(NASTY_VALUES)
        lines[at] = delimiter.join(cells)
    return "\n".join(lines).encode()


@mutation("remark-fragments", kinds=frozenset({"csv", "tsv", "text", "jsonl", "json"}))
def _remarks(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    text = as_text(data)
    fragment = "; ".join(rng.choice(REMARKS) for _ in range(rng.randint(1, 6)))
    quotes = [m.start() for m in re.finditer('"', text)]
    at = rng.choice(quotes) if quotes else position(rng, text)
    return (text[:at] + "; " + fragment + text[at:]).encode()


@mutation("html-unclosed", kinds=frozenset({"html", "text"}))
def _html_unclosed(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    at = position(rng, data)
    opener = rng.choice([b"<!--", b"<script>", b"<![CDATA[", b"<style>", b"<p title='",
                         b"<" + b"a " * 50_000, b"&#x110000;", b"&#99999999999;"])
    return data[:at] + opener + data[at:]
