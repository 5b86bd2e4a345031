"""Errors that carry their meaning: what went wrong, in which file, at which row.

Each class carries the exit code the command line ends with, mapped in one place (`cli.main`),
as yente's exceptions carry their HTTP status.
"""

from __future__ import annotations


class RightscreenError(Exception):
    """Base of every error rightscreen raises on purpose."""

    exit_code = 1


class UsageError(RightscreenError):
    """The command was given options that do not fit together."""

    exit_code = 2


class InputError(RightscreenError):
    """A user's file cannot be read at all (missing, unknown format, no name column)."""

    exit_code = 3

    def __init__(self, message: str, *, path: str | None = None, row: int | None = None,
                 where: str | None = None):
        self.path = path
        self.row = row
        self.where = where  # a sheet, archive member or page, when the row is not enough
        self.reason = message
        location = ""
        if path:
            location = f"{path}"
            if where:
                location += f", {where}"
            if row is not None:
                location += f", row {row}"
            location += ": "
        super().__init__(f"{location}{message}")


class ListFormatError(InputError):
    """A file given as a list is in no format rightscreen knows, or is broken beyond one row."""

    exit_code = 4


class FileRefused(InputError):
    """A file was refused before work: over a limit (size, ratio, depth, rows), a possible
    compression bomb, or content of another kind than its name says (an executable, an image,
    an encrypted Office container)."""

    exit_code = 5


class SnapshotError(RightscreenError):
    """The built-in snapshot is missing or does not match its recorded checksum."""

    exit_code = 6


class PackagedDataError(SnapshotError):
    """A data file shipped inside the package (`data/*.yaml`) is missing or malformed: a broken
    install, never the user's input."""


class StoreError(RightscreenError):
    """The case store cannot be opened or written: a corrupt file, a schema newer than this
    rightscreen, a database that is down. Nothing is half-written."""

    exit_code = 7


class AuditBroken(StoreError):
    """`audit --verify` found a record changed, removed or out of order."""

    exit_code = 8
