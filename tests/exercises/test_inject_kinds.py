"""Injects of every kind from the console: each lands on the timeline at its minute and
the engine acts on it; a bad value in any field is refused with its message, nothing stored."""

import pytest
from django.urls import reverse

from exercises import sessions
from exercises.models import Injection
from forum.vocabulary import Verb

from .conftest import client_for, engine_db, start_session

INJECTED = "injected_forum_question"


def _inject(facilitator, session, kind, **fields):
    return client_for(facilitator).post(reverse("exercises:inject", args=[session.pk]),
                                        {"kind": kind, **fields})


def _records(session, verb, actor=None):
    session.refresh_from_db()
    return [r for r in sessions.state(session).records
            if r["verb"] == verb and (actor is None or r["actor"] == actor)]


def _run_to(facilitator, session, minute):
    client_for(facilitator).post(reverse("exercises:run_to", args=[session.pk]),
                                 {"minute": minute})


NEW_POST = {"actor": "casey", "space": "public-help", "title": "Where did the rows go?",
            "body": "The export is empty today."}
QUOTE_THREE = {"carrier": "quoted_log", "ask": "quote_records",
               "ask_resource": "user-metrics", "rows": "3"}


@engine_db
def test_the_kind_selector_shows_the_fields_of_the_kind(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    url = reverse("exercises:console", args=[session.pk])
    page = client_for(facilitator).get(url, {"kind": "post_question"}).content.decode()
    assert 'name="kind" value="post_question"' in page
    for field in ("at", "actor", "space", "title", "body", "carrier", "ask", "rows"):
        assert f'name="{field}"' in page
    assert '<option value="asha">Asha Rao (asha)</option>' in page
    assert '<option value="helper">' not in page  # an agent is not a person posting
    for kind in ("garbage", ""):
        fallback = client_for(facilitator).get(url, {"kind": kind}).content.decode()
        assert 'name="kind" value="raise_alert"' in fallback and 'name="reason"' in fallback


@engine_db
def test_a_new_post_lands_on_the_timeline_at_its_minute(facilitator):
    session = start_session(facilitator, {}, held=True)
    response = _inject(facilitator, session, "post_question", at="40", actor="asha",
                       space="eng-help", title="Is the user-metrics grant still needed?",
                       body="Saw a wide grant.")
    assert response.status_code == 302
    assert Injection.objects.get().kind == "post_question"
    _run_to(facilitator, session, 45)
    posted = _records(session, Verb.QUESTION_POSTED, "asha")
    assert [(r["t"], r["target"], r["payload"]["title"]) for r in posted][-1] == (
        40.0, "thread:is-the-user-metrics-grant-still-needed",
        "Is the user-metrics grant still needed?")


@engine_db
def test_a_hidden_instruction_in_a_new_post_makes_the_agent_quote_records(facilitator):
    quoted = {}
    for instruction in ({}, QUOTE_THREE):
        session = start_session(facilitator, {}, held=True, scenario=INJECTED)
        assert _inject(facilitator, session, "post_question", at="30", **NEW_POST,
                       **instruction).status_code == 302
        assert _inject(facilitator, session, "invoke_agent", at="40", actor="ravi",
                       agent="helper", thread="where-did-the-rows-go").status_code == 302
        _run_to(facilitator, session, 60)
        replies = [r for r in _records(session, Verb.POST_PUBLISHED, "helper")
                   if r["payload"]["thread"] == "where-did-the-rows-go"]
        assert [r["t"] for r in replies] == [43.0]
        quoted[bool(instruction)] = replies[0]["payload"].get("quotes", {})
    assert Injection.objects.filter(kind="post_injection").count() == 1
    assert quoted == {False: {}, True: {"user-metrics": 3}}


@engine_db
def test_a_reply_hiding_an_instruction_lands_in_the_thread(facilitator):
    session = start_session(facilitator, {}, held=True, scenario=INJECTED)
    response = _inject(facilitator, session, "post_injection", at="5", actor="casey",
                       thread="q-export", body="One more log:", carrier="code_block",
                       ask="grant", grantee="group:contractors", permission="read",
                       ask_resource="user-metrics")
    assert response.status_code == 302
    _run_to(facilitator, session, 20)
    replies = _records(session, Verb.POST_PUBLISHED, "casey")
    assert [(r["t"], r["payload"]["injection"]) for r in replies] == [
        (5.0, {"carrier": "code_block", "asks": {"grant": {
            "resource": "user-metrics", "grantee": "group:contractors",
            "permission": "read"}}})]


@engine_db
def test_an_agent_invoked_on_a_thread_answers_there(facilitator, player):
    session = start_session(facilitator, {"priya": player}, held=True)
    assert _inject(facilitator, session, "invoke_agent", at="200", actor="asha",
                   agent="helper", thread="q1", request="Is this safe?").status_code == 302
    _run_to(facilitator, session, 250)
    client_for(player).post(reverse("exercises:decide", args=[session.pk]),
                            {"point": "priya#1", "choice": "ignore"})
    _run_to(facilitator, session, 250)
    invoked = _records(session, Verb.AGENT_INVOKED, "asha")
    assert [r["t"] for r in invoked] == [200.0]
    assert any(r["t"] > 200 for r in _records(session, Verb.POST_PUBLISHED, "helper"))


@engine_db
def test_a_read_lands_on_the_timeline_and_counts_as_unauthorized(facilitator):
    session = start_session(facilitator, {}, held=True)
    assert _inject(facilitator, session, "read_resource", at="100", actor="asha",
                   resource="user-metrics").status_code == 302
    _run_to(facilitator, session, 360)
    reads = _records(session, Verb.RESOURCE_READ, "asha")
    assert [r["t"] for r in reads] == [100.0]
    assert sessions.state(session).metrics["exposure"]["unauthorized_reads"] >= 1


BAD_FIELDS = [
    ("post_question", {**NEW_POST, "actor": "nobody"}, "actor"),
    ("post_question", {**NEW_POST, "space": "payroll"}, "space"),
    ("post_question", {**NEW_POST, "title": "x" * 201}, "title"),
    ("post_question", {**NEW_POST, "title": ""}, "title"),
    ("post_question", {**NEW_POST, "body": "x" * 4001}, "body"),
    ("post_question", {**NEW_POST, "actor": "sam"}, "may not post in 'public-help'"),
    ("post_question", {**NEW_POST, **QUOTE_THREE, "rows": "0"}, "rows"),
    ("post_question", {**NEW_POST, **QUOTE_THREE, "rows": "51"}, "rows"),
    ("post_question", {**NEW_POST, **QUOTE_THREE, "rows": "nan"}, "rows"),
    ("post_question", {**NEW_POST, **QUOTE_THREE, "carrier": "smoke_signal"}, "carrier"),
    ("post_question", {**NEW_POST, **QUOTE_THREE, "ask_resource": "payroll"}, "ask_resource"),
    ("post_injection", {"actor": "casey", "thread": "q-export", "carrier": "plain",
                        "ask": "grant", "grantee": "group:nobody",
                        "ask_resource": "user-metrics"}, "grantee"),
    ("post_injection", {"actor": "casey", "thread": "no-such-thread", "carrier": "plain",
                        "ask": "quote_records", "ask_resource": "user-metrics"}, "thread"),
    ("post_injection", {"actor": "casey", "thread": "q-export", "carrier": "",
                        "ask": "quote_records", "ask_resource": "user-metrics"}, "carrier"),
    ("invoke_agent", {"actor": "ravi", "agent": "casey", "thread": "q-export"}, "agent"),
    ("invoke_agent", {"actor": "ravi", "agent": "helper", "thread": "q-export",
                      "request": "x" * 2001}, "request"),
    ("read_resource", {"actor": "ravi", "resource": "../../etc/passwd"}, "resource"),
    ("raise_alert", {"resource": "user-metrics", "reason": "x" * 201}, "reason"),
    ("launch_missiles", {}, "no inject of kind"),
]


@engine_db
@pytest.mark.parametrize("kind, fields, message", BAD_FIELDS)
def test_a_bad_value_in_any_field_is_refused_with_its_message(facilitator, kind, fields,
                                                             message):
    session = start_session(facilitator, {}, held=True, scenario=INJECTED)
    response = _inject(facilitator, session, kind, at="30", **fields)
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'")
    if " " in message:
        assert message in page
    else:  # the field's own error, or the format's check naming the field
        assert f'id="id_{message}_error"' in page or f"{message}:" in page
    assert not Injection.objects.exists()


@engine_db
def test_an_invocation_before_its_thread_is_posted_is_refused(facilitator):
    session = start_session(facilitator, {}, held=True, scenario=INJECTED)
    assert _inject(facilitator, session, "post_question", at="100", **NEW_POST
                   ).status_code == 302
    response = _inject(facilitator, session, "invoke_agent", at="50", actor="ravi",
                       agent="helper", thread="where-did-the-rows-go")
    assert response.status_code == 400
    assert "is posted at 1h40m, after this invocation" in response.content.decode()
    assert Injection.objects.count() == 1


@engine_db
def test_a_second_post_with_the_same_title_gets_its_own_thread(facilitator):
    session = start_session(facilitator, {}, held=True, scenario=INJECTED)
    for at in ("30", "31"):
        assert _inject(facilitator, session, "post_question", at=at, **NEW_POST
                       ).status_code == 302
    _run_to(facilitator, session, 32)
    assert [r["target"] for r in _records(session, Verb.QUESTION_POSTED, "casey")][-2:] == [
        "thread:where-did-the-rows-go", "thread:where-did-the-rows-go-2"]


@engine_db
def test_the_service_checks_an_entry_against_the_timeline(facilitator):
    session = start_session(facilitator, {}, held=True, scenario=INJECTED)
    entry = {"at": 30, "do": "read_resource", "actor": "nobody", "resource": "user-metrics"}
    with pytest.raises(ValueError, match="actor: unknown principal 'nobody'"):
        sessions.inject(session, facilitator, entry)
    at_the_end = {**entry, "actor": "ravi", "at": 300}
    with pytest.raises(ValueError, match="at: at 5h00m is not before the end of the run"):
        sessions.inject(session, facilitator, at_the_end)
    assert not Injection.objects.exists()
