"""Screening documents: every page's listed entities and red-flag requirements, with the page,
line and sentence they stand in, and an English gloss for every Chinese term."""

from __future__ import annotations

import multiprocessing
import operator
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rightscreen import __version__
from rightscreen.extract import Document, extract_file, iter_documents
from rightscreen.extract.model import Page
from rightscreen.extract.normalize import normalize_text
from rightscreen.extract.read_ahead import (
    PARALLEL_MIN_PAGES,
    ReadAhead,
    Run,
    default_workers,
    join_runs,
    page_runs,
    pdf_pages,
    read_run,
)
from rightscreen.matching.forms import frozen_objects
from rightscreen.model import Entity, ListInfo
from rightscreen.names.chinese import has_han
from rightscreen.screening.automata import DocumentAutomata, build_automata, snapshot_automata
from rightscreen.screening.mentions import Mention
from rightscreen.screening.redflags import Lexicon, RedFlagHit
from rightscreen.screening.text_units import PageText

if TYPE_CHECKING:
    from rightscreen.matching.screener import Screener
    from rightscreen.snapshot import Snapshot

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


@dataclass(slots=True)
class Finding:
    path: str
    page: int
    line: int
    kind: str  # entity, red_flag
    term: str
    snippet: str
    gloss: str | None = None
    name: str | None = None
    entity_id: str | None = None
    lists: list[str] = field(default_factory=list)
    category: str | None = None
    severity: str | None = None
    source: str | None = None
    # A red flag its clause denies (并无人脸识别): the denying words; `severity` is then the
    # lexicon's severity for denials, `term_severity` the term's own.
    negated_by: str | None = None
    term_severity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"path": self.path, "page": self.page, "line": self.line, "kind": self.kind,
               "name": self.name, "entity_id": self.entity_id, "lists": self.lists,
               "term": self.term, "category": self.category, "severity": self.severity,
               "gloss": self.gloss, "snippet": self.snippet, "source": self.source}
        if self.negated_by is not None:
            out.update(negated=True, negated_by=self.negated_by,
                       term_severity=self.term_severity)
        return out


@dataclass(slots=True)
class DocumentScreening:
    lists: list[ListInfo]
    documents: list[Document]
    findings: list[Finding]
    lexicon_sources: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": {"name": "rightscreen", "version": __version__},
            "lists": [{k: v for k, v in i.to_dict().items() if k != "files"} for i in self.lists],
            "documents": [d.to_dict() for d in self.documents],
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
            "lexicon_sources": self.lexicon_sources,
        }

    def summary(self) -> dict[str, Any]:
        entities = Counter(f.name for f in self.findings if f.kind == "entity")
        flags = Counter(f.category for f in self.findings if f.kind == "red_flag")
        severities = Counter(f.severity for f in self.findings if f.kind == "red_flag")
        return {
            "documents": len(self.documents),
            "pages": sum(len(d.pages) for d in self.documents),
            "unread": [d.path for d in self.documents if d.status != "ok"],
            "entity_findings": sum(entities.values()),
            "red_flag_findings": sum(flags.values()),
            "entities": dict(entities.most_common()),
            "red_flag_categories": dict(flags.most_common()),
            "severities": {k: severities[k] for k in SEVERITY_ORDER if severities[k]},
            "negated_red_flags": sum(1 for f in self.findings if f.negated_by is not None),
        }


_ACTIVE: DocumentScreener | None = None
_READ: Document | None = None  # pages read ahead, screened by forked workers


# A worker's pages and findings go back as plain tuples: pickling 20,000 dataclasses one by
# one cost the parent as much as screening them.
_FINDING_FIELDS = operator.attrgetter(*(f.name for f in fields(Finding)))


def _read_and_screen(path: str, start: int, stop: int) -> tuple[Run, list[tuple[Any, ...]]]:
    if _ACTIVE is None:
        raise RuntimeError("no document screener in this worker")
    run = read_run(path, start, stop)
    document = Document(path, "pdf", run[0], [Page(*page) for page in run[2]], run[1])
    return run, [_FINDING_FIELDS(f) for f in _ACTIVE.screen_document(document)]


def _screen_read(start: int, stop: int) -> list[tuple[Any, ...]]:
    if _ACTIVE is None or _READ is None:
        raise RuntimeError("no document screener in this worker")
    run = Document(_READ.path, _READ.format, _READ.status, _READ.pages[start:stop])
    return [_FINDING_FIELDS(f) for f in _ACTIVE.screen_document(run)]


