"""The after-action report compares like with like: the scripted baselines play the table's
injects, a second table shows what the injects changed, and each column's run is stored
and linked to the run viewer."""

from django.urls import reverse

from exercises import sessions
from scenarios.models import Run

from .conftest import client_for, decide, engine_db, start_session

ALERT = {"at": 40, "do": "raise_alert", "resource": "user-metrics",
         "reason": "anomaly detector fired"}


def _injected_session(facilitator, player, responder):
    """priya follows the unsafe advice at T+00:30; an injected alert at T+00:40 brings the
    responder in early, and they revert."""
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    sessions.inject(session, facilitator, ALERT)
    decide(player, session, "priya#1", "follow")
    decide(responder, session, "dmitri-oncall#1", "revert")
    session.refresh_from_db()
    assert session.status == session.Status.ENDED
    return session


def _markdown(user, session) -> str:
    response = client_for(user).get(reverse("exercises:report_md", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


@engine_db
def test_the_baselines_play_the_tables_injects_and_say_so(facilitator, player, responder):
    session = _injected_session(facilitator, player, responder)
    text = _markdown(facilitator, session)
    assert "Same scenario, same seed, same injects" in text
    assert "- Scripted, scenario defaults: personas, the scenario's guardrails, the same " \
           "injects; run http://testserver/runs/" in text
    # The injected alert brings the scripted responder in early too: not the 3,120
    # person-minutes of the scenario as written.
    compared = text.split("## What it cost, compared")[1].split("## What the injects")[0]
    assert "| Person-minutes exposed | 650 | 650 | 0 |" in compared


@engine_db
def test_a_second_table_shows_what_the_injects_changed(facilitator, player, responder):
    session = _injected_session(facilitator, player, responder)
    text = _markdown(facilitator, session)
    effect = text.split("## What the injects changed")[1].split("## ")[0]
    assert "| Figure | With the injects | Without injects |" in effect
    assert "| Person-minutes exposed | 650 | 3,120 |" in effect


@engine_db
def test_without_injects_the_report_says_so_in_one_line(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    decide(player, session, "priya#1", "follow")
    decide(responder, session, "dmitri-oncall#1", "revert")
    text = _markdown(facilitator, session)
    effect = text.split("## What the injects changed")[1].split("## ")[0]
    assert effect.strip() == ("No injects were made: the scripted run is the scenario as "
                              "written.")
    assert "personas, the scenario's guardrails, no injects (none were made)" in text


@engine_db
def test_each_column_is_stored_once_as_a_run_the_report_links_to(facilitator, player,
                                                                 responder):
    session = _injected_session(facilitator, player, responder)
    page = client_for(player).get(reverse("exercises:report", args=[session.pk]))
    assert page.status_code == 200
    stored = set(Run.objects.values_list("pk", flat=True))
    # table, scenario defaults, strongest (with the injects); without the injects
    assert len(stored) == 4
    for pk in stored:
        assert f'href="/runs/{pk}/"' in page.content.decode()
    client_for(facilitator).get(reverse("exercises:report", args=[session.pk]))
    assert set(Run.objects.values_list("pk", flat=True)) == stored  # idempotent
    table = Run.objects.get(inputs__people__priya={"priya#1": "follow"})
    assert table.session == session.pk
    assert table.inputs["injections"] == [ALERT]
    assert Run.objects.filter(session=session.pk).count() == 3  # the plain run is anyone's
    assert Run.objects.get(session=None).inputs == {}


@engine_db
def test_session_runs_appear_under_runs(facilitator, player, responder):
    session = _injected_session(facilitator, player, responder)
    client_for(player).get(reverse("exercises:report", args=[session.pk]))
    listing = client_for(responder).get(reverse("scenarios:runs")).content.decode()
    assert listing.count(f"tabletop session {session.pk}") == 3


@engine_db
def test_the_tables_run_page_replays_the_people_and_the_injects(facilitator, player,
                                                                responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    sessions.inject(session, facilitator, ALERT)
    decide(player, session, "priya#1", "ignore")  # the scripted persona would follow
    sessions.end(session)
    client_for(facilitator).get(reverse("exercises:report", args=[session.pk]))
    table = Run.objects.get(inputs__people__priya={"priya#1": "ignore"})
    page = client_for(player).get(reverse("scenarios:run", args=[table.pk]))
    assert f"session {session.pk}: replayed with people's decisions and 1 injected event" \
        in page.content.decode()
    end = table.metrics["run_minutes"]
    fragment = client_for(player).get(reverse("scenarios:run_at", args=[table.pk]),
                                      {"t": end}).content.decode()
    logged = sum(1 for r in table.records() if r["verb"] != "run.ended")
    assert f"{logged} events had been logged" in fragment


@engine_db
def test_explain_declines_a_session_run(facilitator, player, responder):
    session = _injected_session(facilitator, player, responder)
    client_for(facilitator).get(reverse("exercises:report", args=[session.pk]))
    table = Run.objects.get(inputs__people__priya={"priya#1": "follow"})
    response = client_for(player).get(reverse("scenarios:run_explain", args=[table.pk]))
    assert response.status_code == 409
    assert "replays a tabletop session" in response.content.decode()


@engine_db
def test_a_hidden_instruction_inject_gives_the_injected_columns_rows_of_their_own(
        facilitator):
    """Only the runs with the inject have 'Instructions planted for agents': the report
    lines figures up by name, so the runs without it show a dash, not a crash."""
    session = start_session(facilitator, {}, held=True)
    response = client_for(facilitator).post(
        reverse("exercises:inject", args=[session.pk]),
        {"kind": "post_question", "at": "5", "actor": "asha", "space": "eng-help",
         "title": "Export question", "body": "Where is the export?", "carrier": "plain",
         "ask": "quote_records", "ask_resource": "user-metrics", "rows": "3"})
    assert response.status_code == 302
    sessions.end(session)
    page = client_for(facilitator).get(reverse("exercises:report", args=[session.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Instructions planted for agents" in html and "—" in html
