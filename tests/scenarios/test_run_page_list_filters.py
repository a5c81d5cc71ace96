"""The runs list filtered by a guardrail setting and by sweep; bad values are form errors."""

import re

import pytest
from django.urls import reverse

from scenarios.format import load_scenario
from scenarios.sweeps.service import run_sweep
from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401

RUNS = reverse("scenarios:runs")


def listed(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/runs/(\d+)/"', response.content.decode())}


@viewer_db
def test_it_filters_by_a_setting(viewer):
    exposed = stored_run()
    guarded = stored_run(**{"agent.approval_required": True})
    on = viewer.get(RUNS, {"setting": "agent.approval_required=true"})
    assert on.status_code == 200 and listed(on) == {guarded.pk}
    assert listed(viewer.get(RUNS, {"setting": "agent.approval_required=false"})) == {exposed.pk}


@viewer_db
def test_a_setting_that_is_off_matches_runs_where_it_is_off(viewer):
    lapsing = stored_run(**{"acl.grant_expiry_minutes": 60})
    never = stored_run()
    assert listed(viewer.get(RUNS, {"setting": "acl.grant_expiry_minutes=off"})) == {never.pk}
    assert listed(viewer.get(RUNS, {"setting": "acl.grant_expiry_minutes=60"})) == {lapsing.pk}


@viewer_db
def test_it_filters_by_sweep(viewer):
    sweep = run_sweep(load_scenario("meta_internal_forum"), {"agent.approval_required": [False, True]},
                      1, workers=1).sweep
    outside = stored_run(seed=5)
    response = viewer.get(RUNS, {"sweep": sweep.pk})
    assert response.status_code == 200
    assert len(listed(response)) == 2 and outside.pk not in listed(response)
    both = viewer.get(RUNS, {"sweep": sweep.pk, "setting": "agent.approval_required=true"})
    assert len(listed(both)) == 1


@viewer_db
@pytest.mark.parametrize("query, message", [
    ({"setting": "agent.no_such_thing=true"}, "unknown guardrail"),
    ({"setting": "agent.approval_required=maybe"}, "agent.approval_required"),
    ({"setting": "no equals sign"}, "KEY=VALUE"),
    ({"setting": "x" * 500}, "at most 200 characters"),
    ({"sweep": "999"}, "There is no sweep 999."),
    ({"sweep": "abc"}, "Enter a whole number."),
    ({"sweep": str(2**80)}, "less than or equal to"),
    ({"sweep": "0"}, "greater than or equal to 1"),
])
def test_a_bad_setting_or_sweep_is_a_form_error_and_left_out(viewer, query, message):
    kept = stored_run()
    response = viewer.get(RUNS, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert listed(response) == {kept.pk}
