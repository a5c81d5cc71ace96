"""Recomputing a session's state: replay the engine with people's recorded decisions.

A run with people in it pauses at the first decision a person has not taken yet; replaying
with one more recorded decision carries it to the next. The facilitator may also hold the
clock at a minute: the run stops there, everything up to and including that minute having
happened. Same inputs, same log, so results are cached by a fingerprint of the inputs and a
server restart loses nothing.
"""

import hashlib
import json
import math
from dataclasses import dataclass, field

from django.core.cache import cache

from agents.decisions import DecisionPending, DecisionPoint, RecordedDecider, ScriptedDecider
from forum.vocabulary import Verb
from scenarios.engine import run

from .public_view import public_forum
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
    held: bool = False  # stopped at the minute the facilitator holds the clock at
    result: object = None  # the engine's RunResult: what scenarios.runs.save_run stores

    @property
    def finished(self) -> bool:
        """The run reached the scenario's end: nobody to wait for, no clock held."""
        return self.pending is None and not self.held


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
           injections: list = (), finish: bool = False, held_at: float | None = None) -> Replay:
    """Run `loaded` with `people` ({actor id: {point id: choice}}) holding their roles.

    `injections` are timeline entries; `finish` lets scripted personas answer whatever the
    people left open, so an ended session still gets a complete run and its metrics.
    `held_at` stops the run after that minute (ignored when finishing, or at or past the
    scenario's end): the result is `held`, not finished, and has no metrics.
    """
    until = None if finish else hold_until(held_at, loaded.scenario.duration)
    key = _fingerprint(loaded.digest, seed, settings, people, injections, finish, until)
    found = cache.get(key)
    if found is None:
        found = _replay(loaded, seed, settings, people, list(injections), finish, until)
        cache.set(key, found, CACHE_SECONDS)
    return found


def hold_until(held_at: float | None, duration: float) -> float | None:
    """Where the engine stops for a clock held at `held_at`: just past it, so what happens
    at that very minute has happened (SimPy stops before events at `until`)."""
    if held_at is None or not held_at < duration:
        return None
    return math.nextafter(max(held_at, 0.0), math.inf)


def _replay(loaded, seed, settings, people, injections, finish, until=None) -> Replay:
    table = Table(scripted_fallback=finish)
    actors = loaded.scenario.actors
    deciders = {actor: Seat(choices, table, actors[actor]) for actor, choices in people.items()}

    def observe(world):
        # The role's situation (if the run waits for a person) and, for the room view,
        # the forum as the public sees it.
        seen = observe_point(world, table.waiting) if table.waiting else {}
        return {**seen, "public_forum": public_forum(world)}

    result = run(loaded, seed=seed, overrides=settings, deciders=deciders, observe=observe,
                 extra_timeline=injections, until=until)
    if result.failed:
        raise ReplayFailed(f"the run stopped: {result.failure}")
    if until is not None and result.pending is None:
        return _held(result, until)
    return Replay(records=result.records, minutes=result.minutes, pending=result.pending,
                  situation=result.observation, metrics=result.metrics, result=result)


def _held(result, until: float) -> Replay:
    """A run stopped at the held clock: the engine marks it ended, but the scenario's clock
    has not run out, so that marker goes, and so do metrics of a story half told."""
    records = [r for r in result.records if r["verb"] != Verb.RUN_ENDED]
    return Replay(records=records, minutes=math.nextafter(until, -math.inf), held=True)


def _fingerprint(digest, seed, settings, people, injections, finish, until) -> str:
    data = {"digest": digest, "seed": seed, "settings": settings, "people": people,
            "injections": [entry.model_dump(mode="json") for entry in injections],
            "finish": finish, "until": until}
    text = json.dumps(data, sort_keys=True, default=str)
    return "exercises-replay:" + hashlib.sha256(text.encode()).hexdigest()
