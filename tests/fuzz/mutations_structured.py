"""Mutations of structured files: JSON values of the wrong type and deep nesting, every key
swept through every wrong type, XML nesting, entities and renamed tags, PDF dictionaries that
lie and PDFs of many pages."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator

from .mutations import FAMILIES, as_text, mutation
from .seeds import Seed

# --- JSON ------------------------------------------------------------------------------------

JSON_KINDS = frozenset({"json", "jsonl"})
WRONG_TYPES: tuple[object, ...] = ({}, [], None, True, 1, "x", -1.5)


def _slots(value: object, depth: int = 0) -> list[tuple[object, object]]:
    """Every (container, key) under `value`, to set a new value at."""
    out: list[tuple[object, object]] = []
    if depth > 6:
        return out
    items = (value.items() if isinstance(value, dict)
             else enumerate(value) if isinstance(value, list) else ())
    for key, child in items:
        out.append((value, key))
        out.extend(_slots(child, depth + 1))
    return out


def json_set(rng: random.Random, data: bytes, seed: Seed, make: Callable[[object], object],
             *, strings_only: bool = False, raw: str | None = None) -> bytes:
    """Set one value of the document (of one line, for JSON lines) to `make(old)`; `raw`
    replaces the marker it returns with literal JSON text."""
    text = as_text(data)
    lines = text.split("\n") if seed.kind == "jsonl" else [text]
    candidates = [i for i, line in enumerate(lines) if line.strip()]
    if not candidates:
        return data
    at = rng.choice(candidates)
    try:
        doc: object = json.loads(lines[at])
    except ValueError:
        return data
    holder: list[object] = [doc]
    slots = [(c, k) for c, k in _slots(doc) if not strings_only or isinstance(c[k], str)]  # type: ignore[index]
    slots.append((holder, 0))
    container, key = rng.choice(slots)
    container[key] = make(container[key])  # type: ignore[index]
    line = json.dumps(holder[0], ensure_ascii=rng.random() < 0.5)
    if raw is not None:
        line = line.replace('"\\u0000MARK"', raw).replace('"\x00MARK"', raw)
    lines[at] = line
    return "\n".join(lines).encode()


TYPE_NAMES: dict[str, object] = {"object": {}, "array": [], "null": None, "true": True,
                                 "int": 1, "string": "x"}


def _walk(value: object, pattern: tuple[str, ...] = (),
          ) -> Iterator[tuple[str, object, object]]:
    """(key pattern, container, key) of every value under `value`; list indices read `*`."""
    if len(pattern) > 8:
        return
    items = (value.items() if isinstance(value, dict)
             else enumerate(value) if isinstance(value, list) else ())
    for key, child in items:
        here = (*pattern, key if isinstance(key, str) else "*")
        yield ".".join(here), value, key
        yield from _walk(child, here)


def _json_docs(data: bytes, seed: Seed) -> list[object]:
    lines = as_text(data).split("\n") if seed.kind == "jsonl" else [as_text(data)]
    docs = []
    for line in lines:
        try:
            docs.append(json.loads(line))
        except ValueError:
            docs.append(None)
    return docs


def json_key_sweep(seed: Seed) -> list[str]:
    """A mutation name for every key pattern of the seed and every wrong type:
    `json-type:entities.*.aliases=null` sets one such value (chosen by the case seed)."""
    patterns = sorted({p for doc in _json_docs(seed.files[seed.target], seed)
                       for p, _, _ in _walk(doc)})
    return [f"json-type:{p}={t}" for p in ["", *patterns] for t in TYPE_NAMES]


def json_type_at(rng: random.Random, data: bytes, seed: Seed, name: str) -> bytes:
    pattern, _, type_name = name.removeprefix("json-type:").rpartition("=")
    docs = _json_docs(data, seed)
    slots = [(i, c, k) for i, doc in enumerate(docs) for p, c, k in _walk(doc) if p == pattern]
    value = TYPE_NAMES[type_name]
    if pattern == "":
        slots = [(i, None, None) for i, doc in enumerate(docs) if doc is not None]
    if not slots:
        return data
    at, container, key = rng.choice(slots)
    if container is None:
        docs[at] = value
    else:
        container[key] = value  # type: ignore[index]
    text = [json.dumps(d, ensure_ascii=False) for d in docs]
    return "\n".join(text).encode()


@mutation("json-wrong-type", kinds=JSON_KINDS)
def _json_wrong_type(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return json_set(rng, data, seed, lambda _: rng.choice(WRONG_TYPES))


@mutation("json-deep-nesting", kinds=JSON_KINDS)
def _json_deep(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    depth = rng.choice([990, 5_000, 100_000])
    nest = "[" * depth + "]" * depth if rng.random() < 0.5 else '{"a":' * depth + "1" + "}" * depth
    return json_set(rng, data, seed, lambda _: "\x00MARK", raw=nest)


@mutation("json-long-number", kinds=JSON_KINDS)
def _json_long_number(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    number = rng.choice(["9" * 5_000, "1e999999", "-0.0" + "0" * 5_000 + "1", "NaN", "-Infinity"])
    return json_set(rng, data, seed, lambda _: "\x00MARK", raw=number)


@mutation("json-root-type", kinds=JSON_KINDS)
def _json_root(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    root = json.dumps(rng.choice(WRONG_TYPES))
    if seed.kind == "jsonl":
        lines = data.split(b"\n")
        lines[rng.randrange(len(lines))] = root.encode()
        return b"\n".join(lines)
    return root.encode()


# --- XML -------------------------------------------------------------------------------------

XML_KINDS = frozenset({"xml", "html"})


def _root_start(text: str) -> int:
    """Where the root element's content begins (after its start tag)."""
    for tag in re.finditer(r"<([A-Za-z_][^\s>/]*)[^>]*>", text):
        return tag.end()
    return 0


