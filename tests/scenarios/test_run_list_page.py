import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scenarios.views.runs import RUNS_PER_PAGE
from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401

RUNS = reverse("scenarios:runs")


def listed(response) -> list[str]:
    """The run ids in the list, in order."""
    return re.findall(r'href="/runs/(\d+)/"', response.content.decode())


@viewer_db
def test_it_lists_runs_with_outcome_incident_window_and_changed_settings(viewer):
    exposed = stored_run()
    guarded = stored_run(**{"agent.approval_required": True})
    html = viewer.get(RUNS).content.decode()
    assert listed(viewer.get(RUNS)) == [str(guarded.pk), str(exposed.pk)]  # newest first
    assert "outcome-badge-exposure" in html and "outcome-badge-prevented" in html
    assert "T+00:30–T+02:30" in html and "2 h 00 min" in html
    assert "agent.approval_required=true" in html
    assert "scenario's own" in html  # the exposed run kept the scenario's settings


@viewer_db
def test_it_filters_by_outcome(viewer):
    exposed = stored_run()
    stored_run(**{"agent.approval_required": True})
    assert listed(viewer.get(RUNS, {"outcome": "exposure"})) == [str(exposed.pk)]


@viewer_db
def test_it_filters_by_seed_and_scenario(viewer):
    stored_run(seed=1)
    second = stored_run(seed=2)
    assert listed(viewer.get(RUNS, {"seed": 2})) == [str(second.pk)]
    assert len(listed(viewer.get(RUNS, {"scenario": "meta_internal_forum"}))) == 2


@viewer_db
def test_a_filter_that_cannot_be_used_is_reported_and_left_out(viewer):
    stored_run()
    response = viewer.get(RUNS, {"seed": "abc", "outcome": "exposure"})
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()
    assert len(listed(response)) == 1  # the valid outcome filter still applies
    assert viewer.get(RUNS, {"scenario": "no-such-scenario"}).status_code == 400


@viewer_db
def test_it_paginates_and_keeps_the_filters_in_page_links(viewer):
    first = stored_run(seed=1)
    for seed in range(2, RUNS_PER_PAGE + 2):
        stored_run(seed=seed)
    html = viewer.get(RUNS, {"outcome": "exposure"}).content.decode()
    assert "Page 1 of 2" in html
    assert "?outcome=exposure&amp;page=2" in html
    assert listed(viewer.get(RUNS, {"outcome": "exposure", "page": 2})) == [str(first.pk)]


@viewer_db
def test_the_number_of_queries_does_not_grow_with_the_number_of_runs(viewer):
    stored_run(seed=1)
    with CaptureQueriesContext(connection) as few:
        viewer.get(RUNS)
    for seed in range(2, 6):
        stored_run(seed=seed)
    with CaptureQueriesContext(connection) as many:
        response = viewer.get(RUNS)
    assert len(listed(response)) == 5
    assert len(many.captured_queries) == len(few.captured_queries)


@viewer_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(RUNS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
