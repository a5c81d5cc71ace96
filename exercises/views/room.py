"""The room view: a read-only screen for a projector, for the table and invited observers.

The page polls its live fragment; the fragment answers 204 when nothing has changed since
the version the page holds, so the projector only redraws when the story moves on.
"""

import hashlib

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from scenarios.reports.wording import clock

from .. import sessions
from ..choices import kind_label
from ..room_story import room_story
from ..models import TabletopSession
from .tabletop import _watchable, answers_when_unreadable


def _room_context(session, user) -> dict:
    state = sessions.state(session)
    return {
        "session": session, "clock": clock(state.minutes), "deciding": _deciding(session, state),
        "held": state.held,
        "forum": (state.situation or {}).get("public_forum") or {"threads": []},
        "story": room_story(state.records),
        "version": _version(session, state),
    }


def _deciding(session, state) -> dict | None:
    """Who the table waits for, in plain words; never what their situation shows them."""
    if state.pending is None:
        return None
    person = sessions.holder(session, state.pending.actor)
    return {"name": person.shown_name if person else state.pending.actor,
            "what": kind_label(state.pending.kind)}


def _version(session, state) -> str:
    pending = state.pending.id if state.pending else ""
    text = f"{session.status}|{len(state.records)}|{state.minutes}|{pending}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@login_required
@answers_when_unreadable
def room(request, pk):
    session = _watchable(request, pk)
    return render(request, "exercises/room.html", _room_context(session, request.user))


@login_required
def room_live(request, pk):
    session = _watchable(request, pk)
    try:
        context = _room_context(session, request.user)
    except sessions.SessionUnreadable as broken:
        return render(request, "exercises/_room_unreadable.html", {"problem": str(broken)})
    if request.GET.get("since") == context["version"]:
        return HttpResponse(status=204)
    return render(request, "exercises/_room_live.html", context)
