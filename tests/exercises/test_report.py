from django.urls import reverse

from .conftest import client_for, decide, engine_db, start_session


def _played(facilitator, player, responder):
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    decide(player, session, "priya#1", "follow")
    decide(responder, session, "dmitri-oncall#1", "revert")
    session.refresh_from_db()
    return session


@engine_db
def test_the_markdown_report_holds_the_decisions_and_the_outcome(facilitator, player, responder):
    session = _played(facilitator, player, responder)
    response = client_for(facilitator).get(reverse("exercises:report_md", args=[session.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="tabletop-{session.pk}.md"'
    assert ("| T+00:30 | priya | An answer on the forum recommends a change | Carry out the advice | "
            in text)
    assert "| T+02:30 | dmitri-oncall | An alert on a dataset: revert the grant or not | Revert the grant | " in text
    assert "**Outcome:** Exposure:" in text
    assert "| Figure | Your table | Scripted, scenario defaults | Strongest guardrails |" in text
    assert "| Outcome | exposure | exposure | prevented |" in text
    assert "| Person-minutes exposed | 3,120 | 3,120 | 0 |" in text


@engine_db
def test_the_report_page_compares_the_table_with_the_baselines(facilitator, player, responder):
    session = _played(facilitator, player, responder)
    response = client_for(player).get(reverse("exercises:report", args=[session.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "What the table decided" in page and "Strongest guardrails" in page
    assert "Download as Markdown" in page


@engine_db
def test_ending_early_lets_the_personas_finish(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    response = client_for(facilitator).post(reverse("exercises:end", args=[session.pk]),
                                            {"confirm": "yes"})
    assert response["Location"] == reverse("exercises:report", args=[session.pk])
    text = client_for(facilitator).get(reverse("exercises:report_md", args=[session.pk])).content.decode()
    assert "Nobody at the table took a decision." in text
    assert "priya decided at follow_advice: follow" in text  # the scripted persona


@engine_db
def test_a_settings_change_adds_a_same_guardrails_baseline(facilitator, player):
    session = start_session(facilitator, {"priya": player}, **{"ai.label_shown": "True"})
    decide(player, session, "priya#1", "ignore")
    text = client_for(facilitator).get(reverse("exercises:report_md", args=[session.pk])).content.decode()
    assert "| Figure | Your table | Scripted, same guardrails | Scripted, scenario defaults |" in text


@engine_db
def test_the_report_waits_for_the_end(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    assert client_for(player).get(reverse("exercises:report", args=[session.pk])).status_code == 302
    assert client_for(player).get(reverse("exercises:report_md", args=[session.pk])).status_code == 409


@engine_db
def test_outsiders_cannot_read_the_report(facilitator, player, responder, outsider):
    session = _played(facilitator, player, responder)
    assert client_for(outsider).get(reverse("exercises:report", args=[session.pk])).status_code == 403
    assert client_for(outsider).get(reverse("exercises:report_md", args=[session.pk])).status_code == 403
