"""The after-action report's rationales, notes and framework mapping, in HTML, Markdown and
PDF; and who may download the PDF."""

import io

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from exercises import sessions

from .conftest import client_for, decide, engine_db, start_session

RATIONALE = "The answer came from a colleague's agent; it looked vetted."
NOTE = "Priya did not check who wrote the answer."


def _annotated(facilitator, player, responder):
    """A played session with a rationale and two notes, each written at the minute the
    table stood at: 30 (waiting for priya) and 150 (waiting for the responder)."""
    session = start_session(facilitator, {"priya": player, "dmitri-oncall": responder})
    sessions.add_note(session, facilitator, NOTE)
    sessions.decide(session, player, "priya#1", "follow", rationale=RATIONALE)
    sessions.add_note(session, facilitator, "Second note.")
    decide(responder, session, "dmitri-oncall#1", "revert")
    session.refresh_from_db()
    return session


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@engine_db
def test_the_pdf_opens_and_has_the_reports_sections(facilitator, player, responder):
    session = _annotated(facilitator, player, responder)
    response = client_for(player).get(reverse("exercises:report_pdf", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="tabletop-{session.pk}.pdf"'
    text = " ".join(_pdf_text(response).split())
    for section in ("Outcome: Exposure", "What the table decided", "Facilitator's notes",
                    "What it cost, compared", "What the injects changed",
                    "LLM06:2025 Excessive Agency and MITRE ATLAS",
                    "LLM06:2025 excessive autonomy — Applies", "The table's timeline"):
        assert section in text, section
    assert RATIONALE in text and NOTE in text


@engine_db
def test_rationales_and_notes_in_time_order_are_in_the_page_and_the_markdown(
        facilitator, player, responder):
    session = _annotated(facilitator, player, responder)
    page = client_for(facilitator).get(reverse("exercises:report", args=[session.pk]))
    html = page.content.decode()
    assert RATIONALE.replace("'", "&#x27;") in html
    assert html.index(NOTE) < html.index("Second note.")
    text = client_for(facilitator).get(
        reverse("exercises:report_md", args=[session.pk])).content.decode()
    assert f"| Carry out the advice | {player.shown_name} | {RATIONALE} |" in text
    assert (f"## Facilitator's notes\n\n- T+00:30 {NOTE} ({facilitator.shown_name})\n"
            f"- T+02:30 Second note. ({facilitator.shown_name})\n") in text


@engine_db
def test_the_markdown_maps_the_run_to_owasp_and_atlas(facilitator, player, responder):
    session = _annotated(facilitator, player, responder)
    text = client_for(facilitator).get(
        reverse("exercises:report_md", args=[session.pk])).content.decode()
    assert "_OWASP Top 10 for LLM Applications 2025; MITRE ATLAS 4.9.0._" in text
    assert ("### LLM06:2025 excessive autonomy — Applies\n\n- T+00:22 agent helper made "
            "post:q1.2 visible (post.published) with no person's approval") in text
    assert "### AML.T0051.001 LLM Prompt Injection: Indirect — Does not apply" in text


@engine_db
def test_the_pdf_waits_for_the_end(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    response = client_for(player).get(reverse("exercises:report_pdf", args=[session.pk]))
    assert response.status_code == 409


@engine_db
def test_outsiders_and_anonymous_visitors_cannot_download_the_pdf(facilitator, player,
                                                                  responder, outsider):
    session = start_session(facilitator, {"priya": player})
    sessions.end(session)
    url = reverse("exercises:report_pdf", args=[session.pk])
    assert client_for(outsider).get(url).status_code == 403
    sessions.invite_observer(session, responder)
    assert client_for(responder).get(url).status_code == 200  # an invited observer
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


@engine_db
def test_a_missing_session_has_no_pdf(facilitator):
    url = reverse("exercises:report_pdf", args=[999999])
    assert client_for(facilitator).get(url).status_code == 404


@engine_db
def test_an_unreadable_session_answers_409_not_500(facilitator, player):
    session = start_session(facilitator, {"priya": player})
    sessions.end(session)
    type(session).objects.filter(pk=session.pk).update(scenario_text="name: [broken")
    response = client_for(facilitator).get(reverse("exercises:report_pdf", args=[session.pk]))
    assert response.status_code == 409
    assert "cannot be replayed" in response.content.decode()
