import io
import json

import pytest
from django.core.management import CommandError, call_command

from scenarios.models import Run

from .engine_helpers import engine_db

pytestmark = engine_db


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("run_scenario", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_json_report_with_the_contracted_keys():
    out, _ = run_command("meta_internal_forum", "--format", "json", "--windows", "all")
    report = json.loads(out)
    for key in ("outcome", "chain", "seed", "settings"):
        assert key in report
    window = report["exposure"]["windows"][0]
    assert set(window) >= {"resource", "principal", "start", "end", "duration_minutes",
                           "open_at_end"}
    for key in ("incident_window_minutes", "exposed_principals", "person_minutes",
                "unauthorized_reads"):
        assert key in report["exposure"]
    assert report["agent"]["unapproved_actions"] == 1
    assert report["advice"]["followed"] == 1


def test_its_json_report_groups_the_windows_and_keeps_the_contracted_list_of_a_small_run():
    grouped = json.loads(run_command("meta_internal_forum", "--format", "json")[0])
    every = json.loads(run_command("meta_internal_forum", "--format", "json",
                                   "--windows", "all")[0])
    assert grouped["exposure"]["windows"] == every["exposure"]["windows"]
    assert grouped["exposure"]["window_groups"] == every["exposure"]["window_groups"]
    [group] = grouped["exposure"]["window_groups"]  # 26 engineers, one grant, one revocation
    assert group["principals"] == len(every["exposure"]["windows"]) == 26
    assert set(group) >= {"resource", "start", "end", "duration_minutes", "open_at_end",
                          "opened_by", "closed_by", "names"}


def test_an_unknown_windows_listing_is_refused_by_name():
    with pytest.raises(CommandError, match="--windows: invalid choice: 'some'"):
        run_command("meta_internal_forum", "--windows", "some", "--no-store")


def test_it_stores_the_run_once_however_often_it_is_run():
    run_command("meta_internal_forum", "--seed", "3", "--format", "json")
    run_command("meta_internal_forum", "--seed", "3", "--format", "json")
    assert Run.objects.filter(seed=3).count() == 1
    assert Run.objects.get(seed=3).records()[0]["verb"] == "run.started"


def test_it_applies_set_overrides():
    out, _ = run_command("meta_internal_forum", "--set", "agent.approval_required=true",
                         "--format", "json")
    report = json.loads(out)
    assert report["outcome"] == "prevented"
    assert report["settings"]["agent.approval_required"] is True


def test_an_exported_log_replays_to_identical_metrics(tmp_path):
    log = tmp_path / "run.jsonl"
    out, _ = run_command("meta_internal_forum", "--format", "json", "--export-log", str(log),
                         "--no-store")
    replayed = io.StringIO()
    call_command("replay", str(log), "--format", "json", stdout=replayed)
    assert json.loads(replayed.getvalue()) == json.loads(out)


def test_a_replay_lists_every_window_on_request(tmp_path):
    log = tmp_path / "run.jsonl"
    out, _ = run_command("meta_internal_forum", "--format", "json", "--windows", "all",
                         "--export-log", str(log), "--no-store")
    replayed = io.StringIO()
    call_command("replay", str(log), "--format", "json", "--windows", "all", stdout=replayed)
    assert json.loads(replayed.getvalue()) == json.loads(out)
    assert len(json.loads(out)["exposure"]["windows"]) == 26


def test_check_passes_for_the_reference_incident():
    _, err = run_command("meta_internal_forum", "--check", "--no-store")
    assert "FAIL" not in err and "ok   outcome" in err


def test_check_fails_when_a_guardrail_changes_the_outcome():
    with pytest.raises(CommandError, match="expected outcome"):
        run_command("meta_internal_forum", "--check", "--no-store",
                    "--set", "acl.policy_check=true")


@pytest.mark.parametrize("pair, message", [
    ("agent.approval=true", "unknown guardrail"),
    ("agent.approval_required=maybe", "expected true or false"),
    ("acl.alert_delay_minutes=-5", "positive number of minutes"),
    ("novalue", "KEY=VALUE"),
])
def test_it_refuses_bad_overrides_with_a_clear_message(pair, message):
    with pytest.raises(CommandError, match=message):
        run_command("meta_internal_forum", "--set", pair)


def test_it_reports_an_unknown_scenario_with_the_library_names():
    with pytest.raises(CommandError, match="meta_internal_forum"):
        run_command("no_such_scenario")


def test_it_reports_every_problem_of_an_invalid_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: x\nduration: soon\n")
    with pytest.raises(CommandError) as error:
        run_command(str(bad))
    assert f"{bad}:3: duration" in str(error.value)
    assert "org" in str(error.value)


def test_an_export_that_cannot_be_signed_leaves_no_file_behind(tmp_path, settings):
    settings.KEY_DIR = tmp_path / "not-a-directory"
    settings.KEY_DIR.write_text("a file where the key directory should be")
    log = tmp_path / "run.jsonl"
    with pytest.raises(CommandError, match=f"cannot write {log}"):
        call_command("run_scenario", "meta_internal_forum", "--export-log", str(log),
                     "--no-store", stdout=io.StringIO())
    assert not log.exists()


def test_it_says_on_stderr_where_the_stored_run_is():
    out, err = run_command("meta_internal_forum", "--seed", "5")
    stored = Run.objects.get(seed=5)
    assert f"Stored as run {stored.pk}: http://127.0.0.1:8000/runs/{stored.pk}/" in err
    assert "Stored as run" not in out


def test_the_stored_runs_address_follows_the_site_url(settings):
    settings.SITE_URL = "https://overstep.example.org"  # OVERSTEP_SITE_URL, trailing / cut
    _, err = run_command("meta_internal_forum", "--seed", "6")
    assert f"https://overstep.example.org/runs/{Run.objects.get(seed=6).pk}/" in err


def test_an_unstored_run_has_no_address():
    _, err = run_command("meta_internal_forum", "--no-store")
    assert "Stored as run" not in err


def test_a_failed_check_says_which_expectation_and_the_value():
    with pytest.raises(CommandError) as failure:
        run_command("meta_internal_forum", "--check", "--no-store",
                    "--set", "acl.policy_check=true")
    assert "outcome: expected exposure, got near_miss" in str(failure.value)
    assert "incident_window_minutes: expected between 110 and 130, got 0" in str(failure.value)
