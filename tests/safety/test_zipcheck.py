"""Checked ZIP inflation: declared sizes, real sizes, ratios and overlapping members."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest

from rightscreen.errors import FileRefused, InputError
from rightscreen.safety import Limits, check_archive


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_honest_archive_passes() -> None:
    check_archive(_zip({"a.txt": b"hello " * 1000, "b.txt": b"world"}), path="ok.zip")


def test_a_declared_bomb_is_refused_before_inflating() -> None:
    data = _zip({"zeros": bytes(64 * 1024 * 1024)})
    start = time.process_time()
    with pytest.raises(FileRefused, match=r"bomb.zip, member zeros: declares .*ratio"):
        check_archive(data, path="bomb.zip")
    assert time.process_time() - start < 0.5


def _lie_about_size(data: bytes, size: int) -> bytes:
    """Set the uncompressed size the central directory declares for a one-member archive."""
    entry = data.index(b"PK\x01\x02")
    return data[:entry + 24] + struct.pack("<I", size) + data[entry + 28:]


def test_a_member_that_inflates_past_what_it_declares_is_refused() -> None:
    data = _lie_about_size(_zip({"zeros": bytes(32 * 1024 * 1024)}), 1000)
    with pytest.raises((FileRefused, InputError), match="lying.zip"):
        check_archive(data, path="lying.zip", limits=Limits(max_ratio=50))


def test_overlapping_members_are_refused_before_inflating() -> None:
    data = bytearray(_zip({"a": b"x" * 5000, "b": b"y" * 5000}))
    # Point the second central-directory entry at the first member's local header.
    second = data.rindex(b"PK\x01\x02")
    data[second + 42:second + 46] = struct.pack("<I", 0)
    with pytest.raises(FileRefused, match="overlap"):
        check_archive(bytes(data), path="overlap.zip")


def test_not_a_zip_is_an_input_error_naming_the_file() -> None:
    with pytest.raises(InputError, match="junk.zip: not a readable ZIP"):
        check_archive(b"PK\x03\x04 not really", path="junk.zip")
