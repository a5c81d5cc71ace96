"""Malformed fields in an exported log are errors naming the line, never tracebacks: each
field set to a wrong type, and a fuzz of every payload value, with the chain recomputed so
that only the field checks stand between the log and the metrics."""

import copy
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.format.limits import MAX_LOG_BYTES, MAX_PATH_CHARS
from scenarios.logfile import LogError, open_log, write_log
from scenarios.metrics import compute_metrics
from scenarios.reports import FORMATS, render
from scenarios.engine import run
from scenarios.format import load_scenario
from tests.scenarios.engine_helpers import engine_db
from tests.scenarios.logs import content_org, injected_incident, reference_incident
from tests.scenarios.signed_logs import forge, forged_lines, iso_times, parts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def exported(tmp_path):
    path = tmp_path / "run.jsonl"
    write_log(iso_times(reference_incident().records), None, path)
    return path


def line_of(events, verb) -> int:
    """The file line of the first event with `verb` (line 1 is the header)."""
    return next(i for i, e in enumerate(events) if e["verb"] == verb) + 2


def with_field(path, verb, key, value, *, in_payload=False) -> int:
    header, events = parts(path)
    number = line_of(events, verb)
    target = events[number - 2]["payload"] if in_payload else events[number - 2]
    target[key] = value
    forge(path, header, events)
    return number


ENVELOPE = [
    ("seq", "1"), ("seq", 1.5), ("seq", None), ("seq", True),
    ("t", "0"), ("t", None), ("t", []), ("t", True), ("t", -1), ("t", 10**30), ("t", 10**400),
    ("at", 5), ("at", None), ("at", "yesterday"),
    ("verb", 3), ("verb", None), ("verb", "grant.made_up"),
    ("target", None), ("target", 5), ("target", {}),
    ("payload", []), ("payload", "x"), ("payload", None),
    ("actor", 5), ("actor", []), ("on_behalf_of", {}), ("approved_by", True),
    ("cause", "1"), ("cause", 1.5), ("cause", True), ("cause", 0), ("cause", 999),
]


@pytest.mark.parametrize("key, value", ENVELOPE, ids=[f"{k}={v!r}" for k, v in ENVELOPE])
def test_a_wrong_type_in_an_event_field_names_the_line_and_field(exported, key, value):
    number = with_field(exported, "grant.revoked", key, value)
    with pytest.raises(LogError) as error:
        open_log(exported, unverified=True)
    assert error.value.line == number
    assert f"line {number}" in str(error.value) and key in str(error.value)


PAYLOAD = [
    ("resource.read", "records", "many"), ("resource.read", "records", -1),
    ("resource.read", "records", 1.5), ("resource.read", "records", True),
    ("resource.created", "record_count", "1000"), ("resource.created", "intended", []),
    ("resource.created", "intended", {"groups": "data-team"}),
    ("principal.created", "groups", "all-engineers"), ("principal.created", "groups", [1]),
    ("grant.created", "expires_t", "soon"), ("grant.created", "expires_t", -5),
    ("grant.created", "expires_t", 1e300), ("grant.created", "grantee", 5),
    ("grant.revoked", "advice", {"is_safe": False}), ("post.published", "advice", "t-1.2"),
    ("post.published", "advice", {"is_safe": "no"}),
    ("run.started", "settings", []), ("run.started", "seed", "7"),
    ("run.started", "seed", -1),
]


@pytest.mark.parametrize("verb, key, value", PAYLOAD,
                         ids=[f"{v}.{k}={x!r}" for v, k, x in PAYLOAD])
def test_a_wrong_type_in_a_payload_field_names_the_line_and_field(exported, verb, key, value):
    number = with_field(exported, verb, key, value, in_payload=True)
    with pytest.raises(LogError, match=f"line {number}: .*payload.{key}"):
        open_log(exported, unverified=True)


def test_replay_reports_a_malformed_field_as_a_rejected_line(exported):
    number = with_field(exported, "resource.read", "records", "many", in_payload=True)
    with pytest.raises(CommandError, match=f"rejected log: .*line {number}: .*payload.records "
                                           "must be a whole number"):
        call_command("replay", str(exported), "--unverified")


def test_events_out_of_time_order_are_refused(exported):
    number = with_field(exported, "alert.raised", "t", 1)
    with pytest.raises(LogError, match=f"line {number}: .*t goes back in time"):
        open_log(exported, unverified=True)


@pytest.mark.parametrize("text, message", [
    ('{"t": NaN}', r"malformed JSON \(NaN is not a number JSON allows"),
    ('{"t": ' + "9" * 5000 + "}", "malformed JSON"),
    ("[" * 100_000 + "]" * 100_000, "malformed JSON"),
])
def test_json_that_python_would_choke_on_is_malformed(exported, text, message):
    lines = exported.read_text().splitlines()
    lines[3] = text
    exported.write_text("\n".join(lines) + "\n")
    with pytest.raises(LogError, match=f"line 4: {message}"):
        open_log(exported, unverified=True)


JUNK = [None, True, -1, 2.5, "x", "", [], ["x"], {}, {"x": 1}, 10**40, 10**400]


