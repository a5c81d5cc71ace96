"""The installation's log-signing key: made once, private, shared by racing processes,
and exported with `manage.py log_key` for other installations to trust."""

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.logfile import open_log, write_log
from scenarios.logsign import (
    KeyFileError,
    _create,
    installation_key,
    installation_public_key,
    key_id,
    key_path,
    public_pem,
)
from tests.scenarios.logs import reference_incident
from tests.scenarios.signed_logs import iso_times

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def key_dir(tmp_path, settings):
    settings.KEY_DIR = tmp_path / "keys"
    return settings.KEY_DIR


def test_the_key_is_made_on_first_use_readable_by_its_owner_only(key_dir):
    assert installation_public_key() is None
    key = installation_key()
    assert key_path() == key_dir / "log-signing-key.pem"
    assert stat.S_IMODE(os.stat(key_path()).st_mode) == 0o600
    assert key_id(installation_public_key()) == key_id(key.public_key())
    assert os.listdir(key_dir) == ["log-signing-key.pem"]


def test_the_same_key_is_used_every_time(key_dir):
    first = public_pem(installation_key().public_key())
    assert public_pem(installation_key().public_key()) == first


def test_a_key_made_by_another_process_meanwhile_is_never_replaced(key_dir):
    """The loser of a race: its new key is dropped, and the winner's is used."""
    winner = public_pem(installation_key().public_key())
    _create(key_path())
    assert public_pem(installation_key().public_key()) == winner
    assert os.listdir(key_dir) == ["log-signing-key.pem"]


def test_processes_racing_to_make_the_key_all_get_the_same_one(tmp_path):
    env = {**os.environ, "OVERSTEP_KEY_DIR": str(tmp_path / "raced")}
    processes = [subprocess.Popen([sys.executable, "manage.py", "log_key"], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert all(process.returncode == 0 for process in processes), outputs
    assert len({out for out, _ in outputs}) == 1
    assert outputs[0][0].startswith("-----BEGIN PUBLIC KEY-----")
    assert os.listdir(tmp_path / "raced") == ["log-signing-key.pem"]


def test_a_damaged_key_file_is_a_clear_error(key_dir):
    key_dir.mkdir()
    key_path().write_text("not a key")
    with pytest.raises(KeyFileError, match="is not a PEM private key"):
        write_log(iso_times(reference_incident().records), None, io.StringIO())
    with pytest.raises(CommandError, match="cannot use the log-signing key"):
        call_command("log_key")


def test_log_key_prints_the_public_key_and_its_id(key_dir, capsys):
    call_command("log_key")
    out, err = capsys.readouterr()
    assert out == public_pem(installation_public_key())
    assert key_id(installation_public_key()) in err


def test_a_log_exported_elsewhere_verifies_with_the_key_log_key_wrote_there(
        tmp_path, settings):
    settings.KEY_DIR = tmp_path / "theirs"
    exported = tmp_path / "theirs.jsonl"
    write_log(iso_times(reference_incident().records), None, exported)
    call_command("log_key", "--out", str(tmp_path / "theirs.pem"), stderr=io.StringIO())

    settings.KEY_DIR = tmp_path / "ours"
    assert not open_log(exported, unverified=True).verified
    out = io.StringIO()
    call_command("replay", str(exported), "--trust-key", str(tmp_path / "theirs.pem"),
                 stdout=out)
    assert "UNVERIFIED" not in out.getvalue() and "EXPOSURE WITH ACCESS" in out.getvalue()
