import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.logfile import write_log
from scenarios.metrics import compute_metrics
from tests.scenarios.logs import reference_incident
from tests.scenarios.signed_logs import iso_times


@pytest.fixture
def exported(tmp_path):
    records = iso_times(reference_incident().records)
    path = tmp_path / "run.jsonl"
    write_log(records, None, path)
    return path, records


def test_it_prints_the_same_json_as_the_original_records_give(exported, capsys):
    path, records = exported
    call_command("replay", str(path), "--format", "json", "--windows", "all")
    assert json.loads(capsys.readouterr().out) == compute_metrics(records)


def test_it_writes_the_report_to_a_file(exported, tmp_path):
    path, records = exported
    out = tmp_path / "report.md"
    call_command("replay", str(path), "--format", "markdown", "--out", str(out))
    text = out.read_text()
    assert text.startswith("# After-action summary: exposure with access")


def test_it_prints_a_text_report_by_default(exported, capsys):
    path, _ = exported
    call_command("replay", str(path))
    out = capsys.readouterr().out
    assert "EXPOSURE WITH ACCESS" in out and "T+02:10" in out


def test_it_rejects_an_edited_log_with_a_clear_message(exported):
    path, _ = exported
    lines = path.read_text().splitlines()
    lines[5] = lines[5].replace('"t":', '"t":1')
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError, match="rejected log: .*line 6"):
        call_command("replay", str(path))


def test_it_rejects_a_missing_log(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("replay", str(tmp_path / "nope.jsonl"))
