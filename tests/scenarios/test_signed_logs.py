"""Logs that cannot be forged: an edit whose hash chain was recomputed (which the unkeyed
format of version 1 accepted) is refused, because only the installation's key signs."""

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.logfile import LogError, UntrustedLog, open_log, write_log
from scenarios.logsign import installation_key, key_id, public_pem
from scenarios.metrics import compute_metrics
from tests.scenarios.engine_helpers import engine_db
from tests.scenarios.logs import reference_incident
from tests.scenarios.signed_logs import forge, iso_times, lines_of, parts, rewrite


@pytest.fixture
def records():
    return iso_times(reference_incident().records)


@pytest.fixture
def exported(tmp_path, records):
    path = tmp_path / "run.jsonl"
    write_log(records, None, path)
    return path


def replay_json(path, *options, capsys):
    """The replay's JSON report with every window: the metrics as computed."""
    call_command("replay", str(path), "--format", "json", "--windows", "all", *options)
    return json.loads(capsys.readouterr().out)


def renumbered(events: list[dict]) -> list[dict]:
    """Events given consecutive seqs again after one was dropped or inserted, with causes
    following their events (a dropped event's effects lose their cause)."""
    new_seq = {e["seq"]: index for index, e in enumerate(events, 1) if e["seq"] is not None}
    return [{**e, "seq": index, "cause": new_seq.get(e["cause"])}
            for index, e in enumerate(events, 1)]


def erase_the_exposure(path):
    header, events = parts(path)
    kept = [e for e in events if not (e["verb"] == "grant.created" and e["actor"] == "bob")]
    forge(path, header, renumbered(kept))


def invent_a_read(path):
    header, events = parts(path)
    at = next(i for i, e in enumerate(events) if e["t"] > 60)
    read = {**events[at - 1], "seq": None, "t": 60, "verb": "resource.read", "actor": "alice",
            "target": "resource:user-metrics", "cause": None, "approved_by": None,
            "on_behalf_of": None, "payload": {"records": 1000, "purpose": ""}}
    forge(path, header, renumbered(events[:at] + [read] + events[at:]))


def change_the_seed(path):
    header, events = parts(path)
    events[0]["payload"]["seed"] = 8
    forge(path, {**header, "seed": 8}, events)


# --- forgeries with a recomputed chain -------------------------------------------------

@pytest.mark.parametrize("edit", [erase_the_exposure, invent_a_read, change_the_seed])
def test_replay_refuses_an_edit_whose_chain_was_recomputed(exported, edit):
    edit(exported)
    with pytest.raises(CommandError, match="unverified log: .*edited after key ed25519:"):
        call_command("replay", str(exported))


def test_the_recomputed_chain_alone_would_have_passed_and_changed_the_figures(
        exported, records, capsys):
    """What version 1 accepted: without the signature, the erased grant erases the exposure."""
    erase_the_exposure(exported)
    report = replay_json(exported, "--unverified", capsys=capsys)
    assert compute_metrics(records)["outcome"] == "exposure_with_access"
    assert report["outcome"] != "exposure_with_access"
    assert report["verified"] is False


def test_an_invented_read_would_have_counted_as_an_unauthorized_read(
        exported, records, capsys):
    invent_a_read(exported)
    report = replay_json(exported, "--unverified", capsys=capsys)
    before = compute_metrics(records)["exposure"]["unauthorized_reads"]
    assert report["exposure"]["unauthorized_reads"] == before + 1
    assert report["verified"] is False


def test_a_header_that_disagrees_with_run_started_is_refused_even_unverified(exported):
    header, events = parts(exported)
    forge(exported, {**header, "seed": 8}, events)
    with pytest.raises(CommandError, match=r"line 1: the header's seed \(8\) disagrees"):
        call_command("replay", str(exported), "--unverified")


def test_an_untouched_signed_export_replays_without_a_warning(exported, records, capsys):
    report = replay_json(exported, capsys=capsys)
    assert report == compute_metrics(records)
    assert "verified" not in report and "warning" not in report


def test_a_signature_copied_onto_another_log_does_not_verify(tmp_path, records, exported):
    other = tmp_path / "other.jsonl"
    write_log(records[:-1], None, other)
    lines = lines_of(other)
    signature = json.loads(lines_of(exported)[-1])["signature"]
    lines[-1] = json.dumps({**json.loads(lines[-1]), "signature": signature})
    rewrite(other, lines)
    with pytest.raises(UntrustedLog, match="edited after"):
        open_log(other)


# --- other installations and trusted keys ----------------------------------------------

