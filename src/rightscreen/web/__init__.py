"""The analysts' web UI: server-rendered pages over the same library calls as the API, every
asset served from the package."""
