"""Limits on the work one input file may cause, as data with defaults.

Every reader takes a `Limits` (keyword `limits=`, default `DEFAULT_LIMITS`) and checks it before
the work it bounds. The defaults fit the largest real inputs seen (the OFAC SDN CSV, 8,000-page
tender bundles, a 100,000-row holdings file) with room to spare, and stop a compression bomb
in well under a second.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    # Bytes of one file read into memory. The largest real list file, the consolidated UN
    # XML, is ~2 MB; the largest document bundles seen are a few hundred MB.
    max_file_bytes: int = 512 * MIB
    # Uncompressed bytes of one ZIP member (DOCX/XLSX parts included). A 100,000-row XLSX
    # sheet is ~60 MB of XML.
    max_member_bytes: int = 256 * MIB
    # Uncompressed bytes of a whole archive.
    max_archive_bytes: int = 1024 * MIB
    # Uncompressed / compressed size of a member, once it has inflated past `ratio_floor`
    # bytes. Office XML compresses 5-20x, text up to ~50x; a bomb reaches 1,000x and more.
    max_ratio: int = 100
    # Below this many inflated bytes any ratio is harmless (a 10 KB run of blanks).
    ratio_floor: int = 4 * MIB
    max_members: int = 20_000
    max_archive_depth: int = 3
    # Characters of one CSV field. The longest real field seen is an OFAC remark of ~3,000
    # characters; Python's own default (131,072) would lose the whole file on a longer one.
    max_field_chars: int = 1 * MIB
    max_pages: int = 20_000
    max_sheets: int = 256
    # Rows of one table or sheet, and columns of one row.
    max_rows: int = 2_000_000
    max_columns: int = 1_000
    # Characters of text read out of one file. An XLSX can point a million cells at one
    # shared string of a megabyte: small on disk, a terabyte once every cell is read.
    max_text_chars: int = 128 * MIB
    # Row problems kept for one file: past this many broken rows the file is refused as a
    # whole, so that a file of two million broken rows cannot fill memory with reports.
    max_problems: int = 100_000


DEFAULT_LIMITS = Limits()

# Python's csv module refuses fields over its own limit with an error that stops the reader;
# raise it once so that our own, reported limit applies instead.
csv.field_size_limit(max(csv.field_size_limit(), 64 * MIB))
