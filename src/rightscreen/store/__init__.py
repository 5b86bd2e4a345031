"""The case store: runs, alerts that remember their decisions, and an audit trail that proves
itself. Front-ends and shells call it; it never calls them."""

from rightscreen.store.audit import Verification
from rightscreen.store.cases import Store
from rightscreen.store.records import (
    DECISIONS,
    STATUSES,
    AlertState,
    Finding,
    RunRecord,
    ScreenedSubject,
)

__all__ = ["DECISIONS", "STATUSES", "AlertState", "Finding", "RunRecord", "ScreenedSubject",
           "Store", "Verification"]
