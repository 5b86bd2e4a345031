"""Cases run in a forked worker process, so that a segfault, a runaway allocation or a hang
costs one case, never the run.

The parent watches the worker's CPU time: a case that has used `timeout` seconds of CPU, or
`wall_factor` times that in wall time (a reader stuck waiting), is killed and judged a crash,
and the next case gets a new worker. CPU time keeps the guard steady on a machine shared with
other work. The worker's address space is capped (a runaway allocation is a `MemoryError`,
judged a crash), and each case's peak resident memory is read from the kernel's high-water
mark, reset before the case.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import resource
import shutil
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from . import zips
from .harness import (
    MIB,
    TARGETS_BY_NAME,
    Case,
    CaseResult,
    fixture_screener,
    frames,
    judge,
    judge_error,
)
from .mutations import MUTATIONS
from .seeds import all_seeds

_TICKS = os.sysconf("SC_CLK_TCK")


def execute(case: Case, folder: Path) -> CaseResult:
    """Run one case in this process and judge it."""
    target = TARGETS_BY_NAME[case.target]
    seed = all_seeds()[case.seed]
    files = case.files()
    folder.mkdir(parents=True)
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    entry = folder / seed.entry
    start_rss = _reset_peak()
    began, began_cpu = time.perf_counter(), time.process_time()
    try:
        value = target.read(entry)
        seconds = time.perf_counter() - began
        outcome, note = judge(value, paths)
        del value
        result = CaseResult(case, outcome, seconds, notes=[note] if note else [])
        if outcome == "crashed":
            result.error = "UnnamedDocument"
            result.message = note
    except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - judged below
        seconds = time.perf_counter() - began
        raised, mine = frames(exc)
        result = CaseResult(case, judge_error(exc, paths), seconds, error=type(exc).__name__,
                            message=str(exc)[:400], raised_at=raised, our_frame=mine)
    result.cpu_seconds = time.process_time() - began_cpu
    result.peak_bytes = max(_peak_rss() - start_rss, 0) if start_rss is not None else None
    result.size = len(files[seed.target])
    shutil.rmtree(folder, ignore_errors=True)
    return result


# --- memory ----------------------------------------------------------------------------------

def _status_kb(key: str) -> int:
    with open("/proc/self/status") as fh:
        match = re.search(rf"^{key}:\s+(\d+)", fh.read(), re.M)
    return int(match.group(1)) * 1024 if match else 0


def _reset_peak() -> int | None:
    """Reset the high-water mark of resident memory to now; None where the kernel refuses."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return None
    return _status_kb("VmRSS")


def _peak_rss() -> int:
    return _status_kb("VmHWM")


def _limit_memory(extra: int) -> None:
    if extra <= 0:
        return
    limit = _status_kb("VmSize") + extra
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# --- the runner ------------------------------------------------------------------------------

def _serve(conn: Connection, workdir: str, memory_limit: int) -> None:
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # a damaged PDF's warnings are not our output
    _limit_memory(memory_limit)
    number = 0
    while True:
        case = conn.recv()
        if case is None:
            return
        number += 1
        conn.send(execute(case, Path(workdir) / f"{os.getpid()}-{number}"))


def prepare() -> None:
    """Build in the parent what every worker needs, so that forks inherit it: the seeds, the
    bombs, the fixture screener and the readers' modules."""
    seeds = all_seeds()
    zips.check_repeated_member()
    for mut in MUTATIONS.values():
        if mut.bomb:
            for seed in ("doc-docx", "doc-xlsx", "un-xml"):
                if mut.fits(seeds[seed]):
                    mut.apply(random.Random(0), seeds[seed].files[seeds[seed].target],
                              seeds[seed])
    fixture_screener()
    import docx  # noqa: F401
    import openpyxl  # noqa: F401
    import pymupdf  # noqa: F401

    import rightscreen.extract.dispatch  # noqa: F401
    import rightscreen.holdings  # noqa: F401
    import rightscreen.screening.names  # noqa: F401
    import rightscreen.sources  # noqa: F401


class Runner:
    """Runs cases in a forked worker; a case that kills or hangs it is a crash, and the next
    case gets a new worker."""

    def __init__(self, workdir: Path, *, timeout: float = 20.0, wall_factor: float = 4.0,
                 memory_limit: int = 4096 * MIB):
        self.workdir = workdir
        self.timeout = timeout  # CPU seconds of one case
        self.wall_limit = timeout * wall_factor
        self.memory_limit = memory_limit
        self._context = multiprocessing.get_context("fork")
        self._process: Any = None
        self._conn: Connection | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> Connection:
        parent, child = self._context.Pipe()
        self._process = self._context.Process(
            target=_serve, args=(child, str(self.workdir), self.memory_limit), daemon=True)
        self._process.start()
        child.close()
        self._conn = parent
        return parent

    def close(self) -> None:
        """Stop the worker; the next case starts a new one."""
        if self._conn is not None and self._process is not None:
            try:
                self._conn.send(None)
                self._process.join(5)
            except OSError:
                pass
        self._kill()

    def _kill(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
        if self._process is not None:
            self._process.join()
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self._process = None

    def _cpu(self) -> float:
        """CPU seconds the worker has used, user and system."""
        try:
            with open(f"/proc/{self._process.pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError, AttributeError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / _TICKS

    def run(self, case: Case) -> CaseResult:
        conn = self._conn or self._start()
        began, cpu_before = time.perf_counter(), self._cpu()
        try:
            conn.send(case)
            while not conn.poll(0.2):
                cpu, wall = self._cpu() - cpu_before, time.perf_counter() - began
                if cpu > self.timeout or wall > self.wall_limit:
                    self._kill()
                    return CaseResult(case, "crashed", wall, cpu, error="Timeout",
                                      message=f"killed after {cpu:.1f} s CPU, {wall:.1f} s")
            result: CaseResult = conn.recv()
            return result
        except (EOFError, OSError):
            code = self._process.exitcode if self._process is not None else None
            self._kill()
            return CaseResult(case, "crashed", time.perf_counter() - began,
                              error="WorkerDied", message=f"worker exit code {code}")
