"""The sweep command ends with the comparison table (the report's figures) and says where
the report and the sweep's page are."""

import json

from django.core.management import call_command

from scenarios.models import Sweep
from tests.scenarios.engine_helpers import engine_db


def sweep_output(out, capsys) -> str:
    call_command("sweep", "meta_internal_forum", "--grid", "agent.approval_required=false,true",
                 "--seeds", "2", "--workers", "1", "--out", str(out))
    return capsys.readouterr().out


def table_row(output: str, label: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith(label))
    return line.removeprefix(label).split()


@engine_db
def test_it_prints_the_reports_figures_per_setting(tmp_path, capsys):
    output = sweep_output(tmp_path, capsys)
    assert "P(exposure)" in output and "person-min (mean)" in output
    summary = json.loads((tmp_path / "summary.json").read_text())
    base, guarded = summary["groups"]
    assert table_row(output, "agent.approval_required=false *") == [
        "2", "1.00", f'{base["exposure"]["person_minutes"]["mean"]:.0f}',
        f'{base["exposure"]["exposed_minutes"]["exposed_runs"]["median"]:.0f}', "0.00", "0.00"]
    assert table_row(output, "agent.approval_required=true") == [
        "2", "0.00", "0", "–", "0.00", f'{guarded["cost"]["approvals_requested"]["mean"]:.2f}']


@engine_db
def test_it_says_where_the_report_and_the_sweep_page_are(tmp_path, capsys):
    output = sweep_output(tmp_path, capsys)
    assert f"Report: {(tmp_path / 'report.html').resolve()}" in output
    assert f"Sweep page: http://127.0.0.1:8000/sweeps/{Sweep.objects.get().pk}/" in output
