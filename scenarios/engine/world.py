"""The world a run happens in: the SimPy clock, the forum (through its services), the
actors' mailboxes, random streams and deciders."""

from agents.decisions import DecisionPoint, ScriptedDecider
from forum import compiled, eventlog, lookups, services
from forum.errors import ForumError
from forum.models import Principal

from . import streams
from . import caps
from .caps import BoundedEnvironment
from .mailbox import Mailbox


PRINCIPALS_LOADED_AT_ONCE = 2_000
_EVERYONE = compiled.Query(lambda: Principal.objects.all())
_PRINCIPAL = compiled.Query(lambda username: Principal.objects.filter(username=username), str)


class World:
    def __init__(self, scenario, settings: dict, seed: int, deciders: dict | None = None,
                 models=None, new_events: eventlog.NewEvents | None = None):
        # stops a run at its caps (caps.py)
        self.env = BoundedEnvironment(principals=caps.principal_count(scenario))
        self.models = models  # where model policies' answers come from (agents.llm.Backends)
        self.scenario = scenario
        self.settings = settings
        self.seed = seed
        self.human_deciders = deciders or {}
        self._inboxes: list[Mailbox] = []
        self._last_event_id = 0
        # the events written as the run goes (eventlog.watch()); unwatched, read back
        self._new_events = new_events or eventlog.NewEvents()
        self._principals: dict[str, Principal] | None = None
        self._decision_counts: dict[str, int] = {}

    # --- time and chance -----------------------------------------------------------
    def stream(self, actor: str, purpose: str):
        return streams.stream(self.seed, actor, purpose)

    def wait(self, delay, rng):
        return self.env.timeout(streams.sample(delay, rng))

    # --- the forum ----------------------------------------------------------------
    def principal(self, username: str) -> Principal:
        """Looked up once per run: the whole organisation in one query the first time, when
        it is small, or one principal at a time."""
        if username not in self._known_principals():
            self._principals[username] = _PRINCIPAL.get(username)
        return self._principals[username]

    def principals(self, usernames: list[str]) -> dict[str, Principal]:
        """Several at once, as principal() gives them; those not loaded yet in one query."""
        known = self._known_principals()
        missing = [username for username in usernames if username not in known]
        if missing:
            known.update(Principal.objects.in_bulk(missing, field_name="username"))
        return {username: known[username] for username in usernames}

    def _known_principals(self) -> dict[str, Principal]:
        if self._principals is None:
            small = caps.principal_count(self.scenario) <= PRINCIPALS_LOADED_AT_ONCE
            self._principals = ({p.username: p for p in _EVERYONE.objects()} if small
                                else {})
        return self._principals

    def subscribe(self) -> Mailbox:
        """A mailbox that receives every new event, in log order."""
        inbox = Mailbox(self.env)
        self._inboxes.append(inbox)
        return inbox

    def act(self, service, *args, **kwargs):
        """Call a forum service. A refusal is an outcome, not a crash: it is returned."""
        try:
            return service(*args, **kwargs)
        except ForumError as refusal:
            return refusal
        finally:
            self.deliver()

    def deliver(self) -> None:
        if self._inboxes:
            new = self._new_events.since(self._last_event_id)
            for event in new:
                for inbox in self._inboxes:
                    inbox.put(event)
            passed = [(event.pk, event.cause_id) for event in new]
        else:  # the organisation's events, before any actor listens
            passed = self._new_events.passed(self._last_event_id)
        if passed:
            self._last_event_id = passed[-1][0]
            self.env.count_events(passed)

    # --- decisions ----------------------------------------------------------------
    def decide(self, actor_id: str, spec, *, kind: str, principal: Principal, target: str,
               context: dict, cause=None) -> str:
        """Ask whoever holds the role; log the choice as a `decision.made` event."""
        count = self._decision_counts.get(actor_id, 0) + 1
        self._decision_counts[actor_id] = count
        point = DecisionPoint(f"{actor_id}#{count}", kind, actor_id, principal.username,
                              target, round(self.env.now, 6), context)
        decider = self.human_deciders.get(actor_id) or ScriptedDecider(spec)
        choice = decider.decide(point, self.stream(actor_id, f"decide/{point.id}"))
        self.act(services.record_decision, principal, point=kind, choice=choice, target=target,
                 cause=cause, details={"decision": point.id, "by": decider.answered_by(point)})
        return choice

    def space(self, slug: str):
        return lookups.space(slug)
