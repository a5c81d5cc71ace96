"""The sweep and run pages do their heavy work once per identity of the runs they show
(kept in Django's cache), and a sweep page's queries do not grow with its runs."""

import re
from collections import OrderedDict

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from matplotlib.figure import Figure

from scenarios.analysis import plots, summary
from scenarios.format import load_scenario
from scenarios.models import Sweep
from scenarios.sweeps.service import run_sweep
from tests.scenarios.viewer_helpers import stored_run, viewer, viewer_db  # noqa: F401

ONE_SETTING = {"agent.approval_required": [False]}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def sweep_of(seeds: int, grid=ONE_SETTING):
    return run_sweep(load_scenario("meta_internal_forum"), grid, seeds, workers=1).sweep


def queries(client, url: str, database: str = "default") -> tuple[str, list[str]]:
    """The page's HTML and the SQL it ran on `database`."""
    with CaptureQueriesContext(connections[database]) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


def loads_metrics(sql: list[str]) -> bool:
    return any('"metrics"' in statement for statement in sql)


def figures(html: str) -> list[str]:
    return re.findall(r'<img src="(data:image/png;base64,[^"]+)"', html)


def analysis(html: str) -> str:
    """The page from its statistics on (above them, the sign-out form's token changes)."""
    return html[html.index("<h2>Exposure, by setting</h2>"):]


def sweep_url(sweep) -> str:
    return reverse("scenarios:sweep", args=[sweep.pk])


def sweep_command(out, *extra):
    call_command("sweep", "meta_internal_forum", "--grid", "agent.approval_required=false,true",
                 "--seeds", "2", "--workers", "1", "--out", str(out), *extra)


@viewer_db
def test_the_sweep_page_analyses_the_same_runs_once(viewer):
    url = sweep_url(sweep_of(2, {"agent.approval_required": [False, True]}))
    first, first_sql = queries(viewer, url)
    again, again_sql = queries(viewer, url)
    assert loads_metrics(first_sql)
    assert not loads_metrics(again_sql)  # the figures and statistics come from the cache
    assert analysis(again) == analysis(first) and len(figures(again)) == 4


@viewer_db
def test_a_sweep_with_other_runs_gets_its_own_figures(viewer):
    small, large = sweep_of(3), sweep_of(6)  # the larger sweep holds the smaller one's runs
    small_html, _ = queries(viewer, sweep_url(small))
    large_html, large_sql = queries(viewer, sweep_url(large))
    assert loads_metrics(large_sql)
    assert figures(large_html) != figures(small_html)
    assert large_html.count('class="seed ') == 6 and small_html.count('class="seed ') == 3


@viewer_db
def test_the_sweep_pages_queries_do_not_grow_with_its_runs(viewer):
    small, large = sweep_of(3), sweep_of(30)
    counted = {}
    for name, sweep in (("small", small), ("large", large)):
        _, cold = queries(viewer, sweep_url(sweep))
        _, warm = queries(viewer, sweep_url(sweep))
        counted[name] = (len(cold), len(warm))
    assert counted["large"] == counted["small"]


def run_at(run, minute: int) -> str:
    return reverse("scenarios:run_at", args=[run.pk]) + f"?t={minute}"


@viewer_db
def test_the_forum_at_a_minute_is_replayed_once_per_run(viewer):
    url = run_at(stored_run(), 30)
    first, first_replay = queries(viewer, url, "sandbox")
    again, again_replay = queries(viewer, url, "sandbox")
    assert first_replay and not again_replay
    assert again == first


@viewer_db
def test_another_run_gets_its_own_forum_at_that_minute(viewer):
    unguarded = stored_run()
    guarded = stored_run(**{"agent.approval_required": True})
    unguarded_html, _ = queries(viewer, run_at(unguarded, 30), "sandbox")
    guarded_html, guarded_replay = queries(viewer, run_at(guarded, 30), "sandbox")
    assert guarded_replay  # replayed, not the other run's forum
    assert guarded_html != unguarded_html


@viewer_db
def test_the_sweep_command_leaves_the_sweep_page_analysed_for_its_first_view(viewer, tmp_path):
    sweep_command(tmp_path)
    url = sweep_url(Sweep.objects.get())
    first, first_sql = queries(viewer, url)
    assert not loads_metrics(first_sql)  # the command's analysis, from the cache
    cache.clear()
    computed, computed_sql = queries(viewer, url)
    assert loads_metrics(computed_sql)
    assert analysis(first) == analysis(computed) and len(figures(first)) == 4


@viewer_db
def test_a_sweep_whose_page_cannot_be_cached_succeeds_with_a_one_line_warning(
        viewer, tmp_path, settings, capsys):
    not_a_directory = tmp_path / "cache"
    not_a_directory.write_text("")
    settings.CACHES = {"default": {**settings.CACHES["default"],
                                   "LOCATION": str(not_a_directory / "pages")}}
    sweep_command(tmp_path / "out")
    warned = capsys.readouterr().err.strip().splitlines()
    assert len(warned) == 1
    assert warned[0].startswith("warning: the sweep page was not cached for the web app (")
    assert (tmp_path / "out" / "summary.json").is_file()


@viewer_db
def test_the_sweep_command_analyses_and_draws_once_for_its_report_and_its_page(
        viewer, tmp_path, monkeypatch):
    for recent in (plots._DRAWN, summary._SUMMARIES):
        monkeypatch.setattr(recent, "_kept", OrderedDict())  # none made by earlier tests
    drawn, summarised = [], []
    savefig, summary_of = Figure.savefig, summary._summary
    monkeypatch.setattr(Figure, "savefig",
                        lambda figure, *args, **kwargs: (drawn.append(figure),
                                                         savefig(figure, *args, **kwargs))[1])
    monkeypatch.setattr(summary, "_summary",
                        lambda *args: (summarised.append(args), summary_of(*args))[1])
    sweep_command(tmp_path)
    assert len(drawn) == 4 and len(summarised) == 1
    page = queries(viewer, sweep_url(Sweep.objects.get()))[0]
    report = re.findall(r'src="(data:image/png;base64,[^"]+)"',
                        (tmp_path / "report.html").read_text())
    assert figures(page) == report and len(report) == 4
