"""Users and keys, for admins: list, add (the key is in the answer, once), disable."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from rightscreen.api.auth import require
from rightscreen.api.state import state_of
from rightscreen.store.users import ROLES, add_user, disable_user, list_users
from rightscreen.store.users import User as StoredUser

router = APIRouter(tags=["Users"])
Admin = Annotated[StoredUser, Depends(require("admin"))]


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=256)
    role: str = Field(description=" | ".join(ROLES))


@router.get("/users", summary="Every user, enabled or not")
def users(request: Request, admin: Admin) -> dict[str, Any]:
    return {"users": [u.to_dict() for u in list_users(state_of(request).store)]}


@router.post("/users", status_code=201, summary="Add a user; the answer holds its key, once")
def add(request: Request, body: NewUser, admin: Admin) -> dict[str, Any]:
    user, key = add_user(state_of(request).store, body.name, body.role)
    return {"user": user.to_dict(), "key": key}


@router.post("/users/{name}/disable", summary="Disable a user: its key stops working")
def disable(request: Request, name: str, admin: Admin) -> dict[str, Any]:
    state = state_of(request)
    user = disable_user(state.store, name, by=admin.name)
    state.keys.forget_user(user.id)
    return {"user": user.to_dict()}
