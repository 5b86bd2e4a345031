"""The work queue, decisions and the audit trail over HTTP, with the store's semantics: a
decision holds for the content it was taken on, and every change is on the trail."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from rightscreen.api.auth import require
from rightscreen.api.errors import ApiProblem
from rightscreen.api.ftm import entity_response
from rightscreen.api.state import AppState, state_of
from rightscreen.store import DECISIONS, STATUSES
from rightscreen.store.users import User

router = APIRouter(tags=["Alerts"])
Analyst = Annotated[User, Depends(require("analyst"))]
Reviewer = Annotated[User, Depends(require("reviewer"))]


class Decision(BaseModel):
    decision: str = Field(description=" | ".join(DECISIONS))
    reason: str = Field(min_length=1, max_length=10_000)


class BatchDecision(Decision):
    alert_ids: list[int] = Field(min_length=1, max_length=1_000)


@router.get("/alerts", summary="The work queue")
def alerts(request: Request, user: Analyst,
           status: Annotated[str, Query(description=f"{' | '.join(STATUSES)} | all")] = "all",
           limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
           offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    rows = state_of(request).store.alerts(status)
    return {"alerts": rows[offset:offset + limit], "total": len(rows), "limit": limit,
            "offset": offset}


@router.get("/alerts/{alert_id}", summary="One alert with the listed entry's evidence")
def alert(request: Request, alert_id: int, user: Analyst) -> dict[str, Any]:
    return alert_with_evidence(state_of(request), alert_id)


def alert_with_evidence(state: AppState, alert_id: int) -> dict[str, Any]:
    """The alert as the store has it, beside the entry as the loaded lists state it now."""
    found = state.store.alert(alert_id)
    if found is None:
        raise ApiProblem(404, "no such alert")
    try:
        entry: dict[str, Any] | None = entity_response(
            state.screener.entity(found["entity_id"])[1])
    except KeyError:
        entry = None  # delisted, or screened against other lists than these
    return found | {"entry": entry, "proposals": state.store.proposals(alert_id)}


@router.post("/alerts/{alert_id}/decision", summary="Decide one alert")
def decide_one(request: Request, alert_id: int, body: Decision,
               user: Reviewer) -> dict[str, Any]:
    state = state_of(request)
    alert_with_evidence(state, alert_id)  # 404 before anything is written
    return {"decisions": state.store.decide([alert_id], decision=body.decision,
                                            reason=body.reason, by=user.name)}


@router.post("/alerts/{alert_id}/proposal",
             summary="Propose a decision on one alert (analysts); a reviewer decides")
def propose_one(request: Request, alert_id: int, body: Decision,
                user: Analyst) -> dict[str, Any]:
    state = state_of(request)
    alert_with_evidence(state, alert_id)
    return {"proposal": state.store.propose(alert_id, decision=body.decision,
                                            reason=body.reason, by=user.name)}


@router.post("/alerts/decisions", summary="Decide several alerts at once, all or none")
def decide_many(request: Request, body: BatchDecision, user: Reviewer) -> dict[str, Any]:
    return {"decisions": state_of(request).store.decide(
        body.alert_ids, decision=body.decision, reason=body.reason, by=user.name)}


@router.get("/audit", summary="The audit trail, oldest first")
def audit(request: Request, user: Analyst,
          limit: Annotated[int, Query(ge=1, le=10_000)] = 1_000,
          offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    records = state_of(request).store.audit_trail(limit=offset + limit)
    return {"records": records[offset:], "limit": limit, "offset": offset}


@router.get("/audit/verify", summary="Check the audit trail's hash chain")
def verify(request: Request, user: Analyst) -> dict[str, Any]:
    result = state_of(request).store.verify()
    return {"ok": result.ok, "records": result.records, "broken": result.broken}
