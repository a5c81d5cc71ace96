"""Runs stored as rows made elsewhere (a sweep's workers make them, the parent writes them
in batches): the same rows, and the same idempotence, as storing one run at a time."""

import zlib
from dataclasses import replace

import pytest

from agents.decisions import RecordedDecider
from scenarios.engine import run
from scenarios.format import load_scenario
from scenarios.models import Run
from scenarios.runs import as_row, canonical, save_row, save_rows, save_run

from .engine_helpers import engine_db

pytestmark = engine_db

STORED_COLUMNS = ("digest", "settings_key", "seed", "scenario", "settings", "outcome", "metrics",
                  "log", "event_count", "status", "failure", "recording", "scenario_text",
                  "inputs", "session")


@pytest.fixture
def results():
    loaded = load_scenario("meta_internal_forum")
    return [run(loaded, seed=seed, overrides=overrides)
            for seed in (1, 2) for overrides in ({}, {"agent.approval_required": True})]


def columns(stored: Run) -> dict:
    return {name: bytes(value) if isinstance(value, memoryview) else value
            for name in STORED_COLUMNS for value in [getattr(stored, name)]}


def failed(result):
    return replace(result, failure="the model could not be reached", metrics={})


def test_a_batch_stores_the_rows_save_run_stores(results):
    one_at_a_time = [columns(save_run(result)[0]) for result in results]
    Run.objects.all().delete()
    save_rows([as_row(result) for result in results])
    assert [columns(stored) for stored in Run.objects.order_by("pk")] == one_at_a_time
    first = Run.objects.order_by("pk").first()
    assert first.records() == results[0].records
    assert zlib.decompress(first.log) == canonical(results[0].records).encode()


def test_a_batch_keeps_finished_runs_and_replaces_failed_ones(results):
    kept, _ = save_run(results[0])
    retried, _ = save_run(failed(results[1]))
    save_rows([as_row(failed(results[0])), as_row(results[1]), as_row(results[2])])
    assert Run.objects.count() == 3
    kept.refresh_from_db()
    retried.refresh_from_db()
    assert kept.status == Run.Status.FINISHED and kept.metrics == results[0].metrics
    assert retried.status == Run.Status.FINISHED and retried.metrics == results[1].metrics


def test_a_row_stored_twice_in_one_batch_is_stored_once(results):
    """The unique constraint refuses the batch's insert; the rows then go one at a time."""
    row = as_row(results[3])
    save_rows([as_row(results[2]), row, row])
    assert Run.objects.count() == 2
    assert set(Run.objects.values_list("seed", flat=True)) == {2}


def test_save_row_is_idempotent_and_returns_whether_it_created(results):
    row = as_row(results[0])
    stored, created = save_row(row)
    again, created_again = save_row(row)
    assert created and not created_again and again.pk == stored.pk


def test_a_paused_run_has_no_row():
    loaded = load_scenario("meta_internal_forum")
    paused = run(loaded, deciders={"priya": RecordedDecider({})})
    assert paused.paused
    with pytest.raises(ValueError, match="a paused run has no final log to store"):
        as_row(paused)
