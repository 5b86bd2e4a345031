"""yente-compatible reading routes: /match, /search, /entities, /catalog.

Each route parses, calls the screener, and shapes the answer as yente does (see the README's
notes for the fields that differ)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from rightscreen.api.auth import require
from rightscreen.api.errors import ApiProblem
from rightscreen.api.ftm import MATCHABLE, entity_response, example_queries, scored_response
from rightscreen.api.state import AppState, state_of
from rightscreen.matching.screener import Hit
from rightscreen.matching.screener import Query as ScreenQuery
from rightscreen.store.users import User

router = APIRouter(tags=["Matching"])
Analyst = Annotated[User, Depends(require("analyst"))]


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    id: str | None = None
    schema_: str = Field(alias="schema", examples=["Company"])
    properties: dict[str, list[str] | str] = Field(
        examples=[{"name": ["Hangzhou Hikvision"], "country": ["cn"]}])

    def values(self) -> dict[str, list[str]]:
        return {k: [v] if isinstance(v, str) else list(v) for k, v in self.properties.items()}


class MatchRequest(BaseModel):
    queries: dict[str, EntityExample]
    # Accepted for yente clients and ignored: our weights live in MatchConfig.
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)


def _dataset(state: AppState, dataset: str) -> str | None:
    """None for every list ("default"); a list id; 404 otherwise."""
    if dataset == "default":
        return None
    if dataset not in state.dataset_ids:
        raise ApiProblem(404, f"no such dataset: {dataset[:100]!r}; see /catalog")
    return dataset


def _check_example(state: AppState, name: str, example: EntityExample) -> dict[str, list[str]]:
    if example.schema_ not in MATCHABLE:
        raise ApiProblem(400, f"query {name[:100]!r}: schema must be one of "
                              f"{', '.join(MATCHABLE)}")
    values = example.values()
    limit = state.settings.max_value_chars
    if any(len(v) > limit for vs in values.values() for v in vs):
        raise ApiProblem(400, f"query {name[:100]!r}: a value is over {limit} characters")
    return values


def screen_hits(state: AppState, queries: list[ScreenQuery], *, schema: str, dataset: str | None,
            cutoff: float) -> list[Hit]:
    """Hits of every name of one example, best per entity, filtered by schema and list."""
    best: dict[str, Hit] = {}
    for query in queries:
        for hit in state.matcher.screen(query, threshold=cutoff):
            if dataset is not None and dataset not in hit.lists:
                continue
            if state.matcher.entity(hit.entity_id)[1].schema not in MATCHABLE[schema]:
                continue
            if hit.entity_id not in best or hit.score > best[hit.entity_id].score:
                best[hit.entity_id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.entity_id))


def scored_results(state: AppState, hits: list[Hit], *, threshold: float) -> list[dict[str, Any]]:
    return [scored_response(state.matcher.entity(h.entity_id)[1], h, threshold=threshold)
            for h in hits]


@router.post("/match/{dataset}", summary="Match entities by example (yente-compatible)")
def match(
    request: Request, response: Response, body: MatchRequest, dataset: str, user: Analyst,
    limit: Annotated[int | None, Query(ge=1, description="results per query")] = None,
    threshold: Annotated[float | None, Query(ge=0, le=1, description=(
        "score from which a result is a match (default: the screener's, 0.7)"))] = None,
    cutoff: Annotated[float | None, Query(ge=0, le=1, description=(
        "lowest score returned at all (default and ceiling: threshold)"))] = None,
) -> dict[str, Any]:
    """A batch of query entities (at most `max_batch`, 100 by default), each answered with
    its best results, a score, whether it is a match, and why."""
    state = state_of(request)
    settings = state.settings
    chosen = _dataset(state, dataset)
    if not body.queries:
        raise ApiProblem(400, "no queries given")
    if len(body.queries) > settings.max_batch:
        raise ApiProblem(400, f"too many queries in one batch (limit: {settings.max_batch})")
    limit = settings.default_limit if limit is None else limit
    if limit > settings.max_limit:
        raise ApiProblem(400, f"limit is at most {settings.max_limit}")
    threshold = state.screener.threshold if threshold is None else threshold
    cutoff = threshold if cutoff is None else min(cutoff, threshold)
    checked = {name: _check_example(state, name, ex) for name, ex in body.queries.items()}
    responses = {}
    for name, example in body.queries.items():
        queries = example_queries(example.schema_, checked[name])
        if not queries:
            raise ApiProblem(400, f"query {name[:100]!r} has no name")
        hits = screen_hits(state, queries, schema=example.schema_, dataset=chosen, cutoff=cutoff)
        responses[name] = {
            "status": 200, "results": scored_results(state, hits[:limit], threshold=threshold),
            "total": {"value": len(hits),
                      "relation": "gte" if len(hits) >= settings.max_limit else "eq"},
            "query": {"id": example.id, "schema": example.schema_,
                      "properties": checked[name]}}
    response.headers["x-batch-size"] = str(len(responses))
    return {"responses": responses, "limit": limit}


@router.get("/search/{dataset}", summary="Search by name")
def search(
    request: Request, dataset: str, user: Analyst,
    q: Annotated[str, Query(min_length=1, max_length=1000)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    countries: Annotated[str | None, Query(max_length=8)] = None,
    threshold: Annotated[float | None, Query(ge=0, le=1)] = None,
) -> dict[str, Any]:
    """A name in any script (Chinese, pinyin, Latin) to its best hits, with explanations."""
    state = state_of(request)
    chosen = _dataset(state, dataset)
    threshold = state.screener.threshold if threshold is None else threshold
    hits = screen_hits(state, [ScreenQuery(" ".join(q.split()), countries)], schema="Thing",
                   dataset=chosen, cutoff=threshold)
    return {"results": scored_results(state, hits[:limit], threshold=threshold),
            "total": {"value": len(hits), "relation": "eq"}, "limit": limit, "offset": 0,
            "facets": {}}


@router.get("/entities/{entity_id}", summary="One listed entity")
def entity(request: Request, entity_id: str, user: Analyst) -> dict[str, Any]:
    state = state_of(request)
    try:
        found = state.screener.entity(entity_id)[1]
    except KeyError:
        raise ApiProblem(404, "no such entity") from None
    return entity_response(found)


@router.get("/catalog", summary="The loaded lists and their versions")
def catalog(request: Request, user: Analyst) -> dict[str, Any]:
    state = state_of(request)
    datasets = [{"name": i.id, "title": i.title, "version": i.date, "sha256": i.sha256,
                 "entity_count": i.entities, "format": i.format, "type": "source"}
                for i in state.snapshot.infos]
    everything = {"name": "default", "title": "Every loaded list", "type": "collection",
                  "children": [d["name"] for d in datasets],
                  "entity_count": sum(i.entities for i in state.snapshot.infos)}
    names = ["default", *(d["name"] for d in datasets)]
    return {"datasets": [everything, *datasets], "current": names, "outdated": [],
            "index_stale": False}
