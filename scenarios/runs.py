"""Storing runs. A run's identity is (scenario digest, settings, seed): storing it twice is
impossible (a unique constraint), and storing it again is a no-op, so a redelivered task or
a resumed sweep never duplicates a result.

A tabletop session's run also has inputs (people's decisions, injected timeline entries);
they are part of its identity, through its settings key, so it is never taken for the
scripted run of the same settings and seed, and every replay of it uses them."""

import hashlib
import json
import zlib

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


def save_run(result, *, inputs: dict | None = None,
             session: int | None = None) -> tuple[Run, bool]:
    """Store a finished or failed RunResult; returns (run, created). Idempotent by
    identity: a finished run is kept as it is; a failed one is replaced by a later try.
    `inputs` are what a tabletop session's run was made with (see replay_inputs), and
    `session` the number of the session that stores it."""
    if result.paused:
        raise ValueError("a paused run has no final log to store")
    identity = {"digest": result.digest, "settings_key": settings_key(result.settings, inputs),
                "seed": result.seed}
    fields = {
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
        "scenario_text": zlib.compress(result.scenario_text.encode(), 6),
        "inputs": inputs or {},
    }
    existing = Run.objects.filter(**identity).first()
    if existing and existing.failed:
        with transaction.atomic():
            Run.objects.filter(pk=existing.pk).update(**fields)
        existing.refresh_from_db()
        return existing, False
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Run.objects.create(**identity, **fields, session=session), True
    except IntegrityError:
        return Run.objects.get(**identity), False


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
