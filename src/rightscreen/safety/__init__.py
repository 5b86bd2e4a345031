"""What keeps a hostile or broken file from taking a reader down: limits checked before work,
bounded ZIP inflation, bounded CSV fields and JSON nesting, and recognising what a file really
is from its first bytes."""

from rightscreen.safety.content import ContentKind, refuse_foreign, sniff_content
from rightscreen.safety.limits import DEFAULT_LIMITS, Limits
from rightscreen.safety.records import csv_records, load_json
from rightscreen.safety.zipcheck import (
    check_archive,
    open_checked_zip,
    refuse_overlapping_members,
)

__all__ = [
    "DEFAULT_LIMITS",
    "ContentKind",
    "Limits",
    "check_archive",
    "csv_records",
    "load_json",
    "open_checked_zip",
    "refuse_foreign",
    "refuse_overlapping_members",
    "sniff_content",
]
