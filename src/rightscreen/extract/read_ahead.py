"""The pages of large PDFs read by forked worker processes while the lists and the automata are
still loading: reading the pages is most of the work, and none of it needs the lists. The
screening that follows takes the pages from here instead of reading the file again.

Forked from a process with one thread, on Linux only (see screening/workers.py): elsewhere, or
for files below PARALLEL_MIN_PAGES, nothing is read ahead and the file is read when screened.

The `rightscreen` command starts it before anything else (`start_early`, from `cli.run`), and
the documents command takes it over (`claim_early`).
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
from collections.abc import Iterable
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from types import TracebackType
from typing import Any

from rightscreen.extract.dispatch import iter_documents
from rightscreen.extract.model import Document, Page
from rightscreen.extract.pdf import extract_pdf, open_pdf, page_count, read_open_pdf
from rightscreen.forking import can_fork

# PDFs with at least this many pages are read by several processes at once: below it, forking
# costs more than it saves.
PARALLEL_MIN_PAGES = 400
MAX_WORKERS = 4
# Runs of pages per worker: small enough that every worker is busy to the end.
RUNS_PER_WORKER = 4

# The PDF a worker is reading, left open for its next run of pages (closed with the worker).
_OPENED: dict[tuple[int, str], Any] = {}
# What a worker sends back for a run of pages: its status, message and pages as tuples.
Run = tuple[str, str | None, list[tuple[int, str, str]]]
# The read-ahead `start_early` began, until the command claims it.
_EARLY: list[ReadAhead] = []


def default_workers() -> int:
    return min(os.cpu_count() or 1, MAX_WORKERS)


def is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"%PDF"
    except OSError:
        return False


def pdf_pages(path: Path) -> int:
    """The pages of a PDF; 0 for any other file, or a PDF that cannot be opened."""
    return page_count(path) if is_pdf(path) else 0


def page_runs(count: int, workers: int) -> list[tuple[int, int]]:
    """[start, stop) runs of 0-based page numbers that share `count` pages among `workers`."""
    step = -(-count // (workers * RUNS_PER_WORKER))
    return [(start, min(start + step, count)) for start in range(0, count, step)]


def read_run(path: str, start: int, stop: int) -> Run:
    """A run of pages, in a worker: the PDF is opened once for all the runs it reads."""
    key = (os.getpid(), path)  # never an opening inherited through a fork
    doc = _OPENED.get(key)
    if doc is None:
        try:
            doc = open_pdf(Path(path))
        except Exception:  # noqa: BLE001 - extract_pdf says why it cannot be opened
            document = extract_pdf(Path(path), path, pages=range(start, stop))
        else:
            _OPENED.clear()
            _OPENED[key] = doc
    if doc is not None:
        document = read_open_pdf(doc, path, range(start, stop))
    return document.status, document.message, [(p.number, p.text, p.method)
                                                for p in document.pages]


def join_runs(path: str, runs: list[Run]) -> Document:
    """One document of the runs of its pages, in order: ok only when every run was."""
    pages = [Page(*page) for _, _, rows in runs for page in rows]
    statuses = {status for status, _, _ in runs}
    status = "ok" if statuses == {"ok"} else ("partial" if "partial" in statuses
                                               else sorted(statuses)[0])
    return Document(path, "pdf", status, pages, runs[0][1])


class ReadAhead:
    """Large PDFs among `paths` being read by forked workers; `take` gives one back. Use it as
    a context manager, so that workers still reading are stopped when screening fails.

    The first `take` waits for every file being read and closes the pool, so that the workers
    that screen the pages are forked from a process of one thread."""

    def __init__(self, paths: Iterable[Path], workers: int | None = None):
        self.workers = workers if workers is not None else default_workers()
        self.paths = list(paths)
        self._pool: Pool | None = None
        self._reading: dict[str, AsyncResult[list[Run]]] = {}
        self._read: dict[str, Document] = {}
        self._counts: dict[str, int] = {}
        if self.workers < 2 or not can_fork():
            return
        for path in iter_documents(self.paths):
            # Counting the pages takes PyMuPDF, imported here (0.06 s) rather than in each
            # worker (tried: the workers' two imports cost more CPU than the head start gave).
            count = self._counts[str(path)] = pdf_pages(path)
            if count < PARALLEL_MIN_PAGES:
                continue
            if self._pool is None:
                # gc.enable: forked while the command line loads with the collector paused
                self._pool = multiprocessing.get_context("fork").Pool(self.workers, gc.enable)
            runs = [(str(path), start, stop) for start, stop in page_runs(count, self.workers)]
            self._reading[str(path)] = self._pool.starmap_async(read_run, runs)

    def take(self, path: Path) -> Document | None:
        """The document read ahead for `path`, or None when it was not read ahead."""
        if self._pool is not None:
            for name, reading in self._reading.items():
                self._read[name] = join_runs(name, reading.get())
            self.close()
        return self._read.pop(str(path), None)

    def page_count(self, path: Path) -> int:
        """As `pdf_pages`, counted once: when reading ahead, or now."""
        known = self._counts.get(str(path))
        return pdf_pages(path) if known is None else known

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._reading.clear()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def start_early(paths: list[Path]) -> None:
    """Start reading `paths` ahead at the process's start, for the command to claim."""
    try:
        ahead = ReadAhead(paths)
    except Exception:  # noqa: BLE001 - only a head start: the command reads and reports itself
        return
    _EARLY.append(ahead)
    atexit.register(ahead.close)  # when the command never claims it


def claim_early(paths: list[Path]) -> ReadAhead | None:
    """What `start_early` began, if it began on exactly `paths`; once. One begun on other paths
    (a wrong guess at the command line) is stopped."""
    while _EARLY:
        ahead = _EARLY.pop()
        if ahead.paths == list(paths):
            return ahead
        ahead.close()
    return None
