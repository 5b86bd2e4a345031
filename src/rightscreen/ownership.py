"""Ownership along the curated links: which listed owners stand behind an entity, what the
lists' own rules make of their stakes, and which stakes are only flags."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from rightscreen.data import load_yaml
from rightscreen.model import OwnershipLink


@dataclass(frozen=True, slots=True)
class ListRules:
    default: str
    by_list: dict[str, str]
    control_share: float

    def rule(self, list_id: str) -> str:
        return self.by_list.get(list_id, self.default)


@cache
def load_rules() -> ListRules:
    data: dict[str, Any] = load_yaml("list_rules.yaml")
    return ListRules(str(data["default"]), {str(k): str(v) for k, v in data["lists"].items()},
                     float(data["control_share"]))


@dataclass(slots=True)
class OwnershipFinding:
    owner: str
    owned: str
    share: float | None
    owner_lists: list[str]
    counts_as_exposure: list[str]  # lists under whose rule the stake makes the owned covered
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"owner": self.owner, "owned": self.owned, "share": self.share,
                "owner_lists": self.owner_lists, "exposure_under": self.counts_as_exposure,
                "source": self.source,
                "note": ("stake makes the owned entity covered" if self.counts_as_exposure
                         else "minority or unquantified stake by a listed owner: a flag, "
                              "not exposure")}


def valid_on(link: OwnershipLink, day: str | None) -> bool:
    if day is None:
        return True
    return (link.start is None or link.start <= day) and (link.end is None or day <= link.end)


def owners_of(subject: str, links: list[OwnershipLink], lists_of: dict[str, list[str]],
              rules: ListRules, day: str | None) -> list[OwnershipFinding]:
    """Listed owners of `subject`, directly or through owners in between, with what their stakes
    mean under each list's rule. Shares multiply along a chain; a cycle is not followed."""
    findings: list[OwnershipFinding] = []
    aggregate: dict[str, float] = {}

    def walk(owned: str, factor: float | None, seen: frozenset[str]) -> None:
        for link in links:
            if link.owned != owned or link.owner in seen or not valid_on(link, day):
                continue
            share = None if factor is None or link.share is None else factor * link.share
            owner_lists = lists_of.get(link.owner, [])
            if owner_lists:
                findings.append(OwnershipFinding(link.owner, subject, share, owner_lists, [],
                                                 link.source))
                for list_id in owner_lists:
                    if rules.rule(list_id) == "fifty-percent" and share is not None:
                        aggregate[list_id] = aggregate.get(list_id, 0.0) + share
            walk(link.owner, share, seen | {link.owner})

    walk(subject, 1.0, frozenset({subject}))
    covered = [lst for lst, total in aggregate.items() if total >= rules.control_share]
    for finding in findings:
        finding.counts_as_exposure = sorted(set(covered) & set(finding.owner_lists))
    return findings
