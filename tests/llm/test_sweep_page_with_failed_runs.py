from django.urls import reverse

from scenarios.format import load_scenario
from scenarios.overrides import with_agent_policies
from scenarios.sweeps.service import run_sweep
from tests.llm.scripts import WRONG_ANSWER
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


@viewer_db
def test_a_failed_run_tried_again_is_shown_with_its_new_outcome(llm, viewer):
    """The page's analysis is cached by its runs' identity: a failed run is replaced in place
    when the sweep is resumed, and the page then shows the new outcome, not the cached one."""
    loaded = with_agent_policies(load_scenario("meta_internal_forum"),
                                 {"helper": {"kind": "model", "model": "test"}})
    grid = {"agent.approval_required": [False]}
    llm.fail_next(500, n=1)
    sweep = run_sweep(loaded, grid, 1, workers=1, warn=lambda message: None).sweep
    url = reverse("scenarios:sweep", args=[sweep.pk])
    html = viewer.get(url).content.decode()
    assert "1 failed</strong>" in html and 'class="seed ' not in html
    llm.script = WRONG_ANSWER
    run_sweep(loaded, grid, 1, workers=1, resume=True, warn=lambda message: None)
    html = viewer.get(url).content.decode()
    assert 'class="seed outcome-badge-exposure"' in html and "failed</strong>" not in html
