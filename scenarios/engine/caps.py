"""The caps every run stays within: people, events, simulated time, and zero-delay loops.

A run that reaches one stops with RunStopped, whose message says which cap and what it is.
The runner turns it into the run's `failure`, the path a model failure takes: the run is
returned with its log so far and no metrics, stored as failed with the reason, listed
among a sweep's failed runs.

Zero-delay loops. Actors that answer each other with no delay (two amplifiers repeating
each other's advice, say) never let SimPy's clock move, so `env.run(until=...)` would never
return. The environment watches, at each simulated instant:
- the longest causal chain (MAX_CHAIN_AT_ONE_INSTANT): every reaction logs the event it
  answers as its `cause`, so a loop builds one ever longer chain of events at one minute,
  while a crowd acting at once builds many short ones. A loop stops after a few hundred
  events, in seconds, and a large crowd is never mistaken for one;
- events written to the log (MAX_EVENTS_AT_ONE_INSTANT, plus 10 per principal, so the cap
  grows with the organisation): a loop whose events name no cause;
- SimPy steps (MAX_STEPS_AT_ONE_INSTANT): every turn of any loop that does not advance
  time is at least one step, so this also catches loops that write nothing (a process
  yielding zero-minute timeouts forever). It is much larger, since a legitimate instant
  takes several steps per event (each event goes into every actor's mailbox) and a curious
  crowd starts one process per member.
Both counts start again whenever time moves on. They count steps and events, not seconds,
so a run stops at the same point on any machine: the engine stays deterministic.
"""

import simpy

from scenarios.format import limits


class RunStopped(Exception):
    """A run reached one of its caps; the message says which, for the stored failure."""


class BoundedEnvironment(simpy.Environment):
    """A SimPy environment that refuses to run forever at one instant or past the event cap.

    `count_events(events)` is told of every batch of new log events (World.deliver); a cap
    reached there is raised at the end of the current step, outside the actors' code.
    `setup_done()` marks the end of building the organisation: its events count toward
    the run's total, not toward minute 0's instant."""

    def __init__(self, principals: int = 0):
        super().__init__()
        self.events = 0
        self._events_cap_here = limits.MAX_EVENTS_AT_ONE_INSTANT + 10 * principals
        self._chains: dict[int, int] = {}  # event id -> length of its causal chain, this instant
        self._instant = 0.0
        self._steps_here = 0
        self._events_here = 0
        self._stop: str | None = None

    def step(self) -> None:
        super().step()
        self._follow_time()
        self._steps_here += 1
        if self._steps_here > limits.MAX_STEPS_AT_ONE_INSTANT:
            raise RunStopped(self._at_instant(
                f"more than {limits.MAX_STEPS_AT_ONE_INSTANT:,} simulation steps"))
        if self._stop:
            raise RunStopped(self._stop)

    def count_events(self, events) -> None:
        """`events`: the new log events (id, cause id), in log order."""
        self._follow_time()
        self.events += len(events)
        self._events_here += len(events)
        longest = 0
        for event_id, cause_id in events:
            length = self._chains.get(cause_id, 0) + 1
            self._chains[event_id] = length
            longest = max(longest, length)
        if self.events > limits.MAX_EVENTS:
            self._stop = f"stopped: more than {limits.MAX_EVENTS:,} events (the cap per run)"
        elif longest > limits.MAX_CHAIN_AT_ONE_INSTANT:
            self._stop = self._at_instant(
                f"a chain of more than {limits.MAX_CHAIN_AT_ONE_INSTANT:,} events, each caused "
                "by the one before,")
        elif self._events_here > self._events_cap_here:
            self._stop = self._at_instant(f"more than {self._events_cap_here:,} events")

    def setup_done(self) -> None:
        self._events_here = 0
        self._chains.clear()

    def _follow_time(self) -> None:
        if self._now != self._instant:
            self._instant, self._steps_here, self._events_here = self._now, 0, 0
            self._chains.clear()

    def _at_instant(self, what: str) -> str:
        return (f"stopped at minute {round(self._now, 6):g}: {what} at one simulated instant "
                "(the cap): a loop of actors answering each other with no delay")


def principal_count(scenario) -> int:
    """Named principals and crowd members: everyone the run will create."""
    org = scenario.org
    return len(org.principals) + sum(crowd.count for crowd in org.crowds)


def check_principals(scenario) -> None:
    """Before the organisation is built: a crowd too large never starts allocating."""
    count = principal_count(scenario)
    if count > limits.MAX_PRINCIPALS:
        raise RunStopped(f"stopped before it started: the scenario creates {count:,} "
                         f"principals (members and crowds); the cap per run is "
                         f"{limits.MAX_PRINCIPALS:,}")


def horizon(until: float) -> float:
    """How far the run goes: `until`, or the time cap if it asks for more (or for nan)."""
    return until if until <= limits.MAX_MINUTES else limits.MAX_MINUTES


def check_time(until: float) -> None:
    """After a run that went to its horizon: one that asked for more than the cap stopped."""
    if not until <= limits.MAX_MINUTES:
        raise RunStopped(f"stopped: simulated time reached {limits.MAX_MINUTES:,.0f} minutes "
                         f"(the cap per run, {limits.MAX_MINUTES / 1440:g} days); the run "
                         f"asked for {until:,g}")
