"""The commands that screen files other than lists of names: documents, equipment inventories
and portfolios. A thin shell over `rightscreen.screening`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import track
from rich.table import Table as RichTable

from rightscreen.cli_options import TABLE_ROWS, TABLE_ROWS_WITH_FILE, ListOption
from rightscreen.errors import UsageError
from rightscreen.matching.forms import no_collection
from rightscreen.matching.screener import Screener
from rightscreen.reports.tabular import write_report
from rightscreen.snapshot import Snapshot

SnapshotOf = Callable[[typer.Context, "list[Path] | None"], Snapshot]
_LAST_RUN: list[object] = []


def register(app: typer.Typer, out: Console, err: Console, _snapshot: SnapshotOf,
             _screener: Callable[[Snapshot], Screener],
             _lasting: Callable[[], None] = lambda: None) -> None:
    """Add `documents`, `devices` and `portfolio` to the command line; the lists are loaded
    and screened as the other commands load and screen them (`_snapshot`, `_screener`), and
    what lasts to the end of the command is kept out of cyclic collections (`_lasting`)."""

    @app.command()
    def documents(
        ctx: typer.Context,
        paths: Annotated[list[Path], typer.Argument(
            metavar="PATH...", help="Files or folders (recursive), ZIPs too.")],
        list_paths: ListOption = None,
        output: Annotated[list[Path] | None, typer.Option(
            "-o", help=".json, .csv, .xlsx or .html (repeatable)")] = None,
    ) -> None:
        """Find listed entities and red-flag surveillance requirements in documents."""
        from rightscreen.extract.read_ahead import ReadAhead, claim_early

        # Workers start reading large PDFs first: the lists and automata load meanwhile. The
        # `rightscreen` command started them before it imported the command line (cli.run).
        with claim_early(paths) or ReadAhead(paths) as ahead:
            from rightscreen.screening.documents import DocumentScreener

            snapshot = _snapshot(ctx, list_paths)
            # The automata (40,000 patterns) are made with the collector paused, and kept:
            # its first pass after would walk them all (0.02 s).
            with no_collection():
                screener = DocumentScreener.from_snapshot(snapshot)
                _lasting()
            progress = ((lambda it: track(list(it), description="reading", console=err))
                        if err.is_terminal else None)
            result = screener.screen_paths(paths, progress=progress, ahead=ahead)
        envelope = result.to_dict()
        summary = envelope["summary"]
        table = RichTable(title="Findings")
        for column in ("file", "page", "line", "what", "term", "English", "sentence"):
            table.add_column(column, overflow="fold")
        shown = TABLE_ROWS_WITH_FILE if output else TABLE_ROWS
        for finding in result.findings[:shown]:
            what = (f"listed: {finding.name}" if finding.kind == "entity"
                    else f"{finding.severity}: {finding.category}")
            table.add_row(Path(finding.path).name, str(finding.page), str(finding.line), what,
                          finding.term, finding.gloss or "", finding.snippet[:160])
        out.print(table)
        if len(result.findings) > shown:
            out.print(f"… the first {shown} of {len(result.findings)} findings shown; every one is "
                      "in the output (-o)")
        out.print(f"{summary['documents']} documents, {summary['pages']} pages: "
                  f"{summary['entity_findings']} entity mentions, "
                  f"{summary['red_flag_findings']} red flags")
        for document in result.documents:
            if document.status != "ok":
                err.print(f"[yellow]{document.status}[/]: {document.path}"
                          + (f" ({document.message})" if document.message else ""))
        for target in output or []:
            write_report(envelope, target)
            out.print(f"written: {target}")
        # Freed by the process's exit (`cli.run` ends with os._exit) rather than an object at a
        # time on return: 0.05 s for the automata and 21,000 findings. The last run's only.
        _LAST_RUN[:] = [snapshot, screener, result, envelope]


    @app.command()
    def devices(
        ctx: typer.Context,
        paths: Annotated[list[Path], typer.Argument(
            metavar="INVENTORY...",
            help="Asset CSV/XLSX, nmap XML, dhcpd.leases, arp or ip neigh.")],
        list_paths: ListOption = None,
        output: Annotated[list[Path] | None, typer.Option(
            "-o", help=".json, .csv, .xlsx or .html (repeatable)")] = None,
    ) -> None:
        """Covered equipment (NDAA s.889, FCC Covered List) by MAC, name, brand, model, banner."""
        from rightscreen.screening.devices import DeviceScreener

        snapshot = _snapshot(ctx, list_paths)
        envelope = DeviceScreener(_screener(snapshot), snapshot.infos).screen_paths(paths)
        table = RichTable(title="Devices covered or to review")
        for column in ("where", "device", "verdict", "manufacturer", "evidence"):
            table.add_column(column, overflow="fold")
        for result in envelope["results"]:
            if result["verdict"] == "clear":
                continue
            device = result["device"]
            name = device.get("hostname") or device.get("mac") or device.get("ip") or ""
            maker = result["manufacturer"]
            table.add_row(escape(f"{Path(result['file']).name}:{result['row']}"), escape(name),
                          result["verdict"], escape(maker["name"]) if maker else "",
                          escape("; ".join(f"{e['kind']}: {e['value']}"
                                           for e in result["evidence"][:4])))
        out.print(table)
        counts = envelope["summary"]["by_verdict"]
        out.print(f"{envelope['devices_read']} devices: {counts['covered']} covered, "
                  f"{counts['review']} to review, {counts['clear']} clear")
        for problem in envelope["problems"][:50]:
            err.print(f"[yellow]warning[/]: {escape(problem['file'])}"
                      + (f", row {problem['row']}" if problem["row"] else "")
                      + f": {escape(problem['message'])}", soft_wrap=True)
        for target in output or []:
            write_report(envelope, target)
            out.print(f"written: {target}")


    @app.command()
    def portfolio(
        ctx: typer.Context,
        holdings: Annotated[Path, typer.Argument(help="CSV/XLSX, iShares CSV, N-PORT or 13F XML.")],
        fund: Annotated[list[str] | None, typer.Option(
            "--fund", help="IDENT=FILE: the holdings of a fund held (repeatable); or a folder of "
                           "files named by identifier.")] = None,
        list_paths: ListOption = None,
        threshold: Annotated[float, typer.Option(help="Lowest name-match score.")] = 0.85,
        output: Annotated[list[Path] | None, typer.Option(
            "-o", help=".json, .csv, .xlsx or .html (repeatable)")] = None,
    ) -> None:
        """Exposure of a portfolio, through its funds, to listed firms, with the path."""
        from rightscreen.screening.portfolio import FundFiles, PortfolioScreener

        funds = FundFiles()
        for item in fund or []:
            if "=" in item:
                ident, file = item.split("=", 1)
                funds.add(ident, Path(file))
            elif Path(item).is_dir():
                funds.add_folder(Path(item))
            else:
                raise UsageError(f"--fund takes IDENT=FILE or a folder, not {item!r}")
        snapshot = _snapshot(ctx, list_paths)
        screener = PortfolioScreener(_screener(snapshot), snapshot.infos, funds,
                                     threshold=threshold)
        envelope = screener.screen(holdings)
        total = envelope["total_value"]
        table = RichTable(title=f"Exposure of {holdings.name} (total {total:,.2f})")
        for column in ("firm", "lists", "value", "share", "through", "evidence"):
            table.add_column(column, overflow="fold")
        for exposure in envelope["exposures"]:
            first = exposure["paths"][0]
            through = " > ".join(first["via"]) or "held directly"
            table.add_row(exposure["name"], ", ".join(exposure["lists"]),
                          f"{exposure['value']:,.2f}",
                          f"{(exposure['share'] or 0) * 100:.3f}%",
                          through + (f" (+{len(exposure['paths']) - 1} more)"
                                     if len(exposure["paths"]) > 1 else ""),
                          f"{first['match']['by']}: {first['match']['detail']}")
        out.print(table)
        for flag in envelope["ownership_flags"]:
            share = f"{flag['share'] * 100:.0f}%" if flag["share"] is not None else "a stake"
            owners = ", ".join(flag["owner_lists"])
            out.print(f"[yellow]ownership[/]: {flag['owner_name']} ({owners}) holds {share} of "
                      f"{flag['owned_name']}: {flag['note']}")
        out.print("coverage: " + ", ".join(f"{k} {v:,.2f}"
                                           for k, v in envelope["coverage"].items()))
        for problem in envelope["problems"][:50]:
            err.print(f"[yellow]warning[/]: {problem['file']}"
                      + (f", row {problem['row']}" if problem["row"] else "")
                      + f": {problem['message']}")
        for target in output or []:
            write_report(envelope, target)
            out.print(f"written: {target}")
