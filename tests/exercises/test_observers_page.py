"""The facilitator's observers page: invite by username, remove; observers find the session
on the exercises page and reach its room view; the console and the seat link to both."""

from django.urls import reverse

from exercises import sessions
from tests.factories import AgentFactory, PrincipalFactory

from .conftest import client_for, engine_db, start_session


def page_url(session):
    return reverse("exercises:observers", args=[session.pk])


def invite(who, session, username):
    return client_for(who).post(page_url(session), {"action": "invite", "username": username})


@engine_db
def test_the_facilitator_invites_an_observer_by_username(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    observer = PrincipalFactory(username="obi", display_name="Obi Watcher")
    client = client_for(facilitator)
    response = client.post(page_url(session), {"action": "invite", "username": "obi"})
    assert response.status_code == 302 and response["Location"] == page_url(session)
    assert list(session.observers.all()) == [observer]
    page = client.get(page_url(session)).content.decode()
    assert "Obi Watcher" in page and "may now watch the room view" in page


@engine_db
def test_the_facilitator_removes_an_observer(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    observer = PrincipalFactory(username="obi")
    sessions.invite_observer(session, observer)
    response = client_for(facilitator).post(page_url(session),
                                            {"action": "remove", "username": "obi"})
    assert response.status_code == 302
    assert not session.observers.exists()


@engine_db
def test_removing_someone_who_is_not_an_observer_is_refused(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    PrincipalFactory(username="obi")
    response = client_for(facilitator).post(page_url(session),
                                            {"action": "remove", "username": "obi"})
    assert response.status_code == 400
    assert "is not an observer" in response.content.decode()


@engine_db
def test_an_unknown_username_is_refused_with_a_message(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    agent = AgentFactory()
    for given in ("nobody-here", agent.username, "", "x" * 500):
        response = invite(facilitator, session, given)
        assert response.status_code == 400, given
    assert "No active employee has the username" in invite(
        facilitator, session, "nobody-here").content.decode()
    assert not session.observers.exists()


@engine_db
def test_someone_already_at_the_table_is_not_invited(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    for person in (player, facilitator):
        response = invite(facilitator, session, person.username)
        assert response.status_code == 400
        assert "already at the table" in response.content.decode()
    assert not session.observers.exists()


@engine_db
def test_only_the_facilitator_manages_observers(facilitator, player, outsider):
    session = start_session(facilitator, {"priya": player})
    for who in (player, outsider):
        assert client_for(who).get(page_url(session)).status_code == 403
        assert invite(who, session, "olly").status_code == 403
    assert not session.observers.exists()


@engine_db
def test_it_asks_anonymous_visitors_to_sign_in(client, facilitator, player):
    session = start_session(facilitator, {"priya": player})
    response = client.get(page_url(session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_handles_a_missing_session(facilitator):
    url = reverse("exercises:observers", args=[999])
    assert client_for(facilitator).get(url).status_code == 404
    assert client_for(facilitator).post(url, {"action": "invite",
                                              "username": "x"}).status_code == 404


@engine_db
def test_an_observer_finds_the_session_on_the_exercises_page(facilitator, player, outsider):
    session = start_session(facilitator, {"priya": player})
    sessions.invite_observer(session, outsider)
    page = client_for(outsider).get(reverse("exercises:index")).content.decode()
    assert "Sessions you observe" in page
    assert reverse("exercises:room", args=[session.pk]) in page
    assert "Sessions you observe" not in client_for(player).get(
        reverse("exercises:index")).content.decode()


@engine_db
def test_the_console_and_the_seat_link_to_the_room(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    room = reverse("exercises:room", args=[session.pk])
    console = client_for(facilitator).get(reverse("exercises:console", args=[session.pk]))
    assert room in console.content.decode() and page_url(session) in console.content.decode()
    seat = client_for(player).get(reverse("exercises:play", args=[session.pk]))
    assert room in seat.content.decode() and page_url(session) not in seat.content.decode()
