"""Errors that carry their meaning: what went wrong, in which file, at which row."""

from __future__ import annotations


class RightscreenError(Exception):
    """Base of every error rightscreen raises on purpose."""


class InputError(RightscreenError):
    """A user's file cannot be read at all (missing, unknown format, no name column)."""

    def __init__(self, message: str, *, path: str | None = None, row: int | None = None):
        self.path = path
        self.row = row
        where = ""
        if path:
            where = f"{path}"
            if row is not None:
                where += f", row {row}"
            where += ": "
        super().__init__(f"{where}{message}")


class ListFormatError(InputError):
    """A file given as a list is in no format rightscreen knows, or is broken beyond one row."""


class SnapshotError(RightscreenError):
    """The built-in snapshot is missing or does not match its recorded checksum."""