def fuzzed(records, *, once_per_verb=False):
    """Every payload value and envelope field of every event (or of the first event of
    each verb with that key), set to every junk value."""
    seen = set()
    for index, record in enumerate(records):
        keys = [("payload", key) for key in sorted(record["payload"])]
        keys += [(None, key) for key in ("actor", "target", "on_behalf_of", "approved_by")]
        for where, key in keys:
            if once_per_verb and (record["verb"], where, key) in seen:
                continue
            seen.add((record["verb"], where, key))
            for junk in JUNK:
                events = copy.deepcopy(records)
                (events[index]["payload"] if where else events[index])[key] = junk
                yield events


def assert_refused_or_measured(records, **options):
    """Either the reader refuses each fuzzed log with a line, or metrics and every report
    work; both must happen."""
    buffer = io.StringIO()
    write_log(records, None, buffer)
    header = json.loads(buffer.getvalue().splitlines()[0])
    trailer = json.loads(buffer.getvalue().splitlines()[-1])
    refused = measured = 0
    for events in fuzzed(records, **options):
        lines = forged_lines({**header, **_meta(events)}, events, trailer)
        try:
            log = open_log(io.StringIO("\n".join(lines)), unverified=True)
        except LogError as error:
            assert error.line is not None
            refused += 1
            continue
        metrics = compute_metrics(log.records)
        for fmt in FORMATS:
            render(metrics, fmt)
        measured += 1
    assert refused and measured


@pytest.mark.parametrize("incident", [reference_incident, injected_incident])
def test_no_edit_of_one_field_of_a_hand_made_log_crashes_the_metrics(incident):
    assert_refused_or_measured(iso_times(incident().records))


@engine_db
def test_no_edit_of_one_field_of_an_engine_log_crashes_the_metrics():
    """A run with drafts, approvals and rejections of a post quoting records."""
    result = run(load_scenario("injected_forum_question"), seed=1,
                 overrides={"agent.approval_required": True})
    assert_refused_or_measured(result.records, once_per_verb=True)


def _meta(events):
    payload = next(e["payload"] for e in events if e["verb"] == "run.started")
    return {k: payload.get(k) for k in ("scenario", "digest", "seed", "settings")}


def quoting_log(*quotes):
    """A post drafted, then rejected, each event quoting `quotes[i]`."""
    log = content_org()
    log.post("post.drafted", "t-1.2", "helper", t=5, quotes=quotes[0], provenance="ai")
    log.post("post.rejected", "t-1.2", "bob", t=9, quotes=quotes[1], provenance="ai")
    log.end(10)
    return iso_times(log.records)


@pytest.mark.parametrize("quotes, message", [
    (({"user-metrics": 5}, {"payroll": 5}), "names 'payroll', which no earlier resource"),
    (({"user-metrics": 5}, {"user-metrics": 6}), "quotes of post 't-1.2' differ"),
])
def test_a_post_whose_quotes_change_between_its_events_is_refused(quotes, message):
    buffer = io.StringIO()
    write_log(quoting_log(*quotes), None, buffer)
    with pytest.raises(LogError, match=message) as error:
        open_log(io.StringIO(buffer.getvalue()))
    assert error.value.line == len(buffer.getvalue().splitlines()) - 2


def test_a_post_that_quotes_the_same_records_in_each_event_is_read():
    buffer = io.StringIO()
    write_log(quoting_log({"user-metrics": 5}, {"user-metrics": 5}), None, buffer)
    assert open_log(io.StringIO(buffer.getvalue())).verified


# --- files that are not logs -----------------------------------------------------------

def test_a_directory_is_refused(tmp_path):
    with pytest.raises(CommandError, match="rejected log: .*is a directory"):
        call_command("replay", str(tmp_path))


def test_a_device_is_refused():
    with pytest.raises(CommandError, match="rejected log: .*not a regular file"):
        call_command("replay", "/dev/zero")


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as handle:
        handle.truncate(MAX_LOG_BYTES + 1)      # sparse: no disk used
    with pytest.raises(CommandError, match="log file may be at most 512,000,000 bytes"):
        call_command("replay", str(huge))


@pytest.mark.parametrize("path, message", [
    ("x" * (MAX_PATH_CHARS + 1), "characters long"),
    ("run\x00.jsonl", "NUL character"),
])
def test_a_path_no_file_can_have_is_refused(path, message):
    with pytest.raises(CommandError, match=message):
        call_command("replay", path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="not a UTF-8 text file"):
        call_command("replay", str(binary))


# --- the command line, in a process of its own ------------------------------------------

def manage(*args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True,
                          text=True, env=dict(os.environ), timeout=120)


def test_manage_py_replay_exits_non_zero_without_a_traceback_on_bad_logs(exported, tmp_path):
    good = manage("replay", str(exported), "--format", "json")
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["outcome"] == "exposure_with_access"

    number = with_field(exported, "resource.read", "records", "many", in_payload=True)
    malformed = manage("replay", str(exported), "--unverified")
    header, events = parts(exported)
    events[number - 2]["payload"]["records"] = 5
    forge(exported, header, events)
    forged = manage("replay", str(exported))
    directory = manage("replay", str(tmp_path))
    for result in (malformed, forged, directory):
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
    assert f"line {number}: event seq" in malformed.stderr
    assert "unverified log:" in forged.stderr and "edited after key" in forged.stderr
    assert "is a directory" in directory.stderr
