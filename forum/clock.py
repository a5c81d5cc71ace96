"""What time it is for the forum: wall-clock for people, simulated time for the engine.

The engine installs a SimClock for the duration of a run, so every service call stamps its
event with simulated time without the caller passing it around.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.utils import timezone


class WallClock:
    def now(self) -> datetime:
        return timezone.now()

    def minutes(self) -> float | None:
        return None


class SimClock:
    """Simulated time: `start` plus the SimPy environment's minutes."""

    def __init__(self, start: datetime, env):
        self.start = start
        self.env = env

    def now(self) -> datetime:
        return self.start + timedelta(minutes=self.env.now)

    def minutes(self) -> float | None:
        return round(float(self.env.now), 6)


_current: ContextVar = ContextVar("overstep_clock", default=WallClock())


def now() -> datetime:
    return _current.get().now()


def minutes() -> float | None:
    return _current.get().minutes()


@contextmanager
def use(clock):
    token = _current.set(clock)
    try:
        yield clock
    finally:
        _current.reset(token)
