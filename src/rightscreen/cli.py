"""The `rightscreen` command's entry point, kept small: for `rightscreen documents`, the workers
that read large PDFs start before the command line, the lists and the screener are imported
(0.3 s), which they then spend reading. The command line itself is `rightscreen.cli_app`."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

# The options a pre-parse of the arguments knows; a test holds them to the command line's.
GLOBAL_FLAGS = frozenset({"--no-cache"})
GLOBAL_VALUE_OPTIONS = frozenset({"--cache"})
DOCUMENTS_VALUE_OPTIONS = frozenset({"--list", "-l", "-o"})


def run() -> None:
    """The `rightscreen` command (see `cli_app.run`)."""
    paths = documents_paths(sys.argv[1:])
    if paths:
        _start_documents(paths)
    from rightscreen.cli_app import run as run_app

    run_app()


def _start_documents(paths: list[Path]) -> None:
    # The command line loads with no cyclic collection (they took 0.05 s), and what it loads
    # is then frozen out of later ones (gc.freeze): its modules, classes and functions live as
    # long as the process. For a command of one run only: a process that lives on (serve)
    # thaws what it freezes to screen (matching.forms.frozen_objects), which this would stop.
    gc.disable()
    try:
        from rightscreen.extract.read_ahead import start_early

        start_early(paths)  # its workers collect as usual
        import rightscreen.cli_app  # noqa: F401
    finally:
        gc.freeze()
        gc.enable()


def documents_paths(args: list[str]) -> list[Path] | None:
    """The PATH arguments when `args` run the `documents` command; None when in doubt: another
    command, --help, an option it does not know, or a short option with its value attached.
    Only a hint: the command takes what was read ahead only for exactly the paths it was
    given (`read_ahead.claim_early`), so a wrong guess costs time, never a result."""
    rest = iter(args)
    for arg in rest:  # the global options, then the command
        if arg in GLOBAL_FLAGS or arg.startswith("--cache="):
            continue
        if arg in GLOBAL_VALUE_OPTIONS:
            next(rest, None)
            continue
        if arg != "documents":
            return None
        break
    else:
        return None
    paths: list[Path] = []
    for arg in rest:
        if arg == "--":  # all that follows is a path
            paths.extend(Path(path) for path in rest)
        elif arg in DOCUMENTS_VALUE_OPTIONS:
            if next(rest, None) is None:
                return None
        elif arg.startswith("--list="):
            continue
        elif arg.startswith("-"):
            return None
        else:
            paths.append(Path(arg))
    return paths or None


def __getattr__(name: str) -> Any:
    """`from rightscreen.cli import app, main`, as before the command line moved to cli_app."""
    if name.startswith("__"):  # the import system asks for __path__ and others: not there
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rightscreen import cli_app

    return getattr(cli_app, name)
