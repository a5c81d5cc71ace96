"""Decision points: the moments where an actor chooses, and who answers them.

The engine asks `world.decide(actor_id, point)`; a scripted persona answers in a run, a
person answers in a tabletop session or a training exercise. A person's answer that is not
in yet pauses the run (DecisionPending) so it can resume, by replay, once they decide.
"""

from dataclasses import dataclass, field

FOLLOW_ADVICE = "follow_advice"
APPROVE_DRAFT = "approve_draft"
SHARE_ANALYSIS = "share_analysis"
REVIEW_ACL_CHANGE = "review_acl_change"
REVERT = "revert"
AGENT_POSTED = "agent_posted"
TRIAGE_ALERT = "triage_alert"
ESCALATE = "escalate"
SUSPEND_AGENT = "suspend_agent"

# Options in a fixed order that never says which one is right.
OPTIONS = {
    FOLLOW_ADVICE: ("follow", "verify", "ignore"),
    APPROVE_DRAFT: ("approve", "verify", "reject"),
    SHARE_ANALYSIS: ("share", "verify", "discard"),
    REVIEW_ACL_CHANGE: ("approve", "reject"),
    REVERT: ("revert", "leave"),
    AGENT_POSTED: ("leave", "retract"),
    TRIAGE_ALERT: ("raise", "dismiss"),
    ESCALATE: ("escalate", "hold"),
    SUSPEND_AGENT: ("suspend", "keep_running"),
}


@dataclass(frozen=True)
class DecisionPoint:
    """What a decider is asked. `context` holds only what the role can see."""

    id: str  # "<actor id>#<n>": the n-th decision of that actor, stable across replays
    kind: str
    actor: str
    principal: str
    target: str
    at: float
    context: dict = field(default_factory=dict)

    @property
    def options(self) -> tuple[str, ...]:
        return OPTIONS[self.kind]


class DecisionPending(Exception):
    """A person holds this role and has not decided yet: the run pauses here."""

    def __init__(self, point: DecisionPoint):
        # The point itself is the only argument: SimPy may rebuild the exception from args.
        super().__init__(point)
        self.point = point

    def __str__(self):
        return f"waiting for a decision at {self.point.id} ({self.point.kind})"


class RecordedDecider:
    """A person's decisions, replayed: {point id: choice}. Missing ones pause the run."""

    def __init__(self, choices: dict[str, str]):
        self.choices = dict(choices)

    def answered_by(self, point: DecisionPoint) -> str:
        """Who took the decision just made at `point`: the log records it."""
        return "person"

    def decide(self, point: DecisionPoint, rng) -> str:
        choice = self.choices.get(point.id)
        if choice is None:
            raise DecisionPending(point)
        if choice not in point.options:
            raise ValueError(f"{choice!r} is not an option at {point.id}: {point.options}")
        return choice


class ScriptedDecider:
    """A persona's policy. It always draws the same numbers in the same order, whatever it
    decides, so two settings compared on one seed see the same draws (common random numbers)."""

    def __init__(self, spec):
        self.spec = spec

    def answered_by(self, point: DecisionPoint) -> str:
        return "script"

    def decide(self, point: DecisionPoint, rng) -> str:
        handler = getattr(self, f"_{point.kind}")
        return handler(point, rng)

    def _follow_advice(self, point, rng):
        trust_draw, verify_draw = rng.random(), rng.random()
        persona = self.spec.persona
        if point.context["provenance"] != "ai":
            trust = persona.trust.human
        elif point.context["ai_label_shown"]:
            trust = persona.trust.ai_labelled
        else:
            trust = persona.trust.ai_unlabelled
        if trust_draw >= trust:
            return "ignore"
        return "verify" if verify_draw < persona.verify_rate else "follow"

    def _approve_draft(self, point, rng):
        return "verify" if rng.random() < self.spec.persona.verify_rate else "approve"

    def _share_analysis(self, point, rng):
        return "verify" if rng.random() < self.spec.persona.verify_rate else "share"

    def _review_acl_change(self, point, rng):
        draw = rng.random()
        if point.context["widens_beyond_audience"] and draw < self.spec.diligence:
            return "reject"
        return "approve"

    def _revert(self, point, rng):
        rng.random()
        return "revert"

    # One draw each, whatever the rate: the persona's later decisions keep their numbers.
    def _agent_posted(self, point, rng):
        return "retract" if rng.random() < self.spec.retract_rate else "leave"

    def _triage_alert(self, point, rng):
        return "dismiss" if rng.random() < self.spec.dismiss_rate else "raise"

    def _escalate(self, point, rng):
        return "escalate" if rng.random() < self.spec.escalate_rate else "hold"

    def _suspend_agent(self, point, rng):
        return "suspend" if rng.random() < self.spec.suspend_rate else "keep_running"
