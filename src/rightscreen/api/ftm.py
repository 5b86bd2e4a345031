"""FollowTheMoney's shapes at the edge: a yente query example to our queries, our entities and
hits to yente's result objects. The property names are FtM's; the mapping is data."""

from __future__ import annotations

import re
from typing import Any

from rightscreen.matching.screener import Hit, Query
from rightscreen.model import Entity

# Query schemas we answer, and the listed schemas each may match: a company is never a
# person; a vessel only a vessel. "Thing" and "LegalEntity" match every party.
MATCHABLE: dict[str, frozenset[str]] = {
    "Thing": frozenset({"Person", "Company", "Organization", "LegalEntity", "Vessel",
                        "Airplane"}),
    "LegalEntity": frozenset({"Person", "Company", "Organization", "LegalEntity"}),
    "Person": frozenset({"Person", "LegalEntity"}),
    "Company": frozenset({"Company", "Organization", "LegalEntity"}),
    "Organization": frozenset({"Company", "Organization", "LegalEntity"}),
    "PublicBody": frozenset({"Organization", "LegalEntity"}),
    "Vessel": frozenset({"Vessel"}),
    "Airplane": frozenset({"Airplane"}),
}
NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName")
COUNTRY_PROPERTIES = ("country", "jurisdiction", "mainCountry", "nationality", "citizenship")
# FtM identifier properties -> our identifier schemes (rightscreen.identifiers).
IDENTIFIER_PROPERTIES = {"isinCode": "isin", "leiCode": "lei", "ticker": "ticker",
                         "innCode": "inn", "ogrnCode": "ogrn", "imoNumber": "imo",
                         "swiftBic": "swift", "uniformSocialCreditCode": "uscc"}
# A Chinese Unified Social Credit Code sent as a registration or tax number.
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
# Our identifier schemes -> FtM properties, for the entities we answer with.
SCHEME_PROPERTIES = {"isin": "isinCode", "lei": "leiCode", "ticker": "ticker",
                     "uscc": "registrationNumber", "inn": "innCode", "ogrn": "ogrnCode",
                     "imo": "imoNumber", "swift": "swiftBic", "dob": "birthDate",
                     "passport": "passportNumber", "national_id": "idNumber"}


def example_queries(schema: str, properties: dict[str, list[str]]) -> list[Query]:
    """One query per name of the example, each with the example's evidence."""
    identifiers = {scheme: values[0] for prop, scheme in IDENTIFIER_PROPERTIES.items()
                   if (values := properties.get(prop))}
    for prop in ("registrationNumber", "taxNumber"):
        for value in properties.get(prop, []):
            if _USCC.match(value.strip().upper()):
                identifiers.setdefault("uscc", value.strip().upper())
    country = next((v for p in COUNTRY_PROPERTIES for v in properties.get(p, [])), None)
    person = schema == "Person"
    birth = next(iter(properties.get("birthDate", [])), None) if person else None
    nationality = next((v for p in ("nationality", "citizenship")
                        for v in properties.get(p, [])), None) if person else None
    names = list(dict.fromkeys(" ".join(v.split()) for p in NAME_PROPERTIES
                               for v in properties.get(p, []) if v.strip()))
    return [Query(name, country, dict(identifiers), birth_date=birth, nationality=nationality)
            for name in names]


def entity_properties(entity: Entity) -> dict[str, list[str]]:
    """What the lists say of an entity, under FtM property names."""
    props: dict[str, list[str]] = {"name": [entity.name]}
    for name in entity.names[1:]:
        prop = "previousName" if name.kind == "former" else "alias"
        props.setdefault(prop, []).append(name.value)
    if entity.countries:
        props["country"] = list(entity.countries)
    for ident in entity.identifiers:
        prop = SCHEME_PROPERTIES.get(ident.scheme, "registrationNumber")
        if ident.value not in props.get(prop, []):
            props.setdefault(prop, []).append(ident.value)
    if entity.addresses:
        props["address"] = list(entity.addresses)
    if entity.remarks:
        props["notes"] = [entity.remarks]
    programs = sorted({s.program for s in entity.sources if s.program})
    if programs:
        props["program"] = programs
    listed = sorted({s.listed for s in entity.sources if s.listed})
    if listed:
        props["listingDate"] = listed
    return props


def entity_response(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "caption": entity.name, "schema": entity.schema,
            "properties": entity_properties(entity), "datasets": entity.lists,
            "referents": [], "target": True,
            "sources": [s.to_dict() for s in entity.sources]}


def scored_response(entity: Entity, hit: Hit, *, threshold: float) -> dict[str, Any]:
    """yente's ScoredEntityResponse, with our explanation and sources beside it."""
    data = hit.to_dict()
    features: dict[str, float] = {}
    explanations: dict[str, dict[str, Any]] = {}
    for feature in data.get("features", []):
        name = str(feature["feature"])
        # A feature can fire more than once (one per pair of words): keep its strongest
        # factor, and every sentence.
        features[name] = max(features.get(name, 0.0), float(feature["factor"]))
        entry = explanations.setdefault(name, {"score": 0.0, "explanation": ""})
        entry["score"] = features[name]
        entry["explanation"] = "; ".join(filter(None, [entry["explanation"],
                                                       str(feature["detail"])]))
    out = entity_response(entity)
    out.update({"datasets": data["lists"], "referents": data.get("related_entities", []),
                "score": round(float(data["score"]), 4), "match": data["score"] >= threshold,
                "features": features, "explanations": explanations,
                "explanation": data["explanation"], "matched_name": data["matched_name"],
                "sources": data["sources"]})
    return out
