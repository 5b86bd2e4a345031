"""HTML pages as text: scripts and styles dropped, block elements as line breaks."""

from __future__ import annotations

from html.parser import HTMLParser

from rightscreen.extract.model import Document, Page

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
           "article", "td", "th"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def extract_html(text: str, display: str) -> Document:
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    body = "\n".join(line for line in lines if line)
    if not body:
        return Document(display, "html", "empty", [Page(1, body)], "no text in the page")
    return Document(display, "html", "ok", [Page(1, body)])


def looks_like_html(head: str) -> bool:
    start = head.lstrip()[:500].lower()
    return start.startswith(("<!doctype html", "<html")) or "<html" in start or "<body" in start
