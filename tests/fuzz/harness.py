"""The readers under fuzz, the cases they get, and how the outcome of a case is judged.

Outcomes:
- **read**: the reader returned normally;
- **refused**: it raised a `RightscreenError` whose message names the file, or (documents)
  returned a Document with a status other than ok whose path names the file or its member;
- **crashed**: anything else: another exception, an error that does not say which file, a
  Document naming no file, a worker killed by a signal or the memory limit, or a case over
  its time limit.

`runner.Runner` runs the cases, each in a worker process that a crash may take down.
"""

from __future__ import annotations

import random
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rightscreen.errors import RightscreenError

from .mutations import applicable, mutate
from .mutations_structured import json_key_sweep
from .seeds import FIXTURES, all_seeds

MIB = 1 << 20


# --- the readers -----------------------------------------------------------------------------

def read_lists(path: Path) -> object:
    from rightscreen.sources import load_lists

    return load_lists([path])


def read_list_folder(path: Path) -> object:
    """The folder form of `--list`: every file beside the entry, OFAC parts joined."""
    from rightscreen.sources import load_lists

    return load_lists([path.parent])


def read_table(path: Path) -> object:
    from rightscreen.tables import read_table as read

    return read(path)


@cache
def fixture_screener() -> Any:
    from rightscreen import Screener, load_snapshot

    return Screener(load_snapshot([FIXTURES]).entities)


def screen_names(path: Path) -> object:
    from rightscreen.screening.names import screen_file

    return screen_file(path, fixture_screener(), [])


def read_holdings(path: Path) -> object:
    from rightscreen.holdings import read_holdings as read

    return read(path)


def extract_documents(path: Path) -> object:
    from rightscreen.extract.dispatch import extract_file

    return extract_file(path)


def read_inventory(path: Path) -> object:
    from rightscreen.devices import read_inventory as read

    return read(path)


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    seeds: tuple[str, ...]
    read: Callable[[Path], object]
    # Mutations that make ordinary work, not hostile input, for this reader: screening
    # 30,000 rows takes as long as it should.
    skip: frozenset[str] = frozenset()
    # Whether a bomb must be refused; a folder of lists reads on, the bomb listed as skipped.
    refuses_bombs: bool = True


_SDN = tuple(f"ofac-sdn/{t}" for t in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"))
_CONS = tuple(f"ofac-cons/{t}" for t in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv",
                                         "cons_comments.csv"))
TARGETS: tuple[Target, ...] = (
    Target("lists:ofac-sdn", _SDN, read_lists),
    Target("lists:ofac-cons", _CONS, read_lists),
    Target("lists:csl", ("csl",), read_lists),
    Target("lists:un-xml", ("un-xml",), read_lists),
    Target("lists:bis-dpl", ("dpl",), read_lists),
    Target("lists:ftm-jsonl", ("ftm",), read_lists),
    Target("lists:us-json", ("us-json",), read_lists),
    Target("lists:dod-1260h", ("dod-1260h",), read_lists),
    Target("lists:statutory-csv", ("section-889",), read_lists),
    Target("lists:own-csv", ("own-list-csv",), read_lists),
    Target("lists:own-xlsx", ("own-list-xlsx",), read_lists),
    Target("lists:folder", _SDN[:2] + _CONS[:2], read_list_folder, refuses_bombs=False),
    Target("tables:csv", ("vendors-csv", "holdings-hs300-gbk"), read_table),
    Target("tables:tsv", ("vendors-tsv",), read_table),
    Target("tables:xlsx", ("vendors-xlsx",), read_table),
    Target("screen:csv", ("vendors-csv",), screen_names, frozenset({"many-rows"})),
    Target("screen:xlsx", ("vendors-xlsx",), screen_names),
    Target("holdings:csv", ("holdings-csi300", "holdings-hs300-gbk", "holdings-pension"),
           read_holdings),
    Target("holdings:xlsx", ("holdings-xlsx",), read_holdings),
    Target("holdings:ishares", ("holdings-ishares",), read_holdings),
    Target("holdings:nport", ("nport",), read_holdings),
    Target("holdings:13f", ("13f",), read_holdings),
    Target("documents:pdf", ("doc-pdf",), extract_documents),
    Target("documents:docx", ("doc-docx",), extract_documents),
    Target("documents:xlsx", ("doc-xlsx",), extract_documents),
    Target("documents:html", ("doc-html",), extract_documents),
    Target("documents:text", ("doc-text-utf8", "doc-text-gbk"), extract_documents),
    Target("documents:zip", ("doc-zip",), extract_documents),
    Target("devices:table", ("inventory-csv", "inventory-xlsx"), read_inventory),
    Target("devices:nmap", ("nmap-xml",), read_inventory),
    Target("devices:leases-arp", ("dhcpd-leases", "arp"), read_inventory),
)
TARGETS_BY_NAME = {t.name: t for t in TARGETS}


# --- cases -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Case:
    target: str
    seed: str
    mutations: tuple[str, ...]
    case_seed: int
    data: bytes | None = None  # given bytes for the seed's target file, instead of mutations

    @property
    def label(self) -> str:
        how = "+".join(self.mutations) if self.data is None else f"bytes[{len(self.data)}]"
        return f"{self.target} {self.seed} {how} #{self.case_seed}"

    def files(self) -> dict[str, bytes]:
        seed = all_seeds()[self.seed]
        if self.data is not None:
            return {**seed.files, seed.target: self.data}
        return mutate(seed, self.mutations, self.case_seed)


