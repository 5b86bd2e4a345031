"""Mutations of archives (ZIP, DOCX, XLSX): damaged and lying members, workbooks rebuilt with
renamed headers and odd cells, and the bombs every reader must refuse."""

from __future__ import annotations

import datetime
import random
import re
import zlib
from collections.abc import Callable
from dataclasses import replace

from . import zips
from .mutations import MUTATIONS, Apply, mutation
from .mutations_structured import LAUGHS, xml_deep
from .seeds import ZIP_KINDS, Seed, xlsx_bytes

_ = MUTATIONS  # the registry these functions add to


def _members_or_none(data: bytes) -> list[zips.Member] | None:
    try:
        return zips.read_members(data)
    except Exception:  # noqa: BLE001 - an archive already damaged by an earlier mutation
        return None


@mutation("zip-damage-member", kinds=ZIP_KINDS)
def _damage(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    span = zips.member_span(data, rng)
    if span is None:
        return data
    start, end = span
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        out[rng.randrange(start, end)] = rng.randrange(256)
    return bytes(out)


@mutation("zip-bad-crc", kinds=ZIP_KINDS)
def _bad_crc(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    crc = rng.getrandbits(32)
    data = zips.patch_central(data, random.Random(crc), "crc", crc)
    return zips.patch_local(data, random.Random(crc), "crc", crc)


def _lie(rng: random.Random) -> int:
    return rng.choice([0, 1, 1000, 0x7FFFFFFF, 0xFFFFFFFF, rng.getrandbits(31)])


@mutation("zip-lie-central-size", kinds=ZIP_KINDS)
def _lie_central(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return zips.patch_central(data, rng, "size", _lie(rng))


@mutation("zip-lie-local-size", kinds=ZIP_KINDS)
def _lie_local(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return zips.patch_local(data, rng, "size", _lie(rng))


@mutation("zip-lie-packed-size", kinds=ZIP_KINDS)
def _lie_packed(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    field = rng.choice([zips.patch_central, zips.patch_local])
    return field(data, rng, "packed", _lie(rng))


@mutation("zip-drop-member", kinds=ZIP_KINDS)
def _drop(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    members = _members_or_none(data)
    if not members:
        return data
    del members[rng.randrange(len(members))]
    return zips.write_zip(members)


@mutation("zip-member-garbage", kinds=ZIP_KINDS)
def _garbage(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    members = _members_or_none(data)
    if not members:
        return data
    at = rng.randrange(len(members))
    members[at] = zips.member(members[at].name, rng.randbytes(rng.randint(0, 2048)))
    return zips.write_zip(members)


def _xml_member(rng: random.Random, data: bytes, seed: Seed, body: str) -> bytes:
    members = _members_or_none(data)
    xml = [i for i, m in enumerate(members or []) if m.name.endswith(".xml")]
    if not members or not xml:
        return data
    at = rng.choice(xml)
    text = zlib.decompress(members[at].packed, -15).decode("utf-8", errors="replace")
    if body == "deep":
        new = xml_deep(rng, text.encode(), seed)
    else:
        decl = text.find("?>") + 2 if text.startswith("<?xml") else 0
        start = text.find(">", text.find("<", decl + 1)) + 1
        new = (text[:decl] + LAUGHS + text[decl:start] + "<x>&lol9;</x>" + text[start:]).encode()
    members[at] = zips.member(members[at].name, new)
    return zips.write_zip(members)


@mutation("zip-member-xml-deep", kinds=frozenset({"docx", "xlsx"}))
def _member_deep(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return _xml_member(rng, data, seed, "deep")


@mutation("zip-member-xml-laughs", kinds=frozenset({"docx", "xlsx"}))
def _member_laughs(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return _xml_member(rng, data, seed, "laughs")


# --- XLSX rebuilt from rows ------------------------------------------------------------------

def _rows(seed: Seed) -> list[list[object]]:
    return [list(r) for r in seed.rows]


@mutation("xlsx-header-rename", kinds=frozenset({"xlsx"}), needs_rows=True)
def _xlsx_rename(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    rows = _rows(seed)
    rows[0][rng.randrange(len(rows[0]))] = rng.choice(
        [None, "", "Name ", "名称", 42, "x" * 300, "=A2", datetime.date(2024, 1, 1)])
    return xlsx_bytes(rows)


@mutation("xlsx-header-remove", kinds=frozenset({"xlsx"}), needs_rows=True)
def _xlsx_remove(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    rows = _rows(seed)
    rows[0] = rows[0][1:] if rng.random() < 0.5 else [None] * len(rows[0])
    return xlsx_bytes(rows if rng.random() < 0.7 else rows[1:])


@mutation("xlsx-cell-types", kinds=frozenset({"xlsx"}), needs_rows=True)
def _xlsx_cells(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    rows = _rows(seed)
    values: list[object] = [0, -1.5, 10**20, 1e308, True, None, datetime.datetime(1900, 1, 1),
                            datetime.time(12, 30), datetime.timedelta(days=3), "=1/0", "#N/A",
                            "=HYPERLINK(\"http://x\")", " ", "\u202e"]
    for _ in range(rng.randint(1, 8)):
        row = rng.choice([r for r in rows if r])
        row[rng.randrange(len(row))] = rng.choice(values)
    return xlsx_bytes(rows)


@mutation("xlsx-oversized-cell", kinds=frozenset({"xlsx"}), needs_rows=True, heavy=True)
def _xlsx_big(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    rows = _rows(seed)
    row = rng.choice([r for r in rows if r])
    row[rng.randrange(len(row))] = "Hikvision " * rng.choice([13_108, 104_858])
    return xlsx_bytes(rows)


@mutation("xlsx-many-columns", kinds=frozenset({"xlsx"}), needs_rows=True)
def _xlsx_columns(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    rows = _rows(seed)
    at = rng.randrange(len(rows))
    rows[at] = rows[at] + ["x"] * rng.choice([1_001, 5_000])
    return xlsx_bytes(rows)


@mutation("xlsx-sheets", kinds=frozenset({"xlsx"}), needs_rows=True)
def _xlsx_sheets(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    if rng.random() < 0.5:
        return xlsx_bytes([], extra_sheets=1)  # the first sheet empty
    return xlsx_bytes(_rows(seed), extra_sheets=300)


def _sheet_xml(rng: random.Random, seed: Seed, edit: Callable[[str], str]) -> bytes:
    members = zips.read_members(xlsx_bytes(_rows(seed)))
    out = []
    for m in members:
        if m.name == "xl/worksheets/sheet1.xml":
            text = zlib.decompress(m.packed, -15).decode("utf-8")
            m = zips.member(m.name, edit(text).encode("utf-8"))
        out.append(m)
    return zips.write_zip(out)


@mutation("xlsx-dimension-lie", kinds=frozenset({"xlsx"}), needs_rows=True)
def _xlsx_dimension(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    ref = rng.choice(["A1:XFD1048576", "A1:A1048576", "A1:XFD1", "XFD1048576", "A0:B-1", ""])
    return _sheet_xml(rng, seed, lambda t: re.sub(r'<dimension ref="[^"]*"',
                                                  f'<dimension ref="{ref}"', t))


@mutation("xlsx-far-cell", kinds=frozenset({"xlsx"}), needs_rows=True)
def _xlsx_far(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    ref, row = rng.choice([("XFD1", 1), ("A1048576", 1048576), ("XFD1048576", 1048576),
                           ("ZZZZ5", 5), ("A99999999", 99999999)])
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>far</t></is></c></row>'
    if row == 1:
        return _sheet_xml(rng, seed, lambda t: re.sub(r'(<row r="1"[^>]*>)',
                                                      rf'\1<c r="{ref}" t="inlineStr"><is><t>'
                                                      "far</t></is></c>", t, count=1))
    return _sheet_xml(rng, seed, lambda t: t.replace("</sheetData>", cell + "</sheetData>"))


def _document_xml(data: bytes, edit: Callable[[str], str]) -> bytes:
    members = _members_or_none(data)
    if not members:
        return data
    out = []
    for m in members:
        if m.name == "word/document.xml":
            text = zlib.decompress(m.packed, -15).decode("utf-8", errors="replace")
            m = zips.member(m.name, edit(text).encode("utf-8"))
        out.append(m)
    return zips.write_zip(out)


SPANS = ("\u00b2", "\u0663", "99999999", "-1", "0", "x", "1.5", "", "16385", "1" * 30)


@mutation("docx-table-structure", kinds=frozenset({"docx"}))
def _docx_table(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    """Merged cells with odd or huge spans, long vertical merges, tables nested deep."""
    op = rng.choice(["span", "vmerge", "nest", "rows"])
    if op == "span":
        span = f'<w:gridSpan w:val="{rng.choice(SPANS)}"/>'
        return _document_xml(data, lambda t: t.replace("<w:tcPr>", "<w:tcPr>" + span, 1))
    if op == "vmerge":
        row = ('<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>'
               '<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>')
        count = rng.choice([300, 3_000])
        return _document_xml(data, lambda t: t.replace("</w:tbl>", row * count + "</w:tbl>", 1))
    if op == "nest":
        depth = rng.choice([50, 500, 3_000])
        inner = "<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth
        return _document_xml(data, lambda t: t.replace("<w:p><w:r><w:t>Supplier",
                                                       inner + "<w:p><w:r><w:t>Supplier", 1))
    row = "<w:tr>" + "<w:tc><w:p><w:r><w:t>Hikvision</w:t></w:r></w:p></w:tc>" * 2 + "</w:tr>"
    return _document_xml(data, lambda t: t.replace("</w:tbl>", row * 20_000 + "</w:tbl>", 1))


_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRINGS_REL = ('<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
_STRINGS_TYPE = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


@mutation("xlsx-shared-string-amplify", kinds=frozenset({"xlsx"}), needs_rows=True)
def _xlsx_amplify(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    """One long shared string, stored once and referenced by every cell of thousands of rows:
    a workbook of some KB whose cells, read out, are gigabytes of text."""
    header = [str(c or "") for c in seed.rows[0]]
    big = "Hikvision " * rng.choice([10_000, 90_000])
    rows = rng.choice([2_000, 10_000])
    cells = "".join(f'<c r="{_column(i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                    for i, h in enumerate(header))
    body = [f'<row r="1">{cells}</row>']
    for number in range(2, rows + 2):
        refs = "".join(f'<c r="{_column(i)}{number}" t="s"><v>0</v></c>'
                       for i in range(len(header)))
        body.append(f'<row r="{number}">{refs}</row>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_SHEET_NS}">'
             f'<sheetData>{"".join(body)}</sheetData></worksheet>')
    strings = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_SHEET_NS}" '
               f'uniqueCount="1"><si><t>{big}</t></si></sst>')
    members = []
    for m in zips.read_members(xlsx_bytes(seed.rows)):
        text = zlib.decompress(m.packed, -15).decode("utf-8")
        if m.name == "xl/worksheets/sheet1.xml":
            text = sheet
        elif m.name == "xl/_rels/workbook.xml.rels":
            text = text.replace("</Relationships>", _STRINGS_REL + "</Relationships>")
        elif m.name == "[Content_Types].xml":
            text = text.replace("</Types>", _STRINGS_TYPE + "</Types>")
        members.append(zips.member(m.name, text.encode("utf-8")))
    members.append(zips.member("xl/sharedStrings.xml", strings.encode("utf-8")))
    return zips.write_zip(members)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# --- bombs -----------------------------------------------------------------------------------

def _office(seed: Seed, kind: str) -> bytes:
    """The seed's own archive when it is of this kind, else a small one of the kind."""
    if seed.kind == kind:
        return seed.files[seed.target]
    from .seeds import DOC_ROWS, all_seeds

    return all_seeds()["doc-docx"].files["tender.docx"] if kind == "docx" else xlsx_bytes(
        DOC_ROWS)


_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/worksheets/sheet1.xml"}
_PART_BOMB = {
    "docx": (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
             b'openxmlformats.org/wordprocessingml/2006/main"><w:body>',
             b"<w:p><w:r><w:t>Hikvision</w:t></w:r></w:p>", b"</w:body></w:document>"),
    "xlsx": (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
             b'<row><c t="inlineStr"><is><t>Hikvision</t></is></c></row>',
             b"</sheetData></worksheet>"),
}


def _part_bomb(kind: str, *, lying: bool) -> Apply:
    def apply(rng: random.Random, data: bytes, seed: Seed) -> bytes:
        members = zips.read_members(_office(seed, kind))
        prefix, unit, suffix = _PART_BOMB[kind]
        bomb = zips.repeated_member(_MAIN_PART[kind], prefix, unit, zips.GIB, suffix)
        if lying:
            bomb = replace(bomb, central_size=50_000, local_size=50_000)
        members = [bomb if m.name == bomb.name else m for m in members]
        return zips.write_zip(members)
    return apply


def _extra_bomb(kind: str) -> Apply:
    def apply(rng: random.Random, data: bytes, seed: Seed) -> bytes:
        members = zips.read_members(_office(seed, kind))
        folder = "word" if kind == "docx" else "xl"
        return zips.write_zip([*members, zips.zeros_member(f"{folder}/media/image1.png")])
    return apply


for _kind in ("docx", "xlsx"):
    mutation(f"bomb-{_kind}-part", bomb=True)(_part_bomb(_kind, lying=False))
    mutation(f"bomb-{_kind}-part-lying", bomb=True)(_part_bomb(_kind, lying=True))
    mutation(f"bomb-{_kind}-extra-member", bomb=True)(_extra_bomb(_kind))


@mutation("bomb-zip-1gib", bomb=True)
def _zip_bomb(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return zips.zip_bomb()


@mutation("bomb-zip-lying-sizes", bomb=True)
def _zip_lying(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return zips.lying_zip_bomb()


@mutation("bomb-zip-nested", bomb=True)
def _zip_nested(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return zips.nested_zip_bomb()


@mutation("bomb-zip-deep", bomb=True)
def _zip_deep(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return zips.deep_nested_zip()


@mutation("bomb-zip-overlapping", bomb=True)
def _zip_overlap(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return zips.overlapping_zip()


@mutation("bomb-zip-many-members", bomb=True)
def _zip_many(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return zips.many_members_zip()
