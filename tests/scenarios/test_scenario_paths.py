"""A scenario path is checked before a byte is read: devices, fifos, directories, huge files,
over-long names and NUL bytes give one clear error naming the file, never a hang or a
traceback, in every command that loads a scenario."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from scenarios.format import ScenarioError, load_scenario, resolve_path
from scenarios.format.limits import MAX_PATH_CHARS, MAX_SCENARIO_BYTES

from .engine_helpers import engine_db

ROOT = Path(__file__).resolve().parents[2]


def a_fifo(tmp_path) -> str:
    path = tmp_path / "scenario.fifo"
    os.mkfifo(path)
    return str(path)


def too_big(tmp_path) -> str:
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(MAX_SCENARIO_BYTES + 1)  # sparse: its size is all that is checked
    return str(path)


REFUSED = [
    (lambda tmp: "/dev/zero", "not a regular file"),
    (lambda tmp: str(tmp), "is a directory"),
    (a_fifo, "not a regular file"),
    (too_big, f"at most {MAX_SCENARIO_BYTES:,} bytes"),
    (lambda tmp: "x" * 10_000, f"at most {MAX_PATH_CHARS} are accepted"),
    (lambda tmp: str(tmp / ("y" * 300)), "File name too long"),
    (lambda tmp: "scenario\x00.yaml", "contains a NUL character"),
]
IDS = ["dev-zero", "directory", "fifo", "too-big", "10000-chars", "long-part",
       "nul"]


def validate(path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 scenario file"):
        call_command("validate_scenario", path, stdout=out, stderr=err)
    return out.getvalue()


@pytest.mark.parametrize("make, message", REFUSED, ids=IDS)
def test_load_scenario_refuses_what_is_not_a_scenario_file(tmp_path, make, message):
    with pytest.raises(ScenarioError, match=message) as error:
        load_scenario(make(tmp_path))
    assert len(error.value.issues) == 1


@pytest.mark.parametrize("make, message", REFUSED, ids=IDS)
def test_validate_scenario_names_the_file_and_the_reason(tmp_path, make, message):
    path = make(tmp_path)
    out = validate(path)
    assert message in out
    assert len(out.splitlines()) == 1
    assert out.startswith(path[:80].replace("\x00", "\\x00"))


def test_a_long_name_is_shortened_in_the_message():
    out = validate("x" * 10_000)
    assert "x" * 81 not in out and "(10,000 characters)" in out


def test_resolve_path_still_finds_library_names_and_paths():
    assert resolve_path("meta_internal_forum").name == "meta_internal_forum.yaml"
    assert resolve_path("meta_internal_forum.yaml").name == "meta_internal_forum.yaml"
    library_file = ROOT / "scenarios" / "library" / "meta_internal_forum.yaml"
    assert resolve_path(str(library_file)) == library_file


@engine_db
@pytest.mark.parametrize("make, message", REFUSED, ids=IDS)
def test_run_scenario_refuses_them_too(tmp_path, make, message):
    with pytest.raises(CommandError, match=message):
        call_command("run_scenario", make(tmp_path), stdout=io.StringIO(),
                     stderr=io.StringIO())


@pytest.mark.parametrize("path", ["/dev/stdin", "/dev/zero", "z" * 10_000])
def test_the_command_line_exits_1_with_one_clean_line(path):
    # stdin is a pipe, which is refused by its type before anything is read from it
    result = subprocess.run([sys.executable, "manage.py", "validate_scenario", path], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, stdin=subprocess.PIPE)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "CommandError: 1 of 1 scenario file(s) invalid"
    assert len(result.stdout.splitlines()) == 1 and path[:80] in result.stdout
