from django.urls import reverse

from scenarios.format import load_scenario
from scenarios.overrides import with_agent_policies
from scenarios.sweeps.service import run_sweep
from tests.scenarios.viewer_helpers import viewer, viewer_db  # noqa: F401


@viewer_db
def test_the_sweep_page_shows_a_sweep_whose_model_runs_failed(llm, viewer):
    llm.stop()
    loaded = with_agent_policies(load_scenario("meta_internal_forum"),
                                 {"helper": {"kind": "model", "model": "test"}})
    outcome = run_sweep(loaded, {"agent.approval_required": [False, True]}, 1, workers=1,
                        warn=lambda message: None)
    page = viewer.get(reverse("scenarios:sweep", args=[outcome.sweep.pk]))
    assert page.status_code == 200
    assert "failed" in page.content.decode()
