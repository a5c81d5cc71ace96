from django.urls import reverse

from exercises import sessions
from exercises.models import Injection

from .conftest import client_for, engine_db, start_session


def _inject(principal, session, at, resource="user-metrics", reason="anomaly detector fired"):
    return client_for(principal).post(reverse("exercises:inject", args=[session.pk]),
                                      {"at": at, "resource": resource, "reason": reason})


@engine_db
def test_an_injected_alert_lands_on_the_timeline(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    client_for(player).post(reverse("exercises:decide", args=[session.pk]),
                            {"point": "priya#1", "choice": "follow"})
    assert _inject(facilitator, session, 200).status_code == 302
    assert not _injected_alerts(session)  # the table waits at T+02:30, before the alert
    client_for(responder).post(reverse("exercises:decide", args=[session.pk]),
                               {"point": "dmitri-oncall#1", "choice": "leave"})
    alerts = _injected_alerts(session)
    assert [(a["t"], a["target"], a["payload"]["reason"]) for a in alerts] == [
        (200.0, "resource:user-metrics", "anomaly detector fired")]


def _injected_alerts(session):
    return [r for r in sessions.state(session).records
            if r["verb"] == "alert.raised" and r["actor"] is None]


@engine_db
def test_it_refuses_an_alert_in_the_past(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    response = _inject(facilitator, session, 10)
    assert response.status_code == 400
    assert "already happened" in response.content.decode()
    assert not Injection.objects.exists()


@engine_db
def test_it_refuses_an_unknown_resource(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    assert _inject(facilitator, session, 40, resource="payroll").status_code == 400
    assert not Injection.objects.exists()
