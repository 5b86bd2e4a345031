"""The API's settings, declared once with the reason for each default; passed in, never read
from the environment at import."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ApiSettings:
    # An uploaded file: the largest vendor and holdings files seen are a few MB; tender
    # bundles can be large, so a reader given more still applies its own limits after this.
    max_upload_bytes: int = 64 * MIB
    # Any other request body: a /match batch of 100 queries is ~20 KB.
    max_body_bytes: int = 1 * MIB
    # Queries in one /match batch (yente's default MAX_BATCH): a batch is answered in one
    # request, so its size bounds how long one caller holds a worker.
    max_batch: int = 100
    # Characters of one name or property value in a /match query: the longest listed name
    # is ~300 characters; a megabyte-long "name" would only cost normalisation time.
    max_value_chars: int = 1_000
    # Results per /match query when the caller does not say: yente's default.
    default_limit: int = 5
    # The most a caller may ask for: every result carries its explanation and sources, so
    # yente's 500 would make one answer megabytes long; nobody reviews 50 hits of one name.
    max_limit: int = 50
    # Requests per minute per key (a token bucket of this size, refilled evenly): an analyst
    # clicks far below it; an integration should batch its /match queries.
    rate_per_minute: int = 600
    # Failed sign-ins per minute per client address before it must wait.
    failed_auth_per_minute: int = 30
    # How long a verified key is remembered, so that scrypt runs once per key per window
    # rather than on every request. The user's row is still read on every request, so that
    # disabling a user (API or command line) stops its key at once.
    key_cache_seconds: float = 30.0
    # A web session's life without use.
    session_minutes: int = 480
    # Mark the session cookie Secure: on whenever the UI is reached over HTTPS (behind a
    # proxy); off for plain HTTP on loopback, where browsers would drop a Secure cookie.
    secure_cookies: bool = False
    # Jobs screened at once: screening is CPU-bound and the matcher holds the GIL, so one
    # worker keeps /match answering while a file is screened.
    job_workers: int = 1
