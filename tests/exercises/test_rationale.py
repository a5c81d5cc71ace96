"""A one-line rationale with a decision: trimmed, stored, shown on the console."""

from django.urls import reverse

from exercises.models import Decision

from .conftest import client_for, engine_db, start_session


def _decide(principal, session, rationale):
    return client_for(principal).post(reverse("exercises:decide", args=[session.pk]),
                                      {"point": "priya#1", "choice": "verify",
                                       "rationale": rationale})


@engine_db
def test_the_seat_asks_for_an_optional_rationale(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    page = client_for(player).get(reverse("exercises:play", args=[session.pk])).content.decode()
    assert 'name="rationale"' in page and 'maxlength="200"' in page


@engine_db
def test_the_rationale_is_stored_trimmed_on_one_line_and_shown(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    assert _decide(player, session, "  An AI answer with no approval:\n check first.  "
                   ).status_code == 302
    assert Decision.objects.get().rationale == "An AI answer with no approval: check first."
    console = client_for(facilitator).get(reverse("exercises:console", args=[session.pk]))
    assert "An AI answer with no approval: check first." in console.content.decode()


@engine_db
def test_a_decision_without_a_rationale_is_fine(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    assert client_for(player).post(reverse("exercises:decide", args=[session.pk]),
                                   {"point": "priya#1", "choice": "verify"}).status_code == 302
    assert Decision.objects.get().rationale == ""


@engine_db
def test_a_rationale_longer_than_a_line_is_refused(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    response = _decide(player, session, "x" * 201)
    assert response.status_code == 400
    assert "rationale: keep it to 200 characters" in response.content.decode()
    assert not Decision.objects.exists()
    assert _decide(player, session, "x" * 200).status_code == 302
