"""Storing runs. A run's identity is (scenario digest, settings, seed): storing it twice is
impossible (a unique constraint), and storing it again is a no-op, so a redelivered task or
a resumed sweep never duplicates a result.

A tabletop session's run also has inputs (people's decisions, injected timeline entries);
they are part of its identity, through its settings key, so it is never taken for the
scripted run of the same settings and seed, and every replay of it uses them."""

import hashlib
import json
import zlib
from dataclasses import dataclass
from functools import lru_cache

from django.db import IntegrityError, transaction
from pydantic import TypeAdapter

from agents.decisions import RecordedDecider, ScriptedDecider

from .format import schema
from .models import Run

TIMELINE_ENTRY = TypeAdapter(schema.TimelineEntry)


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def settings_key(settings: dict, inputs: dict | None = None) -> str:
    data = {"settings": settings, "inputs": inputs} if inputs else settings
    return hashlib.sha256(canonical(data).encode()).hexdigest()


FAILED = "failed"  # the outcome a failed run is listed under


def find_run(digest: str, settings: dict, seed: int) -> Run | None:
    """The finished run of this identity; a failed one does not count (it is retried)."""
    return Run.objects.filter(digest=digest, settings_key=settings_key(settings), seed=seed,
                              status=Run.Status.FINISHED).first()


@dataclass(frozen=True)
class RunRow:
    """A run as its database row holds it, logs already serialised and compressed. Made
    where the run was computed (a sweep's worker process), so the process that stores it
    only writes: a sweep's parent shares the machine's cores with its workers."""

    identity: dict  # digest, settings_key, seed
    fields: dict

    @property
    def key(self) -> tuple[str, str, int]:
        return self.identity["digest"], self.identity["settings_key"], self.identity["seed"]


def as_row(result, inputs: dict | None = None) -> RunRow:
    """A finished or failed RunResult as a row to store; `inputs` are what a tabletop
    session's run was made with (see replay_inputs)."""
    if result.paused:
        raise ValueError("a paused run has no final log to store")
    identity = {"digest": result.digest, "settings_key": settings_key(result.settings, inputs),
                "seed": result.seed}
    return RunRow(identity, {
        "scenario": result.scenario,
        "settings": result.settings,
        "outcome": FAILED if result.failed else result.metrics["outcome"],
        "metrics": result.metrics,
        "log": zlib.compress(canonical(result.records).encode(), 6),
        "event_count": len(result.records),
        "status": Run.Status.FAILED if result.failed else Run.Status.FINISHED,
        "failure": result.failure or "",
        "recording": (zlib.compress(result.recording.to_jsonl().encode(), 6)
                      if len(result.recording) else None),
        "scenario_text": compressed_text(result.scenario_text),
        "inputs": inputs or {},
    })


@lru_cache(maxsize=16)
def compressed_text(text: str) -> bytes:
    """A scenario's text as stored with each of its runs: a sweep's runs share one text,
    compressed once per process."""
    return zlib.compress(text.encode(), 6)


def save_run(result, *, inputs: dict | None = None,
             session: int | None = None) -> tuple[Run, bool]:
    """Store a finished or failed RunResult; returns (run, created). Idempotent by
    identity: a finished run is kept as it is; a failed one is replaced by a later try.
    `inputs` are what a tabletop session's run was made with (see replay_inputs), and
    `session` the number of the session that stores it."""
    return save_row(as_row(result, inputs), session=session)


def save_row(row: RunRow, *, session: int | None = None) -> tuple[Run, bool]:
    """save_run's storing half, for a row made elsewhere (as_row)."""
    existing = Run.objects.filter(**row.identity).first()
    if existing and existing.failed:
        with transaction.atomic():
            Run.objects.filter(pk=existing.pk).update(**row.fields)
        existing.refresh_from_db()
        return existing, False
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Run.objects.create(**row.identity, **row.fields, session=session), True
    except IntegrityError:
        return Run.objects.get(**row.identity), False


def save_rows(rows: list[RunRow]) -> None:
    """save_row for each of `rows`, in one transaction and a few queries: one to find those
    already stored, one insert for the new ones. A row stored meanwhile by someone else
    (another sweep of the same runs) sends the batch back to save_row, one at a time."""
    with transaction.atomic():
        stored = _stored_statuses(rows)
        retried = [row for row in rows if stored.get(row.key) == Run.Status.FAILED]
        new = [row for row in rows if row.key not in stored]
        for row in retried:
            Run.objects.filter(**row.identity).update(**row.fields)
        try:
            with transaction.atomic():
                Run.objects.bulk_create([Run(**row.identity, **row.fields) for row in new])
        except IntegrityError:
            for row in new:
                save_row(row)


def _stored_statuses(rows: list[RunRow]) -> dict[tuple[str, str, int], str]:
    candidates = Run.objects.filter(
        digest__in={row.key[0] for row in rows}, settings_key__in={row.key[1] for row in rows},
        seed__in={row.key[2] for row in rows})
    wanted = {row.key for row in rows}
    statuses = {(digest, key, seed): status for digest, key, seed, status
                in candidates.values_list("digest", "settings_key", "seed", "status")}
    return {key: status for key, status in statuses.items() if key in wanted}


class PeopleThenPersonas(RecordedDecider):
    """A role a person held in a session that has ended: their recorded choices, and the
    scripted persona's for the points they left open (exercises.replay's seats, finished)."""

    def __init__(self, choices: dict, spec):
        super().__init__(choices)
        self.spec = spec

    def answered_by(self, point) -> str:
        return "person" if point.id in self.choices else "script"

    def decide(self, point, rng):
        if point.id not in self.choices:
            return ScriptedDecider(self.spec).decide(point, rng)
        return super().decide(point, rng)


def replay_inputs(loaded, inputs: dict) -> dict:
    """The engine's keyword arguments that replay a stored run's inputs: people's deciders
    and the injected timeline entries."""
    actors = loaded.scenario.actors
    people = inputs.get("people") or {}
    return {"deciders": {actor: PeopleThenPersonas(choices, actors[actor])
                         for actor, choices in sorted(people.items())},
            "extra_timeline": [TIMELINE_ENTRY.validate_python(entry)
                               for entry in inputs.get("injections") or ()]}
