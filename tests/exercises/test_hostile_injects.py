"""Hostile values at the tabletop's doors, and sessions whose stored inputs cannot be
replayed: refused with a message, or shown as unreadable, never a 500."""

import re

import pytest
from django.urls import reverse

from exercises import sessions
from exercises.models import Injection, TabletopSession

from .conftest import client_for, engine_db, start_form, start_session

HOSTILE_MINUTES = ["nan", "inf", "-inf", "1e308", "-1", str(10**30), str(2**64), "", "abc",
                   "9" * 5000, "100000"]  # the last is past the scenario's end (480)


def _inject(principal, session, at, resource="user-metrics", reason="anomaly detector fired"):
    return client_for(principal).post(reverse("exercises:inject", args=[session.pk]),
                                      {"at": at, "resource": resource, "reason": reason})


@engine_db
@pytest.mark.parametrize("at", HOSTILE_MINUTES)
def test_the_inject_form_refuses_a_hostile_minute(facilitator, player, at):
    session = start_session(facilitator, {"priya": player})
    response = _inject(facilitator, session, at)
    assert response.status_code == 400
    assert not Injection.objects.exists()
    assert sessions.state(session).pending is not None  # still readable


@engine_db
@pytest.mark.parametrize("at", [float("nan"), float("inf"), -1.0, 1e308, 10**30])
def test_the_service_refuses_a_hostile_minute(facilitator, player, at):
    session = start_session(facilitator, {"priya": player})
    with pytest.raises(ValueError):
        sessions.inject(session, facilitator, alert(at, "user-metrics"))
    assert not Injection.objects.exists()


@engine_db
def test_the_service_refuses_a_resource_that_is_not_a_slug(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    with pytest.raises(ValueError, match="resource"):
        sessions.inject(session, facilitator, alert(200, "x" * 5000))


def _stored_badly(facilitator, player, **injection) -> TabletopSession:
    """A session holding an inject that today's checks refuse, as if stored before them."""
    session = start_session(facilitator, {"priya": player})
    entry = {**alert(200, "user-metrics"), **injection}
    Injection.objects.create(session=session, created_by=facilitator, at_minutes=200,
                             kind="raise_alert", entry=entry)
    return session


def alert(at, resource, reason="x") -> dict:
    return {"at": at, "do": "raise_alert", "resource": resource, "reason": reason}


BAD_INJECTS = [{"at": "inf"}, {"at": -5.0}, {"at": 1e308}, {"resource": "payroll"},
               {"resource": "Not A Slug!"}, {"do": "launch_missiles"}, {"extra": 1}]


@engine_db
@pytest.mark.parametrize("injection", BAD_INJECTS)
def test_a_stored_bad_inject_leaves_the_console_readable(facilitator, player, injection):
    session = _stored_badly(facilitator, player, **injection)
    for url, who in [("exercises:console", facilitator), ("exercises:console_status", facilitator),
                     ("exercises:play", player)]:
        response = client_for(who).get(reverse(url, args=[session.pk]))
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "cannot be replayed" in page and "inject #1" in page


@engine_db
def test_the_facilitator_can_still_end_it_and_read_what_is_stored(facilitator, player):
    session = _stored_badly(facilitator, player, at="inf")
    console = client_for(facilitator).get(reverse("exercises:console", args=[session.pk]))
    assert reverse("exercises:end", args=[session.pk]) in console.content.decode()
    assert "alert on user-metrics: x" in console.content.decode()
    ended = client_for(facilitator).post(reverse("exercises:end", args=[session.pk]),
                                         {"confirm": "yes"})
    assert ended.status_code == 302
    session.refresh_from_db()
    assert session.status == TabletopSession.Status.ENDED
    report = client_for(facilitator).get(reverse("exercises:report", args=[session.pk]))
    assert report.status_code == 200 and "cannot be replayed" in report.content.decode()
    markdown = client_for(facilitator).get(reverse("exercises:report_md", args=[session.pk]))
    assert markdown.status_code == 409 and "cannot be replayed" in markdown.content.decode()


@engine_db
def test_actions_on_an_unreadable_session_answer_409(facilitator, player):
    session = _stored_badly(facilitator, player, at=-5.0)
    assert _inject(facilitator, session, 300).status_code == 409
    decided = client_for(player).post(reverse("exercises:decide", args=[session.pk]),
                                      {"point": "priya#1", "choice": "follow"})
    assert decided.status_code == 409
    assert Injection.objects.count() == 1 and not session.decisions.exists()


@engine_db
def test_a_stored_scenario_that_no_longer_validates_is_shown_as_unreadable(facilitator,
                                                                          player):
    session = start_session(facilitator, {"priya": player})
    text = re.sub(r"^duration: .*$", "duration: 9999d", session.scenario_text, flags=re.M)
    assert text != session.scenario_text
    TabletopSession.objects.filter(pk=session.pk).update(scenario_text=text)
    response = client_for(facilitator).get(reverse("exercises:console", args=[session.pk]))
    assert response.status_code == 200
    assert "scenario is no longer valid" in response.content.decode()


@engine_db
@pytest.mark.parametrize("settings", [{"acl.grant_expiry_minutes": "nan"},
                                      {"acl.grant_expiry_minutes": 1e308},
                                      {"no.such_guardrail": True}])
def test_stored_settings_that_no_longer_validate_are_shown_as_unreadable(facilitator, player,
                                                                        settings):
    session = start_session(facilitator, {"priya": player})
    TabletopSession.objects.filter(pk=session.pk).update(settings=settings)
    response = client_for(player).get(reverse("exercises:play", args=[session.pk]))
    assert response.status_code == 200
    assert "cannot be replayed" in response.content.decode()


@engine_db
@pytest.mark.parametrize("seed", ["-1", "0", str(2**63), str(10**30), "1e308", "nan", "abc",
                                  "", "9" * 5000])
def test_the_start_form_refuses_a_hostile_seed(facilitator, player, seed):
    data = {**start_form({"priya": player}), "seed": seed}
    response = client_for(facilitator).post(reverse("exercises:new_session"), data)
    assert response.status_code == 400
    assert not TabletopSession.objects.exists()


@engine_db
def test_the_start_form_takes_the_largest_seed(facilitator, player):
    data = {**start_form({"priya": player}), "seed": str(2**63 - 1)}
    response = client_for(facilitator).post(reverse("exercises:new_session"), data)
    assert response.status_code == 302
    assert TabletopSession.objects.get().seed == 2**63 - 1


@engine_db
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "-1", str(10**30), "abc",
                                   "x" * 5000])
def test_the_start_form_refuses_hostile_guardrail_minutes(facilitator, player, value):
    data = start_form({"priya": player}, **{"acl.grant_expiry_minutes": value})
    response = client_for(facilitator).post(reverse("exercises:new_session"), data)
    assert response.status_code == 400
    assert "positive number of minutes" in response.content.decode()
    assert not TabletopSession.objects.exists()