class DocumentScreener:
    """Built once from a screener's entities; screens any number of files."""

    def __init__(self, screener: Screener, lists: list[ListInfo],
                 lexicon: Lexicon | None = None, workers: int | None = None):
        entities = screener.index.entities
        self._start(build_automata(entities, screener.rarity, lexicon), lists, workers,
                    lambda: entities)

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot, workers: int | None = None) -> DocumentScreener:
        """For a snapshot's lists, with the automata read back from the document cache when the
        snapshot came through the warm-start cache: neither its entities nor its name index
        are read unless they have to be built."""
        screener = cls.__new__(cls)
        screener._start(snapshot_automata(snapshot), snapshot.infos, workers,
                        lambda: snapshot.entities)
        return screener

    def _start(self, automata: DocumentAutomata, lists: list[ListInfo], workers: int | None,
               entities: Callable[[], list[Entity]]) -> None:
        self.workers = workers if workers is not None else default_workers()
        self.finder = automata.finder
        self.lexicon = automata.lexicon
        self.targets = automata.targets
        self.lists = lists
        self._entities = cache(entities)  # a snapshot decodes its entities on first use

    @property
    def entities(self) -> list[Entity]:
        """The snapshot's entities, in the order the patterns' positions refer to."""
        return self._entities()

    def screen_paths(self, paths: list[Path],
                     progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
                     ahead: ReadAhead | None = None) -> DocumentScreening:
        """Every file's findings; large PDFs that `ahead` has been reading are taken from it."""
        files = list(iter_documents(paths))
        documents: list[Document] = []
        findings: list[Finding] = []
        # What exists now (the automata) is left out of cyclic collections while files are
        # screened: forked workers' collections do not walk (and copy) it, nor do those that
        # reading pages and findings back from workers sets off here (0.1 s for 21,000
        # findings, 0.1 s for 2,000 pages read ahead).
        with frozen_objects():
            self._screen_files(progress(files) if progress else files, ahead, documents,
                               findings)
        return DocumentScreening(self.lists, documents, findings, self.lexicon.sources)

    def _screen_files(self, files: Iterable[Path], ahead: ReadAhead | None,
                      documents: list[Document], findings: list[Finding]) -> None:
        for path in files:
            read = ahead.take(path) if ahead is not None else None
            count = (len(read.pages) if read else ahead.page_count(path) if ahead is not None
                     else pdf_pages(path))
            if count >= PARALLEL_MIN_PAGES and self.workers > 1:
                document, found = self._screen_pdf_in_parallel(path, count, read)
                documents.append(document)
                findings.extend(found)
                continue
            for document in [read] if read else extract_file(path):
                documents.append(document)
                findings.extend(self.screen_document(document))

    def _screen_pdf_in_parallel(self, path: Path, count: int, read: Document | None
                                ) -> tuple[Document, list[Finding]]:
        # Forked workers inherit this screener (its automata cannot be pickled) and the pages
        # read ahead, if any; each screens a run of pages (reading it first when it was not
        # read ahead); results come back in page order.
        global _ACTIVE, _READ
        _ACTIVE, _READ = self, read
        self.finder.prepare()
        runs = page_runs(count, self.workers)
        context = multiprocessing.get_context("fork")
        try:
            with context.Pool(self.workers) as pool:
                if read is not None:
                    found = pool.starmap(_screen_read, runs)
                else:
                    parts = pool.starmap(_read_and_screen, [(str(path), *r) for r in runs])
                    read = join_runs(str(path), [run for run, _ in parts])
                    found = [rows for _, rows in parts]
        finally:
            _ACTIVE, _READ = None, None
        return read, [Finding(*row) for rows in found for row in rows]

    def screen_document(self, document: Document) -> list[Finding]:
        findings: list[Finding] = []
        for page in document.pages:
            if not page.text:
                continue
            text = PageText.build(normalize_text(page.text))
            seen: set[tuple[int, str]] = set()
            for mention in self.finder.find(text):
                finding = self._entity_finding(document.path, page.number, text, mention)
                key = (finding.line, finding.entity_id or "")
                if key not in seen:
                    seen.add(key)
                    findings.append(finding)
            for hit in self.lexicon.find(text):
                findings.append(self._flag_finding(document.path, page.number, text, hit))
        return findings

    def _entity_finding(self, path: str, page: int, text: PageText,
                        mention: Mention) -> Finding:
        target = self.targets[mention.pattern.text]
        term = text.joined[mention.start:mention.end]
        return Finding(path, page, text.line_of(mention.start), "entity", term,
                       text.snippet(*text.sentence(mention.start, mention.end)),
                       gloss=target.english if has_han(term) else None,
                       name=target.name, entity_id=target.entity_id, lists=list(target.lists))

    def _flag_finding(self, path: str, page: int, text: PageText, hit: RedFlagHit) -> Finding:
        term = text.joined[hit.start:hit.end]
        severity, negated_by = hit.term.severity, None
        if hit.negated_by is not None and self.lexicon.negation is not None:
            negated_by = text.joined[hit.negated_by[0]:hit.negated_by[1]]
            severity = self.lexicon.negation.severity
        # positional: 17,000 findings of a long tender are made here
        return Finding(path, page, text.line_of(hit.start), "red_flag", term,
                       text.snippet(*hit.sentence), hit.term.gloss, None, None, [],
                       hit.term.category, severity, hit.term.source, negated_by,
                       hit.term.severity if negated_by is not None else None)

