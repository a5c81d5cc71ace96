"""Recomputing a session's state: replay the engine with people's recorded decisions.

A run with people in it pauses at the first decision a person has not taken yet; replaying
with one more recorded decision carries it to the next. Same inputs, same log, so results
are cached by a fingerprint of the inputs and a server restart loses nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.cache import cache

from agents.decisions import DecisionPending, DecisionPoint, RecordedDecider, ScriptedDecider
from scenarios.engine import run

from .situation import observe_point

CACHE_SECONDS = 600


class ReplayFailed(ValueError):
    """The engine stopped the run (a cap reached, a model failed): there is no state to show."""


@dataclass
class Replay:
    """A session's state at its current point: the log so far, and who it waits for."""

    records: list[dict]
    minutes: float
    pending: DecisionPoint | None = None
    situation: dict | None = None
    metrics: dict = field(default_factory=dict)
    result: object = None  # the engine's RunResult: what scenarios.runs.save_run stores

    @property
    def finished(self) -> bool:
        return self.pending is None


class Seat(RecordedDecider):
    """A person's chair at the table: their recorded choices; without one, the run waits
    for them, or, once the table has ended, the scripted persona answers for them."""

    def __init__(self, choices: dict, table: "Table", spec):
        super().__init__(choices)
        self.table = table
        self.spec = spec

    def answered_by(self, point) -> str:
        return "person" if point.id in self.choices else "script"

    def decide(self, point, rng):
        if point.id not in self.choices and self.table.scripted_fallback:
            return ScriptedDecider(self.spec).decide(point, rng)
        try:
            return super().decide(point, rng)
        except DecisionPending:
            self.table.waiting = point
            raise


class Table:
    def __init__(self, scripted_fallback: bool = False):
        self.scripted_fallback = scripted_fallback
        self.waiting: DecisionPoint | None = None


def replay(loaded, *, seed: int, settings: dict, people: dict[str, dict],
           injections: list = (), finish: bool = False) -> Replay:
    """Run `loaded` with `people` ({actor id: {point id: choice}}) holding their roles.

    `injections` are timeline entries; `finish` lets scripted personas answer whatever the
    people left open, so an ended session still gets a complete run and its metrics.
    """
    key = _fingerprint(loaded.digest, seed, settings, people, injections, finish)
    found = cache.get(key)
    if found is None:
        found = _replay(loaded, seed, settings, people, list(injections), finish)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _replay(loaded, seed, settings, people, injections, finish) -> Replay:
    table = Table(scripted_fallback=finish)
    actors = loaded.scenario.actors
    deciders = {actor: Seat(choices, table, actors[actor]) for actor, choices in people.items()}

    def observe(world):
        return observe_point(world, table.waiting) if table.waiting else None

    result = run(loaded, seed=seed, overrides=settings, deciders=deciders, observe=observe,
                 extra_timeline=injections)
    if result.failed:
        raise ReplayFailed(f"the run stopped: {result.failure}")
    return Replay(records=result.records, minutes=result.minutes, pending=result.pending,
                  situation=result.observation, metrics=result.metrics, result=result)


def _fingerprint(digest, seed, settings, people, injections, finish) -> str:
    data = {"digest": digest, "seed": seed, "settings": settings, "people": people,
            "injections": [entry.model_dump(mode="json") for entry in injections],
            "finish": finish}
    text = json.dumps(data, sort_keys=True, default=str)
    return "exercises-replay:" + hashlib.sha256(text.encode()).hexdigest()
