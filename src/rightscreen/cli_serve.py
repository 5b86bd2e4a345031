"""The commands of the HTTP API: `serve` runs it, `users` manages who may call it.
A thin shell over `rightscreen.api` and `rightscreen.store.users`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from rightscreen.cli_cases import StoreOption
from rightscreen.errors import UsageError

ROLE_HELP = "analyst|reviewer|admin"  # spelled out so that --help does not load the store

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def register(app: typer.Typer, out: Console, err: Console) -> None:
    """Add `serve` and `users` to the command line."""
    users_app = typer.Typer(help="People and systems that may call the HTTP API.",
                            no_args_is_help=True)
    app.add_typer(users_app, name="users")

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        store: StoreOption = None,
        list_paths: Annotated[list[Path] | None, typer.Option(
            "--list", "-l", help="List file or folder (repeatable); default: the built-in "
                                 "snapshot.")] = None,
        rate_limit: Annotated[int, typer.Option(
            help="Requests per minute per key.")] = 600,
        max_upload_mb: Annotated[int, typer.Option(help="Largest upload, in MiB.")] = 64,
        secure_cookies: Annotated[bool, typer.Option(
            help="Mark the session cookie Secure (when served over HTTPS).")] = False,
    ) -> None:
        """Serve the HTTP API (yente-compatible /match) and the web UI for analysts."""
        import uvicorn

        from rightscreen.api import ApiSettings, create_app

        if rate_limit < 1 or max_upload_mb < 1:
            raise UsageError("--rate-limit and --max-upload-mb must be at least 1")
        if host not in LOOPBACK and not secure_cookies:
            err.print(f"[yellow]warning[/]: serving on {escape(host)} over plain HTTP; put it "
                      "behind TLS and pass --secure-cookies")
        settings = ApiSettings(rate_per_minute=rate_limit,
                               max_upload_bytes=max_upload_mb * 1024 * 1024,
                               secure_cookies=secure_cookies)
        err.print("loading lists and building the index…")
        application = create_app(store=store, list_paths=list_paths or None, settings=settings)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        out.print(f"rightscreen on http://{host}:{port}/ (docs at /docs)")
        # The access log names method, path and status; keys travel in a header it never shows.
        uvicorn.run(application, host=host, port=port, log_level="info",
                    proxy_headers=False, server_header=False)

    @users_app.command("add")
    def users_add(
        name: Annotated[str, typer.Argument(help="Who: a person or a system.")],
        role: Annotated[str, typer.Option(help=ROLE_HELP)],
        store: StoreOption = None,
    ) -> None:
        """Add a user; its API key is printed on the last line, once, and never kept."""
        from rightscreen.store import Store
        from rightscreen.store.users import add_user

        user, key = add_user(Store.open(store), name, role)
        out.print(f"user {escape(user.name)} added as {user.role}; the key below is shown "
                  "once and cannot be shown again:")
        out.print(key, markup=False, highlight=False, soft_wrap=True)

    @users_app.command("list")
    def users_list(store: StoreOption = None) -> None:
        """The users, enabled and disabled."""
        from rightscreen.store import Store
        from rightscreen.store.users import list_users

        table = RichTable(title="Users")
        for column in ("name", "role", "created", "disabled"):
            table.add_column(column)
        for user in list_users(Store.open(store)):
            table.add_row(escape(user.name), user.role, user.created_at[:19],
                          (user.disabled_at or "")[:19])
        out.print(table)

    @users_app.command("disable")
    def users_disable(
        name: Annotated[str, typer.Argument()],
        by: Annotated[str, typer.Option(help="Who disables the user.")] = "command line",
        store: StoreOption = None,
    ) -> None:
        """Disable a user: its key stops working at once, on a running server too."""
        from rightscreen.store import Store
        from rightscreen.store.users import disable_user

        user = disable_user(Store.open(store), name, by=by)
        out.print(f"user {escape(user.name)} disabled at {user.disabled_at}")
