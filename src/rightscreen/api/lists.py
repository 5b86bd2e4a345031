"""The lists, for admins: load them again from the files given at start (after `rightscreen
lists update`, say), with the change on the audit trail."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from rightscreen.api.auth import require
from rightscreen.api.state import state_of, swap_lists
from rightscreen.matching.screener import Screener
from rightscreen.snapshot import load_snapshot
from rightscreen.store.users import User

router = APIRouter(tags=["Lists"])
Admin = Annotated[User, Depends(require("admin"))]
_reloading = threading.Lock()  # one reload at a time: each builds a whole index


@router.post("/lists/reload", summary="Load the lists again and serve the new versions")
def reload(request: Request, admin: Admin) -> dict[str, Any]:
    state = state_of(request)
    with _reloading:
        before = {i.id: i.sha256 for i in state.snapshot.infos}
        snapshot = load_snapshot(state.list_paths)
        screener = Screener(snapshot.entities, index=snapshot.name_index(),
                            threshold=state.screener.threshold, config=state.screener.config)
        swap_lists(state, snapshot, screener)
    versions = [{k: v for k, v in i.to_dict().items() if k != "files"} for i in snapshot.infos]
    changed = sorted(i.id for i in snapshot.infos if before.get(i.id) != i.sha256)
    state.store.record_list_update([{"action": "reloaded", "by": admin.name,
                                     "changed": changed, "lists": versions}])
    return {"lists": versions, "changed": changed}