def _prolog_end(text: str) -> int:
    decl = re.match(r"\s*<\?xml[^>]*\?>", text)
    return decl.end() if decl else 0


def _with_doctype(text: str, doctype: str, body: str) -> bytes:
    start = _root_start(text)
    text = text[:start] + body + text[start:]
    at = _prolog_end(text)
    return (text[:at] + doctype + text[at:]).encode()


@mutation("xml-deep-nesting", kinds=XML_KINDS)
def xml_deep(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    text = as_text(data)
    depth = rng.choice([1_000, 100_000])
    at = _root_start(text)
    return (text[:at] + "<d>" * depth + "</d>" * depth + text[at:]).encode()


@mutation("xml-external-entity", kinds=XML_KINDS)
def _xml_xxe(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    target = rng.choice(["file:///etc/passwd", "http://127.0.0.1:9/x"])
    return _with_doctype(as_text(data), f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{target}">]>',
                         "<x>&xxe;</x>")


@mutation("xml-rename-tag", kinds=XML_KINDS)
def _xml_rename(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    text = as_text(data)
    names = sorted(set(re.findall(r"</?([A-Za-z_][\w.:-]*)", text)))
    if not names:
        return data
    name = rng.choice(names)
    new = rng.choice([name + "X", name.upper(), "", "a:" + name])
    return re.sub(rf"(</?){re.escape(name)}\b", lambda m: m.group(1) + new, text).encode()


@mutation("xml-drop-end-tag", kinds=XML_KINDS)
def _xml_drop_end(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    text = as_text(data)
    ends = list(re.finditer(r"</[^>]+>", text))
    if not ends:
        return data
    end = rng.choice(ends)
    return (text[:end.start()] + text[end.end():]).encode()


@mutation("xml-text-values", kinds=XML_KINDS)
def _xml_text(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    text = as_text(data)
    nodes = list(re.finditer(r">([^<]+)<", text))
    for node in sorted(rng.sample(nodes, min(len(nodes), 4)), key=lambda m: -m.start()):
        value = rng.choice(["", "NaN", "-1e309", "１２３", "&amp;&lt;", "9" * 400,
                            "<![CDATA[x]]>", "\u202e", "N/A", "  "])
        text = text[:node.start(1)] + value + text[node.end(1):]
    return text.encode()


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                    for i in range(1, 10)) + "]>")


@mutation("bomb-xml-laughs", kinds=frozenset({"xml"}), bomb=True)
def _xml_laughs(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return _with_doctype(as_text(data), LAUGHS, "<x>&lol9;</x>")


@mutation("bomb-xml-quadratic", kinds=frozenset({"xml"}), bomb=True)
def _xml_quadratic(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    doctype = f'<!DOCTYPE q [<!ENTITY a "{"A" * 50_000}">]>'
    return _with_doctype(as_text(data), doctype, "<x>" + "&a;" * 50_000 + "</x>")


# --- PDF -------------------------------------------------------------------------------------

@mutation("pdf-dict-lies", kinds=frozenset({"pdf"}))
def _pdf_lies(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    keys = list(re.finditer(rb"/(Count|Length|Kids|Parent|Size|Prev|Root|Contents|MediaBox)"
                            rb"\s*(\[[^\]]*\]|\d+ \d+ R|-?\d+)", data))
    if not keys:
        return data
    for key in rng.sample(keys, min(len(keys), rng.randint(1, 3)))[::-1]:
        value = rng.choice([b"0", b"-1", b"99999999", b"null", b"1 0 R", b"[1 0 R 1 0 R]",
                            b"[]", b"2147483648", b"[0 0 0 0]", b"[0 0 1e30 1e30]"])
        data = data[:key.start(2)] + value + data[key.end(2):]
    return data


def many_pages_pdf(pages: int) -> bytes:
    """A valid PDF of `pages` blank pages, written directly (PyMuPDF takes minutes for 20,000)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count %d /Kids [" % pages
               + b" ".join(b"%d 0 R" % (i + 3) for i in range(pages)) + b"] >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"] * pages
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


@mutation("pdf-many-pages", kinds=frozenset({"pdf"}), heavy=True)
def _pdf_pages(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return many_pages_pdf(rng.choice([450, 20_001]))



FAMILIES["json-type:"] = json_type_at
