"""Document screening speed: an 8,000-page PDF of mixed Chinese and English tender text,
screened end to end, against raw PyMuPDF text extraction of the same PDF in the same run.

The PDF is generated once (deterministic) into benchmarks/.cache/. Startup (loading the lists
and building the automata) is reported apart from the per-page work.

Process level (`process` in the results): the real CLI, `rightscreen documents FILE -o out.json`,
as a process of its own on a PDF of --process-pages pages, from process start to the output
written, against a `python -c` process that opens the same PDF and extracts every page's text.
Both run with RIGHTSCREEN_CACHE set to a fresh folder and bytecode writing on: one warming run
of the CLI (which writes both caches), then each timed --repeat times, alternating, the best
kept. CPU seconds (user + system of the process and the workers it forks) are the figure to
compare on a shared machine; wall seconds beside them.

Usage: python benchmarks/documents_speed.py [--pages 8000] [--process-pages 2000] [--repeat 3]
       [--process-only]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

from rightscreen import Screener, load_snapshot
from rightscreen.screening.documents import DocumentScreener

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from results_io import save  # noqa: E402

# Sentences in the manner of Chinese public procurement documents and their English versions;
# most are boilerplate, a few carry the requirements the lexicon is for.
SENTENCES = [
    "第一章 招标公告。本项目为职业技术学校校园安防系统建设项目，采用公开招标方式。",
    "投标人须具有独立承担民事责任的能力，未被列入失信被执行人黑名单。",
    "投标文件应于开标前递交至采购代理机构，逾期送达的投标文件将被拒收。",
    "项目地点：新疆维吾尔自治区，交货期为合同签订后三十日内。",
    "设备应具备防电击保护，符合国家强制性安全标准。",
    "视频管理平台应支持人脸识别，可建立黑名单人脸库并布控报警。",
    "前端摄像机须兼容海康威视或大华的设备和平台协议。",
    "摄像机应支持夜视功能，红外照射距离不小于五十米。",
    "系统应支持性别识别，准确率不低于百分之九十七。",
    "The bidder shall provide a performance bond of five percent of the contract price.",
    "All equipment shall comply with the national standards for video surveillance networks.",
    "The video management system shall support facial recognition and blacklist alarms.",
    "Delivery shall be made within thirty days after the contract is signed.",
    "付款方式：验收合格后支付合同总价的百分之九十五，余款为质保金。",
    "供应商应提供三年免费质保服务及七乘二十四小时技术支持。",
    "采购防暴盾牌、防暴头盔及催泪喷射器若干。",
]


def make_pdf(path: Path, pages: int, seed: int = 8000) -> None:
    rng = random.Random(seed)
    doc = pymupdf.open()
    for number in range(pages):
        text = f"第{number + 1}页\n" + "\n".join(rng.choice(SENTENCES) for _ in range(14))
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(36, 36, 560, 806), text, fontname="china-s",
                            fontsize=10)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path, garbage=1, deflate=True)
    doc.close()


def raw_extraction(path: Path) -> float:
    started = time.perf_counter()
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text("text")
    return time.perf_counter() - started


RAW_PROCESS = """
import sys
import pymupdf
with pymupdf.open(sys.argv[1]) as doc:
    for page in doc:
        page.get_text("text")
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_process(command: list[str], cache: Path) -> tuple[float, float]:
    """CPU seconds (the process and every worker it waited for) and wall seconds."""
    env = dict(os.environ, RIGHTSCREEN_CACHE=str(cache), COLUMNS="200")
    # An installed package runs from bytecode (pip compiles it, as PyMuPDF's was); a source
    # tree with PYTHONDONTWRITEBYTECODE set would compile ours from source in every run, 0.09 s
    # that no user pays. The warming run writes it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    wall, cpu = time.perf_counter() - started, _children_cpu() - before
    if done.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed: {done.stderr.decode()[-800:]}")
    return cpu, wall


def process_level(pdf: Path, repeat: int) -> dict[str, object]:
    cli = str(Path(sys.executable).parent / "rightscreen")
    with tempfile.TemporaryDirectory(prefix="rs-docs-speed-") as tmp:
        cache, out = Path(tmp) / "cache", Path(tmp) / "out.json"
        ours_command = [cli, "documents", str(pdf), "-o", str(out)]
        raw_command = [sys.executable, "-c", RAW_PROCESS, str(pdf)]
        cold_cpu, cold_wall = run_process(ours_command, cache)  # writes the warm-start cache
        raw: list[tuple[float, float]] = []
        ours: list[tuple[float, float]] = []
        for _ in range(repeat):
            raw.append(run_process(raw_command, cache))
            ours.append(run_process(ours_command, cache))
        findings = len(json.loads(out.read_text("utf-8"))["findings"])
    raw_cpu, raw_wall = min(c for c, _ in raw), min(w for _, w in raw)
    ours_cpu, ours_wall = min(c for c, _ in ours), min(w for _, w in ours)
    return {
        "pages": page_total(pdf), "repeat": repeat, "cpus": os.cpu_count(),
        "raw_pymupdf_process": {"cpu_seconds": round(raw_cpu, 3),
                                "wall_seconds": round(raw_wall, 3)},
        "rightscreen_documents_process": {
            "cpu_seconds": round(ours_cpu, 3), "wall_seconds": round(ours_wall, 3),
            "first_run_cpu_seconds": round(cold_cpu, 3),
            "first_run_wall_seconds": round(cold_wall, 3)},
        "ratio_cpu": round(ours_cpu / raw_cpu, 2),
        "ratio_wall": round(ours_wall / raw_wall, 2),
        "target_ratio": 2.0,
        "findings": findings,
    }


def page_total(pdf: Path) -> int:
    with pymupdf.open(pdf) as doc:
        return int(doc.page_count)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=8000)
    parser.add_argument("--process-pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--process-only", action="store_true",
                        help="only the process-level measurement")
    parser.add_argument("--out", type=Path, default=HERE / "results/documents_speed.json")
    args = parser.parse_args()
    small = HERE / f".cache/tender-{args.process_pages}.pdf"
    if not small.exists():
        make_pdf(small, args.process_pages)
    process = process_level(small, args.repeat)
    if args.process_only:  # the in-process figures of an earlier full run are kept
        earlier = json.loads(args.out.read_text("utf-8")) if args.out.exists() else {}
        save({**earlier, "process": process}, args.out)
        return 0
    pdf = HERE / f".cache/tender-{args.pages}.pdf"
    if not pdf.exists():
        make_pdf(pdf, args.pages)
    started = time.perf_counter()
    snapshot = load_snapshot()
    screener = DocumentScreener(Screener(snapshot.entities), snapshot.infos)
    startup = time.perf_counter() - started
    raw_first = raw_extraction(pdf)
    started = time.perf_counter()
    result = screener.screen_paths([pdf])
    ours = time.perf_counter() - started
    raw_second = raw_extraction(pdf)
    raw = min(raw_first, raw_second)
    report = {
        "pages": args.pages, "pdf_bytes": pdf.stat().st_size,
        "raw_pymupdf_seconds": round(raw, 3),
        "rightscreen_seconds": round(ours, 3),
        "rightscreen_startup_seconds": round(startup, 3),
        "pages_per_second": round(args.pages / ours, 1),
        "ratio_to_raw_extraction": round(ours / raw, 2),
        "findings": len(result.findings),
        "lists": [i.id for i in snapshot.infos],
        "process": process,
    }
    save(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
