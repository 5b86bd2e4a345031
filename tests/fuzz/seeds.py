"""The inputs the fuzzer starts from: the project's real fixtures (US-government and UN list
files), slices of SEC filings and index files (tests/fuzz/seeds/), and documents built here with
the libraries users' files come from."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
FIXTURES = TESTS / "fixtures"
SEED_FILES = Path(__file__).resolve().parent / "seeds"
EXAMPLES = TESTS.parent / "examples"

# The kinds a mutation can look at.
TEXT_KINDS = frozenset({"csv", "tsv", "json", "jsonl", "xml", "text", "html"})
ZIP_KINDS = frozenset({"xlsx", "docx", "zip"})


@dataclass(frozen=True)
class Seed:
    name: str
    kind: str  # csv, tsv, json, jsonl, xml, text, html, pdf, xlsx, docx, zip
    files: Mapping[str, bytes]  # every file of the case, by name
    entry: str  # the file the reader is given
    target: str  # the file the mutations change
    header: bool = False  # a delimited file whose first row names the columns
    # An XLSX seed as rows, so that header and cell mutations can rebuild the workbook.
    rows: tuple[tuple[object, ...], ...] = field(default=())


def xlsx_bytes(rows: tuple[tuple[object, ...], ...] | list[list[object]],
               *, sheet_title: str = "Sheet1", extra_sheets: int = 0) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if sheet is None:
        raise RuntimeError("openpyxl made a workbook without a sheet")
    sheet.title = sheet_title
    for row in rows:
        sheet.append(list(row))
    for number in range(extra_sheets):
        book.create_sheet(f"Extra{number}").append(["note", "sheet without names"])
    out = io.BytesIO()
    book.save(out)
    return _stable(out.getvalue())


def _stable(data: bytes) -> bytes:
    """An Office file with the save time taken out, so that a case's bytes depend on its seed
    alone: fixed ZIP timestamps (our writer) and fixed core-property dates."""
    from .zips import member, read_members, write_zip

    members = read_members(data)
    out = []
    for m in members:
        if m.name == "docProps/core.xml":
            text = zlib.decompress(m.packed, -15).decode("utf-8")
            text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                          r"\g<1>2024-01-01T00:00:00Z", text)
            m = member(m.name, text.encode("utf-8"))
        out.append(m)
    return write_zip(out)


def _csv_rows(data: bytes) -> tuple[tuple[object, ...], ...]:
    return tuple(tuple(r) for r in csv.reader(io.StringIO(data.decode("utf-8"))))


def _one(name: str, kind: str, path: Path, *, header: bool) -> Seed:
    return Seed(name, kind, {path.name: path.read_bytes()}, path.name, path.name, header)


def _folder(name: str, folder: Path, entry: str, target: str) -> Seed:
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    return Seed(name, "csv", files, entry, target)


def _xlsx_from(name: str, source: Path, filename: str) -> Seed:
    rows = _csv_rows(source.read_bytes())
    return Seed(name, "xlsx", {filename: xlsx_bytes(rows)}, filename, filename, True, rows)


def _tsv_from(name: str, source: Path, filename: str) -> Seed:
    rows = _csv_rows(source.read_bytes())
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n").writerows(rows)
    data = out.getvalue().encode("utf-8")
    return Seed(name, "tsv", {filename: data}, filename, filename, True)


# --- documents built here ----------------------------------------------------------------------

TENDER_ZH = ("视频监控系统采购项目\n技术要求：支持人脸识别、布控报警，兼容海康威视设备。\n"
             "供应商：杭州海康威视数字技术股份有限公司\n")
TENDER_EN = ("Procurement of a video surveillance system.\nRequirements: face recognition, "
             "compatibility with Hikvision and Dahua cameras.\nSupplier: Hangzhou Hikvision "
             "Digital Technology Co., Ltd.\n")


def _pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for text in (TENDER_ZH, TENDER_EN):
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(40, 40, 560, 800), text, fontname="china-s",
                            fontsize=11)
    doc.set_metadata({"creationDate": "D:20240101000000Z", "modDate": "D:20240101000000Z",
                      "producer": "rightscreen fuzz seeds"})
    data: bytes = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def _docx() -> bytes:
    import docx

    document = docx.Document()
    for line in (TENDER_ZH + TENDER_EN).splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "供应商"
    table.cell(0, 1).text = "浙江大华技术股份有限公司"
    table.cell(1, 0).text = "Supplier"
    table.cell(1, 1).text = "Megvii Technology Limited"
    document.core_properties.created = datetime.datetime(2024, 1, 1)
    document.core_properties.modified = datetime.datetime(2024, 1, 1)
    out = io.BytesIO()
    document.save(out)
    return _stable(out.getvalue())


def _html() -> bytes:
    body = "".join(f"<p>{line}</p>" for line in (TENDER_ZH + TENDER_EN).splitlines())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>招标公告</title></head>"
            f"<body><h1>Tender</h1>{body}<script>var x = 1;</script></body></html>"
            ).encode()


DOC_ROWS: tuple[tuple[object, ...], ...] = (
    ("项目", "要求", "供应商"),
    ("摄像机", "人脸识别 布控报警", "海康威视"),
    ("Cameras", "face recognition, night vision", "Dahua Technology"),
)


def _zip_bundle() -> bytes:
    from .zips import member, write_zip

    inner = write_zip([member("notes.txt", TENDER_EN.encode())])
    return write_zip([member("tender.docx", _docx()), member("tender.pdf", _pdf()),
                      member("tender.txt", TENDER_ZH.encode()),
                      member("page.html", _html()), member("old/inner.zip", inner)])


# --- the catalogue ---------------------------------------------------------------------------

@cache
def all_seeds() -> dict[str, Seed]:
    fx, sd = FIXTURES, SEED_FILES
    seeds = [
        *(_folder(f"ofac-sdn/{t}", fx / "ofac-sdn", "sdn.csv", t)
          for t in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")),
        *(_folder(f"ofac-cons/{t}", fx / "ofac-cons", "cons_prim.csv", t)
          for t in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")),
        _one("csl", "csv", fx / "csl_sample.csv", header=True),
        _one("un-xml", "xml", fx / "un_sample.xml", header=False),
        _one("dpl", "tsv", fx / "dpl_sample.txt", header=True),
        _one("ftm", "jsonl", sd / "ftm_ofac_cons.ftm.json", header=False),
        _one("us-json", "json", fx / "bis_entity_list_sample.json", header=False),
        _one("dod-1260h", "csv", fx / "dod_1260h_sample.csv", header=True),
        _one("section-889", "csv", fx / "section_889.csv", header=True),
        _one("own-list-csv", "csv", sd / "own_list.csv", header=True),
        _xlsx_from("own-list-xlsx", sd / "own_list.csv", "own_list.xlsx"),
        _one("vendors-csv", "csv", EXAMPLES / "vendors.csv", header=True),
        _tsv_from("vendors-tsv", EXAMPLES / "vendors.csv", "vendors.tsv"),
        _xlsx_from("vendors-xlsx", EXAMPLES / "vendors.csv", "vendors.xlsx"),
        _one("holdings-csi300", "csv", sd / "csi300_slice.csv", header=True),
        _one("holdings-hs300-gbk", "text", sd / "hs300_slice_gbk.csv", header=False),
        _one("holdings-pension", "csv", EXAMPLES / "portfolio" / "pension.csv", header=False),
        _xlsx_from("holdings-xlsx", sd / "csi300_slice.csv", "holdings.xlsx"),
        _one("holdings-ishares", "csv", sd / "ishares_style.csv", header=False),
        _one("nport", "xml", sd / "nport_dupree_slice.xml", header=False),
        _one("13f", "xml", sd / "13f_infotable_slice.xml", header=False),
        Seed("doc-pdf", "pdf", {"tender.pdf": _pdf()}, "tender.pdf", "tender.pdf"),
        Seed("doc-docx", "docx", {"tender.docx": _docx()}, "tender.docx", "tender.docx"),
        Seed("doc-xlsx", "xlsx", {"tender.xlsx": xlsx_bytes(DOC_ROWS)}, "tender.xlsx",
             "tender.xlsx", True, DOC_ROWS),
        Seed("doc-html", "html", {"tender.html": _html()}, "tender.html", "tender.html"),
        Seed("doc-text-utf8", "text", {"tender.txt": (TENDER_ZH + TENDER_EN).encode()},
             "tender.txt", "tender.txt"),
        Seed("doc-text-gbk", "text", {"tender_gbk.txt": TENDER_ZH.encode("gbk")},
             "tender_gbk.txt", "tender_gbk.txt"),
        Seed("doc-zip", "zip", {"bundle.zip": _zip_bundle()}, "bundle.zip", "bundle.zip"),
        _one("inventory-csv", "csv", sd / "inventory.csv", header=True),
        _xlsx_from("inventory-xlsx", sd / "inventory.csv", "inventory.xlsx"),
        _one("nmap-xml", "xml", sd / "scan.xml", header=False),
        _one("dhcpd-leases", "text", sd / "dhcpd.leases", header=False),
        _one("arp", "text", sd / "arp.txt", header=False),
    ]
    return {s.name: s for s in seeds}
