import io
import json

import pytest

from scenarios.logfile import LogError, read_log, write_log
from tests.scenarios.logs import reference_incident
from tests.scenarios.signed_logs import iso_times, lines_of, rewrite

META = {"scenario": "hand-made", "digest": "dddddddd", "seed": 7,
        "settings": {"agent.autonomy": "post"}}


@pytest.fixture
def exported(tmp_path):
    records = iso_times(reference_incident().records)
    path = tmp_path / "run.jsonl"
    write_log(records, META, path)
    return path, records


def test_a_written_log_reads_back_equal(exported):
    path, records = exported
    meta, read = read_log(path)
    assert read == records
    assert meta == META


def test_it_writes_a_header_one_line_per_event_and_a_trailer(exported):
    path, records = exported
    lines = lines_of(path)
    header, trailer = json.loads(lines[0]), json.loads(lines[-1])
    assert header == {"overstep_log": 2, **META, "events": len(records)}
    assert len(lines) == len(records) + 2
    assert trailer.keys() == {"end", "events", "hash", "key", "signature"}
    assert trailer["end"] is True and trailer["events"] == len(records)
    assert trailer["hash"] == json.loads(lines[-2])["hash"]
    assert trailer["key"].startswith("ed25519:")


def test_it_takes_the_header_from_run_started_when_no_meta_is_given():
    records = iso_times(reference_incident().records)
    buffer = io.StringIO()
    write_log(records, None, buffer)
    meta, read = read_log(io.StringIO(buffer.getvalue()))
    assert meta["seed"] == 7 and meta["scenario"] == "hand-made"
    assert read == records


def test_the_same_records_give_the_same_bytes(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_log(iso_times(reference_incident().records), META, first)
    write_log(iso_times(reference_incident().records), META, second)
    assert first.read_bytes() == second.read_bytes()


def test_it_rejects_a_file_cut_before_the_trailer(exported):
    path, _ = exported
    rewrite(path, lines_of(path)[:-3])
    with pytest.raises(LogError, match="truncated") as error:
        read_log(path)
    assert error.value.line is not None


def test_it_rejects_a_trailer_after_too_few_events(exported):
    path, _ = exported
    lines = lines_of(path)
    rewrite(path, lines[:-2] + lines[-1:])   # drop the last event, keep the trailer
    with pytest.raises(LogError, match="truncated"):
        read_log(path)


def test_it_rejects_an_edited_event_and_names_its_line(exported):
    path, _ = exported
    lines = lines_of(path)
    event = json.loads(lines[17])
    event["payload"]["records"] = 1
    lines[17] = json.dumps(event, sort_keys=True, separators=(",", ":"))
    rewrite(path, lines)
    with pytest.raises(LogError, match="hash mismatch") as error:
        read_log(path)
    assert error.value.line == 18
    assert "line 18" in str(error.value)


def test_it_rejects_a_removed_event(exported):
    path, _ = exported
    lines = lines_of(path)
    rewrite(path, lines[:5] + lines[6:])
    with pytest.raises(LogError, match="hash mismatch") as error:
        read_log(path)
    assert error.value.line == 6


def test_it_rejects_malformed_json_with_its_line(exported):
    path, _ = exported
    lines = lines_of(path)
    lines[3] = lines[3][:-5]
    rewrite(path, lines)
    with pytest.raises(LogError, match="malformed JSON") as error:
        read_log(path)
    assert error.value.line == 4


def test_it_rejects_a_file_that_is_not_an_overstep_log(tmp_path):
    path = tmp_path / "other.jsonl"
    path.write_text('{"hello": "world"}\n')
    with pytest.raises(LogError, match="not an Overstep log header") as error:
        read_log(path)
    assert error.value.line == 1


def test_it_rejects_an_edited_header(exported):
    path, _ = exported
    lines = lines_of(path)
    header = json.loads(lines[0])
    header["seed"] = 8
    lines[0] = json.dumps(header, sort_keys=True, separators=(",", ":"))
    rewrite(path, lines)
    with pytest.raises(LogError, match="hash mismatch") as error:
        read_log(path)
    assert error.value.line == 2


def test_it_rejects_an_empty_file_and_a_missing_file(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(LogError, match="empty"):
        read_log(empty)
    with pytest.raises(LogError, match="cannot read"):
        read_log(tmp_path / "missing.jsonl")
