"""--resume keeps the design points already in DIR/results.csv and runs only the others."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.models import Run
from tests.scenarios.engine_helpers import engine_db
from tests.sensitivity.test_sensitivity_command import FACTORS, TINY, results, sensitivity


@engine_db
def test_resume_runs_only_the_points_not_in_the_directory(tmp_path, capsys):
    sensitivity(tmp_path, "--max-points", "5")
    first = results(tmp_path)
    assert sorted({r["point"] for r in first}, key=int) == ["0", "1", "2", "3", "4"]
    assert not (tmp_path / "summary.json").exists()
    assert "7 design points left" in capsys.readouterr().out
    stored = Run.objects.count()

    sensitivity(tmp_path, "--resume")
    rows = results(tmp_path)
    keys = [(r["point"], r["seed"]) for r in rows]
    assert len(keys) == len(set(keys)) == 12 * 3
    assert rows[:len(first)] == first  # the same runs, kept as they were
    assert "15 kept from" in capsys.readouterr().out
    assert Run.objects.count() == len({(r["digest"], r["seed"]) for r in rows}) >= stored
    assert json.loads((tmp_path / "summary.json").read_text())["runs"] == 36


@engine_db
def test_resume_refuses_a_directory_holding_another_design(tmp_path):
    sensitivity(tmp_path, "--max-points", "2")
    with pytest.raises(CommandError) as error:
        sensitivity(tmp_path, "--resume", seeds=4)
    assert "holds another design (its seeds differ)" in str(error.value)
    assert "\n" not in str(error.value)


@engine_db
def test_without_resume_the_directory_is_started_afresh(tmp_path):
    sensitivity(tmp_path, "--max-points", "2")
    call_command("sensitivity", TINY, *FACTORS, "--samples", "4", "--seeds", "3",
                 "--workers", "1", "--max-points", "1", "--out", str(tmp_path))
    assert {r["point"] for r in results(tmp_path)} == {"0"}
