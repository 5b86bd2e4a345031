"""Rebuild one fuzz case from its label and run it here, in this process, with the full
traceback: `python -m tests.fuzz.repro READER SEED MUTATION[+MUTATION] CASE_SEED [--keep DIR]`,
the four values a crash line starts with (`#` before the case seed is optional)."""

from __future__ import annotations

import argparse
import tempfile
import time
import traceback
from pathlib import Path

from .harness import TARGETS_BY_NAME, Case, judge, judge_error
from .seeds import all_seeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("reader")
    parser.add_argument("seed")
    parser.add_argument("mutations")
    parser.add_argument("case_seed")
    parser.add_argument("--keep", type=Path, help="write the case's files here and keep them")
    args = parser.parse_args()
    case = Case(args.reader, args.seed, tuple(args.mutations.split("+")),
                int(args.case_seed.lstrip("#")))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="rightscreen-case-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in case.files().items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    entry = folder / all_seeds()[case.seed].entry
    print(f"{case.label}\n{entry} ({entry.stat().st_size:,} bytes)")
    began = time.perf_counter()
    try:
        value = TARGETS_BY_NAME[case.target].read(entry)
        print(f"{judge(value, paths)} in {time.perf_counter() - began:.3f} s")
    except Exception as exc:  # noqa: BLE001 - shown, then judged
        traceback.print_exc()
        print(f"{judge_error(exc, paths)} in {time.perf_counter() - began:.3f} s")


if __name__ == "__main__":
    main()