@pytest.fixture
def elsewhere(tmp_path, records):
    """A log signed by another installation, and that installation's key."""
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "elsewhere.jsonl"
    write_log(records, None, path, key=key)
    return path, key


def test_a_log_from_another_installation_is_refused_without_trust(elsewhere):
    path, key = elsewhere
    with pytest.raises(CommandError, match=f"signed by key {key_id(key.public_key())}, which "
                                           "is neither this installation's key"):
        call_command("replay", str(path))


def raw(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)


@pytest.mark.parametrize("encode", [
    lambda key: public_pem(key.public_key()).encode(),
    raw,
    lambda key: raw(key).hex().encode() + b"\n",
    lambda key: key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                              serialization.PublicFormat.OpenSSH),
], ids=["pem", "raw", "hex", "openssh"])
def test_a_log_from_another_installation_is_accepted_with_its_trusted_key(
        elsewhere, records, tmp_path, capsys, encode):
    path, key = elsewhere
    trusted = tmp_path / "their.key"
    trusted.write_bytes(encode(key))
    assert replay_json(path, "--trust-key", str(trusted), capsys=capsys) == \
        compute_metrics(records)


def test_trusting_some_other_key_does_not_help(elsewhere, tmp_path):
    path, _ = elsewhere
    unrelated = tmp_path / "unrelated.pem"
    unrelated.write_text(public_pem(Ed25519PrivateKey.generate().public_key()))
    with pytest.raises(CommandError, match="neither this installation's key nor a trusted"):
        call_command("replay", str(path), "--trust-key", str(unrelated))


@pytest.mark.parametrize("content, message", [
    (b"not a key at all", "not an Ed25519 public key"),
    (b"", "not an Ed25519 public key"),
])
def test_a_trusted_key_file_that_is_not_a_key_is_an_error(exported, tmp_path, content,
                                                          message):
    bad = tmp_path / "bad.pem"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=f"--trust-key: .*{message}"):
        call_command("replay", str(exported), "--trust-key", str(bad))


def test_a_missing_trusted_key_file_is_an_error(exported, tmp_path):
    with pytest.raises(CommandError, match="--trust-key: .*cannot read the public key"):
        call_command("replay", str(exported), "--trust-key", str(tmp_path / "none.pem"))


# --- unsigned (version 1) logs and --unverified ----------------------------------------

@pytest.fixture
def version_one(exported):
    """The export as Overstep wrote it before signing: version 1, no key, no signature."""
    header, events = parts(exported)
    forge(exported, {**header, "overstep_log": 1}, events)
    lines = lines_of(exported)
    trailer = json.loads(lines[-1])
    lines[-1] = json.dumps({k: trailer[k] for k in ("end", "events", "hash")})
    rewrite(exported, lines)
    return exported


def test_an_unsigned_version_one_log_is_refused(version_one):
    with pytest.raises(CommandError, match="the log is unsigned .*--unverified"):
        call_command("replay", str(version_one))


def test_unverified_text_report_starts_with_the_warning(version_one, capsys):
    call_command("replay", str(version_one), "--unverified")
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("UNVERIFIED LOG: the log is unsigned")


def test_unverified_markdown_report_starts_with_the_warning(version_one, tmp_path):
    out = tmp_path / "report.md"
    call_command("replay", str(version_one), "--unverified", "--format", "markdown",
                 "--out", str(out))
    first, _, rest = out.read_text().partition("\n")
    assert first.startswith("> **Unverified log:** the log is unsigned")
    assert "# After-action summary" in rest


def test_unverified_json_report_says_so(version_one, records, capsys):
    report = replay_json(version_one, "--unverified", capsys=capsys)
    assert report.pop("verified") is False
    assert report.pop("warning").startswith("unverified log: the log is unsigned")
    assert report == compute_metrics(records)


# --- the run_scenario export -----------------------------------------------------------

@engine_db
def test_run_scenario_exports_a_log_signed_by_this_installation(tmp_path, capsys):
    log = tmp_path / "run.jsonl"
    call_command("run_scenario", "meta_internal_forum", "--export-log", str(log), "--no-store",
                 "--format", "json", "--windows", "all")
    run_report = json.loads(capsys.readouterr().out)
    assert json.loads(lines_of(log)[-1])["key"] == key_id(installation_key().public_key())
    assert open_log(log).verified
    assert replay_json(log, capsys=capsys) == run_report


def test_reading_without_options_raises_for_an_untrusted_log(elsewhere):
    path, _ = elsewhere
    with pytest.raises(LogError):
        open_log(path)
    assert open_log(path, unverified=True).problem.startswith("the log is signed by key")
