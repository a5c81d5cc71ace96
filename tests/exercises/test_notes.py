"""The facilitator's notes: kept at the simulated minute, listed in time order, refused
once the session has ended (the report is final then)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from exercises import sessions
from exercises.models import FacilitatorNote

from .conftest import client_for, engine_db, start_session


def _note(principal, session, text):
    return client_for(principal).post(reverse("exercises:add_note", args=[session.pk]),
                                      {"text": text})


def _run_to(facilitator, session, minute):
    client_for(facilitator).post(reverse("exercises:run_to", args=[session.pk]),
                                 {"minute": minute})


@engine_db
def test_notes_are_kept_at_the_simulated_minute_in_time_order(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    assert _note(facilitator, session, "  Table hesitates over the agent's answer.  "
                 ).status_code == 302
    _run_to(facilitator, session, 25)
    assert _note(facilitator, session, "Ravi's team never saw the answer.").status_code == 302
    assert list(FacilitatorNote.objects.values_list("at_minutes", "text")) == [
        (0.0, "Table hesitates over the agent's answer."),
        (25.0, "Ravi's team never saw the answer.")]
    page = client_for(facilitator).get(
        reverse("exercises:console", args=[session.pk])).content.decode()
    first = page.index("Table hesitates over the agent&#x27;s answer.")
    assert first < page.index("Ravi&#x27;s team never saw the answer.")
    assert "T+00:25" in page


@engine_db
@pytest.mark.parametrize("text", ["", "   ", "x" * 1001])
def test_an_empty_or_overlong_note_is_refused(facilitator, player, text):
    session = start_session(facilitator, {"priya": player})
    response = _note(facilitator, session, text)
    assert response.status_code == 400
    assert not FacilitatorNote.objects.exists()


@engine_db
def test_only_the_facilitator_keeps_notes(facilitator, player, outsider, client):
    session = start_session(facilitator, {"priya": player})
    assert _note(player, session, "mine").status_code == 403
    assert _note(outsider, session, "mine").status_code == 403
    url = reverse("exercises:add_note", args=[session.pk])
    anonymous = client.post(url, {"text": "mine"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(facilitator).get(url).status_code == 405
    with pytest.raises(PermissionDenied):
        sessions.add_note(session, player, "mine")
    assert not FacilitatorNote.objects.exists()


def test_a_missing_session_takes_no_note(facilitator):
    assert _note(facilitator, type("Missing", (), {"pk": 999}), "x").status_code == 404


@engine_db
def test_an_ended_session_takes_no_note(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    client_for(facilitator).post(reverse("exercises:end", args=[session.pk]),
                                 {"confirm": "yes"})
    response = _note(facilitator, session, "too late")
    assert response.status_code == 409 and "The session has ended" in response.content.decode()
    assert not FacilitatorNote.objects.exists()
