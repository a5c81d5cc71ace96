import csv
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.metrics import compute_metrics
from scenarios.models import Run, Sweep
from tests.scenarios.engine_helpers import engine_db

GRID = ["--grid", "agent.approval_required=false,true"]


def sweep(out, *extra, seeds=2):
    call_command("sweep", "meta_internal_forum", *GRID, "--seeds", str(seeds), "--workers", "1",
                 "--out", str(out), *extra)


@engine_db
def test_it_stores_every_run_and_writes_one_csv_row_per_run_in_grid_order(tmp_path, capsys):
    sweep(tmp_path)
    assert Run.objects.count() == 4
    with (tmp_path / "results.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["agent.approval_required"], r["seed"]) for r in rows] == [
        ("false", "1"), ("false", "2"), ("true", "1"), ("true", "2")]
    assert [r["outcome"] for r in rows] == ["exposure", "exposure", "prevented", "prevented"]
    assert rows[0]["exposure.incident_window_minutes"] == "120.0"
    assert rows[0]["scenario"] == "meta_internal_forum"
    assert "sweep #" in capsys.readouterr().out


@engine_db
def test_it_writes_the_analysis_reports_for_this_sweep(tmp_path):
    sweep(tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["sweep"]["id"] == Sweep.objects.get().pk
    assert summary["sweep"]["grid"] == {"agent.approval_required": [False, True]}
    assert (tmp_path / "report.html").stat().st_size > 0


@engine_db
def test_stored_metrics_equal_a_replay_of_the_stored_log(tmp_path):
    sweep(tmp_path)
    for run in Run.objects.all():
        assert compute_metrics(run.records()) == run.metrics


@engine_db
def test_a_second_sweep_reuses_stored_runs_and_says_so(tmp_path, capsys):
    sweep(tmp_path)
    first_ids = set(Run.objects.values_list("id", flat=True))
    capsys.readouterr()
    sweep(tmp_path, seeds=3)
    out = capsys.readouterr().out
    assert "6 runs, 2 run now, 4 already stored and reused" in out
    assert first_ids < set(Run.objects.values_list("id", flat=True))
    assert Run.objects.count() == 6
    assert Sweep.objects.count() == 2


@engine_db
def test_resume_continues_the_latest_matching_sweep_row(tmp_path, capsys):
    sweep(tmp_path)
    sweep(tmp_path, "--resume")
    assert "(resumed): 4 runs, 0 run now" in capsys.readouterr().out
    assert Sweep.objects.count() == 1


@engine_db
def test_resume_without_a_matching_sweep_opens_a_new_one(tmp_path, capsys):
    sweep(tmp_path, "--resume")
    assert "(new): 4 runs, 4 run now" in capsys.readouterr().out


@engine_db
@pytest.mark.parametrize("grid, message", [
    ("agent.approval=true", "unknown guardrail 'agent.approval'"),
    ("agent.autonomy=post,never", "expected one of analyse, draft, post, got 'never'"),
])
def test_a_bad_grid_fails_before_anything_is_written(tmp_path, grid, message):
    with pytest.raises(CommandError, match=message):
        call_command("sweep", "meta_internal_forum", "--grid", grid, "--seeds", "1",
                     "--out", str(tmp_path / "out"))
    assert not Sweep.objects.exists() and not Run.objects.exists()
    assert not (tmp_path / "out").exists()


@engine_db
def test_an_unknown_scenario_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no scenario of that name"):
        call_command("sweep", "no_such_scenario", "--seeds", "1", "--out", str(tmp_path))


@engine_db
def test_zero_seeds_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--seeds must be at least 1"):
        call_command("sweep", "meta_internal_forum", "--seeds", "0", "--out", str(tmp_path))
