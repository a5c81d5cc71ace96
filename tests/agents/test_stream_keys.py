"""Random streams are named by what a draw is about, never by when it happens: a setting that
only moves an event in time must not redraw it (common random numbers across settings)."""

import ast
from pathlib import Path

import agents

STREAM_CALLS = {"rng", "stream", "tempted"}
TIME_ATTRIBUTES = {"t", "now"}


def time_keyed_streams(source: str) -> list[int]:
    """Lines where a stream's name is built from an event's minute or the clock."""
    found = []
    for call in ast.walk(ast.parse(source)):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "attr", getattr(call.func, "id", ""))
        if name not in STREAM_CALLS:
            continue
        for argument in call.args:
            if any(isinstance(node, ast.Attribute) and node.attr in TIME_ATTRIBUTES
                   for node in ast.walk(argument)):
                found.append(call.lineno)
    return found


def test_the_check_finds_a_stream_keyed_by_time():
    assert time_keyed_streams('self.rng(f"detect/{event.target}/{event.t}")') == [1]
    assert time_keyed_streams('self.rng(f"verify/{key}/{self.env.now:.6f}")') == [1]
    assert time_keyed_streams('self.rng(f"detect/{self.nth(identity)}")') == []


def test_no_behaviour_or_policy_keys_a_stream_by_time():
    root = Path(agents.__file__).parent
    offenders = {str(path.relative_to(root)): lines
                 for path in sorted(root.rglob("*.py"))
                 if (lines := time_keyed_streams(path.read_text(encoding="utf-8")))}
    assert offenders == {}
