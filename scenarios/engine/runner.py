"""One run: a scenario, guardrail settings and a seed in, an event log and metrics out."""

from dataclasses import dataclass, field

from agents.behaviours import behaviour_for
from agents.decisions import DecisionPending, DecisionPoint
from agents.llm import Backends, ModelFailure, Recording
from forum import clock, eventlog, guardrails, lookups, services
from forum.sandbox import sandbox
from forum.vocabulary import Verb

from . import caps
from .guardrail_processes import GuardrailProcesses
from .setup import set_up_org
from .timeline import schedule
from .world import World


@dataclass
class RunResult:
    scenario: str
    digest: str
    seed: int
    settings: dict
    records: list[dict]
    metrics: dict = field(default_factory=dict)
    pending: DecisionPoint | None = None
    observation: object = None
    minutes: float = 0.0
    failure: str | None = None   # why the run could not finish (a model, a cap: caps.py)
    recording: Recording = field(default_factory=Recording)
    scenario_text: str = ""      # the scenario as run, for replays of the stored run

    @property
    def paused(self) -> bool:
        return self.pending is not None

    @property
    def failed(self) -> bool:
        return self.failure is not None


def resolve_settings(scenario, overrides: dict | None = None) -> guardrails.GuardrailSettings:
    """The scenario's guardrails (coerced when it was loaded), then the caller's overrides.

    Settings already resolved (a stored run's, a session's) are used as they are."""
    if isinstance(overrides, guardrails.GuardrailSettings):
        return overrides
    return scenario.guardrails.with_overrides(guardrails.coerce_values(overrides or {}))


def run(loaded, *, seed: int = 1, overrides: dict | None = None,
        deciders: dict | None = None, until: float | None = None, observe=None,
        extra_timeline: list | None = None, recording: Recording | None = None,
        model=None) -> RunResult:
    """Replay `loaded` (a LoadedScenario) in a private sandbox forum; keep only the log.

    `deciders` maps actor ids to people's deciders (tabletop, training): the run pauses at
    the first of their decisions not yet taken and reports it as `pending`.
    `until` stops the run early (minutes); `observe(world)` is called inside the sandbox
    at the end, before it is rolled back, to look at the forum as it stands then.
    `extra_timeline` adds timeline entries (scenarios.format.schema types, e.g. RaiseAlert)
    to the scenario's own, as a facilitator's injected events; None or [] changes nothing.
    `recording` answers every model request from a stored run's recording (a replay never
    calls a model again); `recorded` policies answer from the recordings `loaded` carries;
    `model` (a backend, agents.llm) answers every `model` policy instead of its endpoint.
    A run whose model fails, or that reaches a cap (engine.caps: people, events, simulated
    time, zero-delay loops), stops there and is returned with its `failure` and no metrics:
    never a half result.
    """
    from scenarios.metrics import compute_metrics

    scenario = loaded.scenario
    settings = resolve_settings(scenario, overrides)
    with sandbox(), guardrails.use(settings), eventlog.watch() as new_events, lookups.per_run():
        models = Backends(replay=recording, recordings=loaded.recordings,
                          policies=model_policies(scenario), live=model)
        world = World(scenario, settings, seed, deciders, models=models, new_events=new_events)
        with clock.use(clock.SimClock(scenario.start, world.env)):
            started = services.mark_run(Verb.RUN_STARTED, scenario=scenario.name,
                                        digest=loaded.digest, seed=seed, settings=settings)
            pending, failure = None, None
            try:
                caps.check_principals(scenario)
                set_up_org(scenario, settings, seed, after_event=started.pk)
                pending = _simulate(world, until if until is not None else scenario.duration,
                                    extra_timeline or ())
            except (ModelFailure, caps.RunStopped) as error:
                failure = str(error)
            if pending is None and failure is None:
                services.mark_run(Verb.RUN_ENDED, minutes=world.env.now)
            records = eventlog.all_records()
            observation = observe(world) if observe else None
    result = RunResult(scenario.name, loaded.digest, seed, settings, records, pending=pending,
                       observation=observation, minutes=world.env.now, failure=failure,
                       recording=models.recording, scenario_text=loaded.text)
    if pending is None and failure is None:
        result.metrics = compute_metrics(records)
    return result


def model_policies(scenario) -> dict:
    """The model agents' policies, kept with a recording so it can be replayed alone."""
    return {actor: spec.policy.model_dump(exclude_none=True)
            for actor, spec in scenario.actors.items()
            if getattr(getattr(spec, "policy", None), "kind", "") in ("model", "recorded")}


def _simulate(world: World, until: float, extra_timeline=()) -> DecisionPoint | None:
    world.deliver()
    world.env.setup_done()
    for actor_id, spec in world.scenario.actors.items():
        behaviour_for(spec)(world, actor_id, spec).start()
    processes = GuardrailProcesses(world)
    processes.start_all()
    schedule(world, extra_timeline, processes)
    try:
        world.env.run(until=caps.horizon(until))
    except DecisionPending as waiting:
        return waiting.point
    caps.check_time(until)
    return None
