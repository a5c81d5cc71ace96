"""Replays from several threads of one process (a web server's: a console and a room
polling at once) share its in-memory sandbox; they take turns and give the same log."""

import threading

import pytest

from scenarios.engine import run
from scenarios.format import load_library

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "sandbox"])


def test_runs_in_threads_at_once_take_turns_and_agree():
    loaded = load_library("meta_internal_forum")
    expected = [(r["verb"], r["target"]) for r in run(loaded, seed=1).records]
    logs, errors = [], []

    def replay():
        try:
            logs.append([(r["verb"], r["target"]) for r in run(loaded, seed=1).records])
        except Exception as error:  # noqa: BLE001 - the test reports whatever broke
            errors.append(repr(error))

    threads = [threading.Thread(target=replay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert logs == [expected] * 4
