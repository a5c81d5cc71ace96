import re

import pytest
from django.urls import reverse

from scenarios.format import load_scenario
from scenarios.format.loader import LIBRARY
from scenarios.sweeps.service import run_sweep
from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401

GRID = {"agent.approval_required": [False, True]}


@pytest.fixture
def sweep(db):
    outcome = run_sweep(load_scenario("meta_internal_forum"), GRID, 2, workers=1)
    return outcome.sweep


def sweep_page(client, sweep):
    return client.get(reverse("scenarios:sweep", args=[sweep.pk]))


def linked_runs(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/runs/(\d+)/"', html)}


@viewer_db
def test_the_sweeps_list_shows_each_sweep_with_its_grid(viewer, sweep):
    html = viewer.get(reverse("scenarios:sweeps")).content.decode()
    assert f'href="/sweeps/{sweep.pk}/"' in html
    assert "agent.approval_required=false,true" in html
    assert "<td>4</td>" in html  # planned runs: 2 settings × 2 seeds


@viewer_db
def test_the_sweep_page_compares_each_setting_with_the_baseline(viewer, sweep):
    html = sweep_page(viewer, sweep).content.decode()
    assert "4 of 4 planned" in html
    assert html.count("agent.approval_required=false</code>") == 2  # once per table
    assert 'class="tag">baseline</span>' in html
    exposure = html[html.index("Exposure, by setting"):html.index("Cost of safety, by setting")]
    # the scenario's own settings always expose; requiring approval never does
    assert "1.00 <span" in exposure and "0.00 <span" in exposure
    assert "-1.00" in exposure  # ΔP(exposure), paired on the same seeds


@viewer_db
def test_the_sweep_page_shows_the_analysis_figures(viewer, sweep):
    html = sweep_page(viewer, sweep).content.decode()
    figures = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html)
    assert len(figures) == 4
    assert figures[0].startswith("Probability of exposure")


@viewer_db
def test_the_sweep_page_links_to_its_runs_and_to_no_other(viewer, sweep):
    outside_seeds = stored_run(seed=3)
    outside_grid = stored_run(**{"acl.policy_check": True})
    html = sweep_page(viewer, sweep).content.decode()
    runs = linked_runs(html)
    assert len(runs) == 4
    assert outside_seeds.pk not in runs and outside_grid.pk not in runs


@viewer_db
def test_a_sweep_whose_scenario_file_changed_is_shown_with_a_warning(viewer, tmp_path):
    copy = tmp_path / "meta_internal_forum.yaml"
    copy.write_text((LIBRARY / "meta_internal_forum.yaml").read_text() + "# a local copy\n")
    changed = run_sweep(load_scenario(str(copy)), GRID, 1, workers=1).sweep
    copy.write_text(copy.read_text() + "# edited after the sweep\n")
    html = sweep_page(viewer, changed).content.decode()
    assert "has changed since" in html
    assert len(linked_runs(html)) == 2  # still found, on the grid's settings


@viewer_db
def test_anonymous_visitors_are_sent_to_sign_in(client, sweep):
    for url in (reverse("scenarios:sweeps"), reverse("scenarios:sweep", args=[sweep.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@viewer_db
def test_an_unknown_sweep_is_404(viewer):
    assert viewer.get(reverse("scenarios:sweep", args=[999])).status_code == 404
