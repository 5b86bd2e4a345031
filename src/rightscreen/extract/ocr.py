"""OCR of scanned pages with Tesseract (`chi_sim` and `eng`), when Debian's tesseract-ocr is
installed; without it a scanned page is reported as unread, never skipped in silence."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

# Tesseract often writes Chinese with a space between characters (人 脸 识 别).
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")

LANGUAGES = "chi_sim+eng"


@cache
def ocr_available() -> bool:
    if shutil.which("tesseract") is None:
        return False
    result = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                            check=False)
    langs = set(result.stdout.split())
    return {"chi_sim", "eng"} <= langs


def ocr_image(png: bytes) -> str:
    result = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANGUAGES], input=png,
                            capture_output=True, check=False, timeout=120)
    return _HAN_GAP.sub("", result.stdout.decode("utf-8", errors="replace"))
