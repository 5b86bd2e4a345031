"""Document screening speed: an 8,000-page PDF of mixed Chinese and English tender text,
screened end to end, against raw PyMuPDF text extraction of the same PDF in the same run.

The PDF is generated once (deterministic) into benchmarks/.cache/. Startup (loading the lists
and building the automata) is reported apart from the per-page work.

Usage: python benchmarks/documents_speed.py [--pages 8000]
"""

from __future__ import annotations

import argparse
import random
import sys
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=8000)
    parser.add_argument("--out", type=Path, default=HERE / "results/documents_speed.json")
    args = parser.parse_args()
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
    }
    save(report, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
