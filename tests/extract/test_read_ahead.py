"""Runs of a PDF's pages read by workers: together they are the document read at once, and a
file that cannot be read says so as extract_pdf does."""

from __future__ import annotations

from pathlib import Path

from docs_helpers import write_pdf

from rightscreen.extract.pdf import extract_pdf
from rightscreen.extract.read_ahead import join_runs, page_runs, read_run


def test_runs_cover_every_page_once_in_order() -> None:
    for count in (1, 7, 400, 2000, 2001):
        for workers in (2, 3, 4):
            runs = page_runs(count, workers)
            assert [n for start, stop in runs for n in range(start, stop)] == list(range(count))


def test_runs_read_from_one_opening_are_the_document(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "tender.pdf", [f"第{n}页 系统应支持人脸识别。" for n in range(9)])
    # one process reads every run: the PDF opened for the first is read again for the rest
    runs = [read_run(str(path), start, stop) for start, stop in page_runs(9, 2)]
    assert len(runs) > 2
    assert join_runs(str(path), runs) == extract_pdf(path, str(path))


def test_a_run_of_a_file_that_cannot_be_opened_is_broken(tmp_path: Path) -> None:
    missing = tmp_path / "gone.pdf"
    status, message, pages = read_run(str(missing), 0, 10)
    expected = extract_pdf(missing, str(missing), pages=range(0, 10))
    assert (status, message, pages) == (expected.status, expected.message, [])
    assert status == "broken" and message and "cannot open" in message
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert join_runs(str(damaged), [read_run(str(damaged), 0, 3)]).status == extract_pdf(
        damaged, str(damaged), pages=range(0, 3)).status
