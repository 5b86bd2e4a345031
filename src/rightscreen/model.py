"""The entities of restricted-party lists, and where every fact about them came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Schemas follow FollowTheMoney's names so that FtM data maps without a table.
SCHEMAS = ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Airplane")


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One list entry that an entity rests on: which list, program, date and line of which file."""

    list_id: str
    entry_id: str
    program: str | None = None
    listed: str | None = None
    federal_register: str | None = None
    file: str | None = None
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in _asdict(self).items() if v is not None}


@dataclass(frozen=True, slots=True)
class Identifier:
    """A registry or market identifier: scheme is one of isin, uscc, ticker, lei, inn, ogrn,
    imo, passport, national_id, dob, or another lower-case word for other numbers."""

    scheme: str
    value: str
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in _asdict(self).items() if v is not None}


@dataclass(frozen=True, slots=True)
class Name:
    """A name of an entity with its origin: `list` for the list file, or the supplement's source."""

    value: str
    kind: str = "alias"  # primary, alias, former, legal, short, brand, pinyin, traditional
    origin: str = "list"

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)


@dataclass(frozen=True, slots=True)
class OwnershipLink:
    """A stake of `owner` in `owned`, both supplement or entity ids, valid between its dates."""

    owner: str
    owned: str
    share: float | None
    start: str | None = None
    end: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in _asdict(self).items() if v is not None}


@dataclass(slots=True)
class Entity:
    """One listed party as one list states it, enriched by the curated supplement."""

    id: str
    schema: str
    names: list[Name]
    sources: list[SourceRef]
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    remarks: str | None = None
    # The curated subject this entity was recognised as (e.g. "hikvision"), if any.
    subject: str | None = None

    @property
    def name(self) -> str:
        return self.names[0].value

    @property
    def lists(self) -> list[str]:
        return sorted({s.list_id for s in self.sources})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "schema": self.schema,
            "names": [n.to_dict() for n in self.names],
            "sources": [s.to_dict() for s in self.sources],
        }
        if self.countries:
            out["countries"] = self.countries
        if self.identifiers:
            out["identifiers"] = [i.to_dict() for i in self.identifiers]
        if self.addresses:
            out["addresses"] = self.addresses
        if self.remarks:
            out["remarks"] = self.remarks
        if self.subject:
            out["subject"] = self.subject
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            id=data["id"],
            schema=data["schema"],
            names=[Name(**n) for n in data["names"]],
            sources=[SourceRef(**s) for s in data["sources"]],
            countries=list(data.get("countries", [])),
            identifiers=[Identifier(**i) for i in data.get("identifiers", [])],
            addresses=list(data.get("addresses", [])),
            remarks=data.get("remarks"),
            subject=data.get("subject"),
        )

    def add_name(self, value: str, kind: str = "alias", origin: str = "list") -> None:
        value = " ".join(value.split())
        if value and all(n.value != value for n in self.names):
            self.names.append(Name(value, kind, origin))

    def add_identifier(self, ident: Identifier) -> None:
        if all((i.scheme, i.value) != (ident.scheme, ident.value) for i in self.identifiers):
            self.identifiers.append(ident)


@dataclass(frozen=True, slots=True)
class ListInfo:
    """The version of one list: what every output names so that a result can be reproduced."""

    id: str
    title: str
    date: str | None
    sha256: str
    entities: int
    files: tuple[str, ...] = ()
    format: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "sha256": self.sha256,
            "entities": self.entities,
            "format": self.format,
            "files": list(self.files),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ListInfo:
        return cls(
            id=data["id"],
            title=data["title"],
            date=data.get("date"),
            sha256=data["sha256"],
            entities=int(data["entities"]),
            files=tuple(data.get("files", ())),
            format=data.get("format", ""),
        )


@dataclass(slots=True)
class RowProblem:
    """A row that could not be read: reported, never dropped in silence."""

    file: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row is not None else self.file
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "message": self.message}


@dataclass(slots=True)
class ListSnapshot:
    """One list's entities with its version, and the rows that could not be read."""

    info: ListInfo
    entities: list[Entity]
    problems: list[RowProblem] = field(default_factory=list)


def _asdict(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}
