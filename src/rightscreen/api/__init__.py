"""The HTTP API: a thin shell over the same library calls as the command line.

`create_app(...)` builds the FastAPI application; `rightscreen serve` runs it on uvicorn."""

from rightscreen.api.app import create_app
from rightscreen.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]
