"""Options and limits shared by the command line's modules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ListOption = Annotated[list[Path] | None, typer.Option(
    "--list", "-l", help="List file or folder (repeatable); default: the built-in snapshot, "
                         "with the newest versions fetched by `lists update`.")]

# Rows with hits drawn in the terminal: a table of thousands is read in the output file.
TABLE_ROWS = 200
# With an output file, the terminal shows only the first rows: the file holds them all, and
# drawing hundreds of table rows costs more than screening a few thousand names.
TABLE_ROWS_WITH_FILE = 20
