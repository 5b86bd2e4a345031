"""What the store records and returns: screened subjects and their findings, alert states,
runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rightscreen.store.content import canonical

DECISIONS = ("match", "false_positive", "escalate")
STATUSES = ("new", "open", "decided", "reopened", "delisted")


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Finding:
    """One hit of one screened subject, as the store needs it."""

    entity_id: str
    entity_name: str
    lists: list[str]
    score: float
    explanation: list[Any]
    entry: dict[str, Any]  # store.content.entry_content


@dataclass(slots=True)
class ScreenedSubject:
    row: int
    fields: dict[str, str]  # the input's fields: name, id, country, identifiers...
    findings: list[Finding]

    @property
    def key(self) -> str:
        """The input's id where there is one; its name and evidence otherwise."""
        if self.fields.get("id"):
            return f"id:{self.fields['id']}"
        evidence = {k: v for k, v in self.fields.items() if k not in ("name", "id")}
        return "name:" + " ".join(self.fields["name"].casefold().split()) + (
            "|" + canonical(evidence) if evidence else "")


@dataclass(frozen=True, slots=True)
class AlertState:
    id: int
    status: str
    decision: dict[str, Any] | None = None
    change: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "status": self.status, "decision": self.decision}
        if self.change:
            out["change"] = self.change
        return out


@dataclass(slots=True)
class RunRecord:
    id: int
    at: str
    counts: dict[str, int]
    # (input row, entity id) -> the alert's state in this run
    states: dict[tuple[int, str], AlertState] = field(default_factory=dict)
    # Alerts whose status changed in this run: new, newly reopened, delisted.
    changed: list[AlertState] = field(default_factory=list)