def plan(targets: tuple[Target, ...] = TARGETS, *, per_target: int, seed: int,
         heavy: bool = True, stack: float = 0.0) -> list[Case]:
    """`per_target` cases for each target; the first pass gives every mutation that fits one
    case before any repeats. With probability `stack`, a second (light) mutation follows."""
    seeds = all_seeds()
    cases = []
    for target in targets:
        rng = random.Random(f"plan|{seed}|{target.name}")
        pool = [(s, m) for s in target.seeds for m in applicable(seeds[s], heavy=heavy)
                if m not in target.skip]
        rng.shuffle(pool)
        seen: dict[str, int] = {}
        ranked = []
        for s, m in pool:
            seen[m] = seen.get(m, 0) + 1
            ranked.append((seen[m], s, m))
        order = [(s, m) for _, s, m in sorted(ranked, key=lambda r: r[0])]
        for index in range(per_target):
            s, m = order[index % len(order)]
            names: tuple[str, ...] = (m,)
            if rng.random() < stack:
                names += (rng.choice(applicable(seeds[s], heavy=False)),)
            cases.append(Case(target.name, s, names, rng.getrandbits(32)))
    return cases


def json_sweep_plan(targets: tuple[Target, ...] = TARGETS) -> list[Case]:
    """Every key of every JSON seed set to every wrong type ({}, [], null, true, 1, "x")."""
    seeds = all_seeds()
    return [Case(t.name, s, (name,), index) for t in targets for s in t.seeds
            if seeds[s].kind in ("json", "jsonl")
            for index, name in enumerate(json_key_sweep(seeds[s]))]


def bomb_plan(targets: tuple[Target, ...] = TARGETS, *, distinct: bool = False) -> list[Case]:
    """Every bomb that fits, once per target (on its first seed). With `distinct`, a bomb that
    replaces the whole file goes once to each reading function rather than to every target
    (the seed does not matter to it); a bomb of the seed's own DOCX or XLSX still goes to
    every target with such a seed."""
    seeds = all_seeds()
    cases = []
    functions: set[object] = set()
    for t in targets:
        seed = seeds[t.seeds[0]]
        first = t.read not in functions
        functions.add(t.read)
        for name in applicable(seed, bombs=True):
            own = seed.kind in ("docx", "xlsx") and name.startswith(f"bomb-{seed.kind}")
            if not distinct or first or own:
                cases.append(Case(t.name, seed.name, (name,), 0))
    return cases


# --- outcomes --------------------------------------------------------------------------------

@dataclass(slots=True)
class CaseResult:
    case: Case
    outcome: str  # read, refused, crashed
    seconds: float  # wall time of the reader call
    cpu_seconds: float | None = None  # its CPU time: what a loaded machine does not inflate
    peak_bytes: int | None = None  # resident memory over the worker's at the case's start
    size: int = 0  # bytes of the file the reader was given
    error: str | None = None  # exception type
    message: str | None = None
    raised_at: str | None = None  # file:line (function) where it was raised
    our_frame: str | None = None  # the innermost frame in rightscreen
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["case"] = {k: v for k, v in asdict(self.case).items() if k != "data"}
        return out


def _short(filename: str) -> str:
    for marker in ("/src/", "/site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def frames(exc: BaseException) -> tuple[str | None, str | None]:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return None, None
    last = frames[-1]
    raised = f"{_short(last.filename)}:{last.lineno} ({last.name})"
    ours = [f for f in frames if "/rightscreen/" in f.filename and "/tests/" not in f.filename]
    mine = f"{_short(ours[-1].filename)}:{ours[-1].lineno} ({ours[-1].name})" if ours else None
    return raised, mine


def judge(value: object, files: list[Path]) -> tuple[str, str | None]:
    """(outcome, note) of a reader that returned `value`."""
    if isinstance(value, list) and value and all(hasattr(d, "status") for d in value):
        bad = [d for d in value if d.status != "ok"]
        if not bad:
            return "read", None
        for doc in bad:
            if not any(str(doc.path).startswith(str(p)) for p in files):
                return "crashed", f"document {doc.path!r} ({doc.status}) names no input file"
        return "refused", f"{bad[0].status}: {bad[0].message}"
    return "read", None


def judge_error(exc: BaseException, files: list[Path]) -> str:
    if isinstance(exc, RightscreenError) and any(str(p) in str(exc) for p in files):
        return "refused"
    return "crashed"


# --- summaries -------------------------------------------------------------------------------

def crash_lines(results: list[CaseResult]) -> list[str]:
    """One line per crash: reader, seed, mutation, exception, where it was raised."""
    return [f"{r.case.label}: {r.error}: {(r.message or '')[:160]!r} raised at {r.raised_at}"
            f" (rightscreen: {r.our_frame})" for r in results if r.outcome == "crashed"]


def summarise(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    """Per reader: cases, read, refused, crashed, worst time and peak memory."""
    out: dict[str, dict[str, Any]] = {}
    for r in results:
        row = out.setdefault(r.case.target, {"cases": 0, "read": 0, "refused": 0, "crashed": 0,
                                             "worst_seconds": 0.0, "worst_case": None,
                                             "worst_cpu_seconds": 0.0, "peak_mib": 0.0,
                                             "peak_case": None})
        row["cases"] += 1
        row[r.outcome] += 1
        row["worst_cpu_seconds"] = round(max(row["worst_cpu_seconds"], r.cpu_seconds or 0), 4)
        if r.seconds > row["worst_seconds"]:
            row["worst_seconds"], row["worst_case"] = round(r.seconds, 4), r.case.label
        peak = (r.peak_bytes or 0) / MIB
        if peak > row["peak_mib"]:
            row["peak_mib"], row["peak_case"] = round(peak, 1), r.case.label
    return out
