"""The web UI's tests use the API's fixtures: the app on the fixture lists and a real store."""

from tests.api.conftest import app, client, keys, store

__all__ = ["app", "client", "keys", "store"]
