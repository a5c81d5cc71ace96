"""Observers: invited by the facilitator, they may watch the session; nobody else may."""

import pytest

from exercises import sessions
from tests.factories import PrincipalFactory

from .conftest import engine_db, start_session


@engine_db
def test_only_the_table_and_invited_observers_may_watch(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    observer, stranger = PrincipalFactory(), PrincipalFactory()
    assert sessions.may_watch(session, facilitator) and sessions.may_watch(session, player)
    assert not sessions.may_watch(session, observer)
    sessions.invite_observer(session, observer)
    assert sessions.may_watch(session, observer)
    assert not sessions.may_view(session, observer)  # watching is not holding a seat
    assert not sessions.may_watch(session, stranger)
    sessions.remove_observer(session, observer)
    assert not sessions.may_watch(session, observer)


@engine_db
def test_someone_at_the_table_is_not_invited_as_an_observer(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    for person in (facilitator, player):
        with pytest.raises(ValueError, match="already at the table"):
            sessions.invite_observer(session, person)
    assert not session.observers.exists()
