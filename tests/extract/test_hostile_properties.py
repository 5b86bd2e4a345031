"""Property: whatever is done to the bytes of a real document, extraction returns documents
with a status, and raises nothing."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightscreen.extract import extract_file
from rightscreen.extract.model import STATUSES
from tests.extract.hostile_files import (
    encrypted_pdf,
    small_docx,
    small_pdf,
    small_xlsx,
    with_member,
    zip_of,
)

# Real small documents of every format extraction reads, built once.
SOURCES: dict[str, bytes] = {
    "spec.docx": small_docx(),
    "list.xlsx": small_xlsx(),
    "tender.pdf": small_pdf(),
    "locked.pdf": encrypted_pdf(("秘密",)),
    "page.html": "<html><body><p>要求人脸识别</p><script>x</script></body></html>".encode(),
    "notice.txt": "公告：采购人脸识别系统".encode("gbk"),
}
SOURCES["bundle.zip"] = zip_of({"a/spec.docx": SOURCES["spec.docx"],
                                "list.xlsx": SOURCES["list.xlsx"],
                                "notice.txt": SOURCES["notice.txt"]})

# Bounded: each example parses a whole document; 50 of each kind keep the run to seconds.
BOUNDED = settings(max_examples=50, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def _written(name: str, data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def _assert_reported(name: str, data: bytes) -> None:
    with _written(name, data) as path:
        documents = extract_file(path)
    assert documents, name
    for document in documents:
        assert document.status in STATUSES
        assert document.path.startswith(str(path))
        assert document.status == "ok" or document.message, document


@st.composite
def _flipped(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = bytearray(SOURCES[name])
    for _ in range(draw(st.integers(1, 16))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    return name, bytes(data)


@st.composite
def _spliced(draw: st.DrawFn) -> tuple[str, bytes]:
    """Cut short, a run overwritten, or bytes inserted: a broken download, a bad disk."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = SOURCES[name]
    start = draw(st.integers(0, len(data)))
    stop = draw(st.integers(start, min(len(data), start + 4096)))
    filler = draw(st.binary(max_size=64))
    how = draw(st.sampled_from(["truncate", "overwrite", "insert"]))
    if how == "truncate":
        return name, data[:start]
    if how == "overwrite":
        return name, data[:start] + filler + data[stop:]
    return name, data[:start] + filler + data[start:]


@st.composite
def _parts_mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A part of a DOCX or XLSX changed inside, the archive around it sound: what reaches
    python-docx's and openpyxl's parsers rather than stopping at the ZIP's CRC."""
    name = draw(st.sampled_from(["spec.docx", "list.xlsx"]))
    with zipfile.ZipFile(io.BytesIO(SOURCES[name])) as archive:
        part = draw(st.sampled_from(sorted(archive.namelist())))
        content = bytearray(archive.read(part))
    start = draw(st.integers(0, len(content)))
    stop = draw(st.integers(start, min(len(content), start + 200)))
    filler = draw(st.one_of(st.binary(max_size=32),
                            st.sampled_from([b"<", b"</row>", b'r="0"', b'val="-1"', b"&x;"])))
    content[start:stop] = filler
    return name, with_member(SOURCES[name], part, bytes(content))


@BOUNDED
@given(_parts_mutated())
def test_broken_office_parts_never_raise(case: tuple[str, bytes]) -> None:
    _assert_reported(*case)


@BOUNDED
@given(_flipped())
def test_flipped_bytes_never_raise(case: tuple[str, bytes]) -> None:
    _assert_reported(*case)


@BOUNDED
@given(_spliced())
def test_cut_and_spliced_files_never_raise(case: tuple[str, bytes]) -> None:
    _assert_reported(*case)


def test_every_source_reads_cleanly_unmutated() -> None:
    # The property tests start from documents that are read: else they would prove nothing.
    for name, data in SOURCES.items():
        with _written(name, data) as path:
            statuses = {d.status for d in extract_file(path)}
        assert statuses == ({"encrypted"} if name == "locked.pdf" else {"ok"}), name
