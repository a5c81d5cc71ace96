"""The command keeps a row per analysis for the web app: opened when it starts, finished
with summary.json's dict, incomplete while design points are left, failed with why; a
--resume of the same design in the same directory continues the same row."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.models import Run, SensitivityAnalysis
from scenarios.sensitivity.stored import failure_words
from tests.scenarios.engine_helpers import engine_db
from tests.sensitivity.test_sensitivity_command import IDLE, TINY, TRUST, results, sensitivity

Status = SensitivityAnalysis.Status


@engine_db
def test_a_finished_analysis_is_stored_with_its_summary_and_the_runs_of_each_point(tmp_path):
    sensitivity(tmp_path, seeds=2)
    analysis = SensitivityAnalysis.objects.get()
    assert analysis.status == Status.FINISHED and analysis.finished_at is not None
    assert analysis.summary == json.loads((tmp_path / "summary.json").read_text())
    assert (analysis.scenario, analysis.method, analysis.samples, analysis.seeds,
            analysis.points) == ("tiny_sensitivity", "morris", 4, 2, 12)
    assert [f["name"] for f in analysis.factors] == [TRUST, IDLE]
    assert analysis.out_dir == str(tmp_path.resolve())
    assert analysis.settings["agent.approval_required"] is False
    assert [p["point"] for p in analysis.design_runs] == list(range(12))
    first = analysis.design_runs[0]
    csv_rows = [r for r in results(tmp_path) if r["point"] == "0"]
    assert first["runs"] == [int(r["run_id"]) for r in csv_rows]  # seed 1, then seed 2
    assert first["values"] == {TRUST: float(csv_rows[0][TRUST]),
                               IDLE: float(csv_rows[0][IDLE])}
    assert Run.objects.filter(pk__in=first["runs"]).count() == 2


@engine_db
def test_an_analysis_with_points_left_is_incomplete_and_resume_finishes_the_same_row(tmp_path):
    sensitivity(tmp_path, "--max-points", "5", seeds=2)
    analysis = SensitivityAnalysis.objects.get()
    assert analysis.status == Status.INCOMPLETE and analysis.summary is None
    assert len(analysis.design_runs) == 5

    sensitivity(tmp_path, "--resume", seeds=2)
    analysis.refresh_from_db()
    assert SensitivityAnalysis.objects.count() == 1
    assert analysis.status == Status.FINISHED and analysis.summary["runs"] == 24
    assert len(analysis.design_runs) == 12


@engine_db
def test_without_resume_the_same_command_opens_a_new_analysis(tmp_path):
    sensitivity(tmp_path, "--max-points", "1", seeds=2)
    sensitivity(tmp_path, "--max-points", "1", seeds=2)
    assert SensitivityAnalysis.objects.count() == 2


@engine_db
def test_a_backend_failure_stores_the_analysis_as_failed_with_why(tmp_path, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    with pytest.raises(CommandError) as error:
        sensitivity(tmp_path, "--backend", "celery", seeds=2)
    analysis = SensitivityAnalysis.objects.get()
    assert analysis.status == Status.FAILED
    assert analysis.failure == str(error.value)
    assert "cannot reach the Celery broker" in analysis.failure

    sensitivity(tmp_path, "--resume", seeds=2)  # on the local backend, the same design
    analysis.refresh_from_db()
    assert (analysis.status, analysis.failure, analysis.backend) == (Status.FINISHED, "",
                                                                     "local")


@engine_db
def test_bad_input_opens_no_analysis(tmp_path):
    with pytest.raises(CommandError, match="less than or equal to 1"):
        call_command("sensitivity", TINY, "--param", f"{TRUST}=0:2", "--samples", "4",
                     "--out", str(tmp_path))
    assert not SensitivityAnalysis.objects.exists()


def test_a_stop_that_is_not_the_commands_own_error_is_said_in_words():
    assert failure_words(KeyboardInterrupt()) == ("interrupted; the runs stored so far are "
                                                  "kept")
    assert failure_words(RuntimeError("disk full")).startswith(
        "stopped by RuntimeError: disk full;")
    assert failure_words(CommandError("no broker")) == "no broker"
