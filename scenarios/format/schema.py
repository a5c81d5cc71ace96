"""The scenario format as pydantic models. docs/scenarios.md documents every key.

Names (groups, principals, spaces, resources, actors, threads) are cross-checked in
`references.py`, after the shapes here are valid.
"""

from datetime import datetime, timezone
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from forum.vocabulary import GRANTEE_PATTERN

from .durations import parse_duration
from .limits import (MAX_COUNT, MAX_EVENTS, MAX_MESSAGE_CHARS, MAX_MINUTES, MAX_PRINCIPALS,
                     MAX_RECORDS, MAX_START_YEAR, MAX_YEAR, check_number)
from .source_notes import KeyPath, Note

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def _not_bool(value: Any) -> Any:
    # Pydantic would read `true` as 1; in a scenario that is always a slip.
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()}")
    return value


def _bounded(low: float, high: float, what: str) -> tuple:
    """Validators keeping a number finite and in [low, high] (limits.py): before pydantic
    reads it, so 1e308 is not turned into a 309-digit int first, and after, so "nan" or
    "1e999" written as text are caught too."""
    def check(value):
        if isinstance(_not_bool(value), (int, float)):
            check_number(value, low=low, high=high, what=what)
        return value
    return BeforeValidator(check), AfterValidator(check)


def _guardrail_settings(raw: dict) -> dict:
    """Coerced once, here; a value the registry refuses is reported by the loader, with its
    line, so it is left as written for that report."""
    from forum.guardrails import coerce_settings

    try:
        return coerce_settings(raw)
    except (KeyError, ValueError):
        return raw


def _a_date(value: Any) -> Any:
    # Pydantic reads a number as seconds since 1970; in a scenario it is always a slip.
    if isinstance(value, (bool, int, float)):
        raise ValueError(f"expected a date and time like 2026-03-18T09:00:00+00:00, got "
                         f"{value!r}")
    return value


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _start_in_range(value: datetime) -> datetime:
    """A start whose run and grant expiries stay inside the calendar (limits.MAX_START_YEAR)."""
    try:
        year = value.astimezone(timezone.utc).year
    except OverflowError:
        year = 0
    if not 1 <= year <= MAX_START_YEAR:
        raise ValueError(f"start must be a date from year 1 to {MAX_START_YEAR} (UTC), so that "
                         f"the run and its grants' expiry ({MAX_MINUTES:g} minutes each at "
                         f"most) end before year {MAX_YEAR + 1}; got {value.isoformat()}")
    return value


Minutes = Annotated[float, BeforeValidator(parse_duration)]
Count = Annotated[int, *_bounded(0, MAX_COUNT, "a count")]
Records = Annotated[int, *_bounded(0, MAX_RECORDS, "a record count")]
# Pydantic's own bounds (which also refuse nan and inf) name the bound that was crossed.
# BEHAVIOURAL marks an actor's probabilities as the scenario's stochastic parameters
# (parameters.py), which `sources:` notes document.
BEHAVIOURAL = "behavioural parameter"
Probability = Annotated[float, BeforeValidator(_not_bool), Field(ge=0, le=1), BEHAVIOURAL]
Sigma = Annotated[float, BeforeValidator(_not_bool), Field(gt=0, le=5)]
Temperature = Annotated[float, BeforeValidator(_not_bool), Field(ge=0, le=2)]
# What `expected:` compares with a run's metrics: minutes, or a number of events.
MinutesBound = Annotated[float, *_bounded(0, MAX_MINUTES, "minutes")]
EventsBound = Annotated[float, *_bounded(0, MAX_EVENTS, "a number of events")]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=64)]
Username = Annotated[str, Field(pattern=USERNAME_PATTERN, max_length=60)]
Start = Annotated[datetime, BeforeValidator(_a_date), AfterValidator(_aware),
                  AfterValidator(_start_in_range)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixed(Strict):
    dist: Literal["fixed"]
    value: Minutes


class Uniform(Strict):
    dist: Literal["uniform"]
    min: Minutes
    max: Minutes

    @model_validator(mode="after")
    def _ordered(self):
        if self.min > self.max:
            raise ValueError("min must not be larger than max")
        return self


class LogNormal(Strict):
    dist: Literal["lognormal"]
    median: Minutes
    sigma: Sigma


class Exponential(Strict):
    dist: Literal["exponential"]
    mean: Minutes


class Triangular(Strict):
    dist: Literal["triangular"]
    min: Minutes
    mode: Minutes
    max: Minutes

    @model_validator(mode="after")
    def _ordered(self):
        if not self.min <= self.mode <= self.max:
            raise ValueError("expected min <= mode <= max")
        return self


Distribution = Annotated[
    Union[Fixed, Uniform, LogNormal, Exponential, Triangular], Field(discriminator="dist")
]


def _fixed_if_plain(value: Any) -> Any:
    return value if isinstance(value, dict) else {"dist": "fixed", "value": value}


Delay = Annotated[Distribution, BeforeValidator(_fixed_if_plain)]


class GroupSpec(Strict):
    slug: Slug
    name: str = ""


class PrincipalSpec(Strict):
    username: Username
    kind: Literal["employee", "agent"] = "employee"
    role: str = ""
    display_name: str = ""
    groups: list[Slug] = []


class CrowdSpec(Strict):
    """Many similar employees at once: `<prefix>-01` ... `<prefix>-<count>`."""

    prefix: Slug
    count: Annotated[Count, Field(ge=1, le=1000)]
    role: str = "engineer"
    groups: list[Slug] = []


class OrgSpec(Strict):
    groups: list[GroupSpec]
    principals: list[PrincipalSpec] = []
    crowds: list[CrowdSpec] = []

    @model_validator(mode="after")
    def _not_too_many_people(self):
        total = len(self.principals) + sum(crowd.count for crowd in self.crowds)
        if total > MAX_PRINCIPALS:
            raise ValueError(f"the organisation has {total:,} principals (named ones plus "
                             f"crowds); at most {MAX_PRINCIPALS:,} are allowed")
        return self


class SpaceSpec(Strict):
    slug: Slug
    name: str
    description: str = ""
    readers: list[Slug]
    posters: list[Slug]


class AudienceSpec(Strict):
    groups: list[Slug] = []
    principals: list[Username] = []


class ResourceSpec(Strict):
    slug: Slug
    name: str
    description: str = ""
    classification: Literal["internal", "confidential", "restricted"]
    records: Records
    sample_records: Annotated[Count, Field(ge=0, le=200)] = 10
    intended: AudienceSpec


class GranteeMixin(Strict):
    group: Slug | None = None
    principal: Username | None = None

    @model_validator(mode="after")
    def _one_grantee(self):
        if (self.group is None) == (self.principal is None):
            raise ValueError("give exactly one of 'group' or 'principal'")
        return self


class GrantSpec(GranteeMixin):
    resource: Slug
    permission: Literal["read", "admin"] = "read"


class AdviceSpec(GranteeMixin):
    action: Literal["grant", "revoke"]
    resource: Slug
    permission: Literal["read", "admin"] = "read"
    summary: str
    safe: bool


class QuestionSpec(Strict):
    key: Slug
    space: Slug
    title: str
    body: str


# --- Timeline: what happens at a set time --------------------------------------------


class PostQuestion(Strict):
    at: Minutes
    do: Literal["post_question"]
    actor: str
    question: QuestionSpec


class InvokeAgent(Strict):
    at: Minutes
    do: Literal["invoke_agent"]
    actor: str
    agent: str
    thread: Slug
    request: Annotated[str, Field(max_length=2000)] = ""


class ReadResource(Strict):
    at: Minutes
    do: Literal["read_resource"]
    actor: str
    resource: Slug


class QuoteRecordsAsk(Strict):
    resource: Slug
    rows: Annotated[Count, Field(ge=1, le=50)] = 5


class GrantAsk(Strict):
    resource: Slug
    grantee: Annotated[str, Field(pattern=GRANTEE_PATTERN)]
    permission: Literal["read", "admin"] = "read"


class InjectionAsks(Strict):
    """What the planted instruction asks an agent to do: exactly one of the two."""

    quote_records: QuoteRecordsAsk | None = None
    grant: GrantAsk | None = None

    @model_validator(mode="after")
    def _one_ask(self):
        if (self.quote_records is None) == (self.grant is None):
            raise ValueError("give exactly one of 'quote_records' or 'grant'")
        return self


class PostInjection(Strict):
    """A post carrying instructions aimed at AI agents, hidden in `carrier`: a reply in an
    existing `thread`, or a new thread (`question`) whose body carries them."""

    at: Minutes
    do: Literal["post_injection"]
    actor: str
    thread: Slug | None = None
    question: QuestionSpec | None = None
    body: str = ""
    carrier: Literal["plain", "code_block", "quoted_log", "link_title", "html_comment"]
    asks: InjectionAsks

    @model_validator(mode="after")
    def _one_place(self):
        if (self.thread is None) == (self.question is None):
            raise ValueError("give exactly one of 'thread' (reply) or 'question' (new thread)")
        return self


class RaiseAlert(Strict):
    at: Minutes
    do: Literal["raise_alert"]
    resource: Slug
    reason: str = "alert injected by the scenario"


def _a_setting(value: Any) -> Any:
    """A guardrail value as a scenario writes one (the registry judges it, references.py)."""
    if value is not None and not isinstance(value, (bool, int, float, str)):
        raise ValueError("expected a guardrail value: true/false, a number, a word or off")
    if isinstance(value, str) and len(value) > 100:
        raise ValueError(f"expected a guardrail value of at most 100 characters, got "
                         f"{len(value):,}")
    return value


class SetGuardrail(Strict):
    """From `at` on, the guardrail `guardrail` has `value`, for the rest of the run."""

    at: Minutes
    do: Literal["set_guardrail"]
    guardrail: Annotated[str, Field(min_length=1, max_length=100)]
    value: Annotated[Any, BeforeValidator(_a_setting)]


class JoinGroup(Strict):
    """From `at` on, `principal` is a member of `group`."""

    at: Minutes
    do: Literal["join_group"]
    principal: Username
    group: Slug


class LeaveGroup(Strict):
    """From `at` on, `principal` is no longer a member of `group`."""

    at: Minutes
    do: Literal["leave_group"]
    principal: Username
    group: Slug


class SendMessage(Strict):
    """A message to a person from a colleague or a manager. Scripted personas ignore it."""

    at: Minutes
    do: Literal["send_message"]
    sender: Username
    to: Username
    text: Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS)]


TimelineEntry = Annotated[
    Union[PostQuestion, InvokeAgent, ReadResource, RaiseAlert, PostInjection, SetGuardrail,
          JoinGroup, LeaveGroup, SendMessage],
    Field(discriminator="do"),
]


# --- Actors: who reacts to what, and how -------------------------------------------------


class Trust(Strict):
    """How likely the persona is to act on advice, by who appears to have written it."""

    human: Probability = 0.9
    ai_unlabelled: Probability = 0.9
    ai_labelled: Probability = 0.5


class Persona(Strict):
    trust: Trust = Trust()
    verify_rate: Probability = 0.3
    verify_skill: Probability = 0.8
    verify_time: Delay = Fixed(dist="fixed", value=10)


class EmployeeActor(Strict):
    """Sees new posts with advice in the spaces it watches and decides whether to follow."""

    behaviour: Literal["follower"]
    principal: Username
    watch: list[Slug]
    reaction: Delay
    persona: Persona = Persona()


class InvokerActor(Strict):
    """The person who invoked an agent: approves or rejects its drafts, shares its analyses,
    and may retract what the agent published for them without asking."""

    behaviour: Literal["invoker"]
    principal: Username
    reaction: Delay
    persona: Persona = Persona()
    retract_rate: Probability = 0.0


class ReviewerActor(Strict):
    """Reviews ACL changes waiting for a second person (ACL-change review guardrail)."""

    behaviour: Literal["reviewer"]
    principal: Username
    reaction: Delay
    diligence: Probability = 0.8


class Susceptibility(Strict):
    """How likely a reader agent is to obey an instruction, by where it is hidden."""

    plain: Probability = 0.1
    code_block: Probability = 0.5
    quoted_log: Probability = 0.6
    link_title: Probability = 0.4
    html_comment: Probability = 0.5


class ScriptedPolicy(Strict):
    kind: Literal["scripted"]


class ReaderPolicy(Strict):
    kind: Literal["reader"]
    susceptibility: Susceptibility = Susceptibility()


class ModelPolicy(Strict):
    """A language model behind an OpenAI-compatible endpoint. The key only ever comes from
    the environment (OVERSTEP_LLM_API_KEY); the base URL and model may too."""

    kind: Literal["model"]
    model: Annotated[str, Field(min_length=1, max_length=200)]
    base_url: Annotated[str, Field(max_length=500, pattern=r"^https?://")] | None = None
    temperature: Temperature = 0.0
    system: Annotated[str, Field(max_length=20_000)] | None = None


class RecordedPolicy(ModelPolicy):
    """A model's recorded exchanges, replayed offline: the same requests as the `model`
    policy it recorded, answered from the recording whose digest this names."""

    kind: Literal["recorded"]
    recording: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]


def _policy_by_name(value: Any) -> Any:
    return {"kind": value} if isinstance(value, str) else value


AgentPolicy = Annotated[
    Union[ScriptedPolicy, ReaderPolicy, ModelPolicy, RecordedPolicy],
    Field(discriminator="kind"), BeforeValidator(_policy_by_name),
]


class AgentActor(Strict):
    """An AI agent: when invoked it works through its tools; its `policy` picks the calls.
    The scripted policy thinks, then answers with advice (right or wrong); the reader also
    reads the thread and may obey instructions planted in it.

    With `acts: apply` it carries the advice out itself, with its own credentials.
    """

    behaviour: Literal["agent"]
    principal: Username
    policy: AgentPolicy = ScriptedPolicy(kind="scripted")
    acts: Literal["post", "apply"] = "post"
    think: Delay
    accuracy: Probability = 0.0
    correct_advice: AdviceSpec | None = None
    wrong_advice: AdviceSpec | None = None
    answer: str = "Here is what I found."


class AmplifierActor(Strict):
    """An agent that watches spaces for AI answers and repeats their advice elsewhere."""

    behaviour: Literal["amplifier"]
    principal: Username
    watch: list[Slug]
    post_in: Slug
    owner: Username
    think: Delay
    repeat_rate: Probability = 1.0


class MonitorActor(Strict):
    """Notices ACL changes on the resources it watches after a delay, and raises an alert."""

    behaviour: Literal["monitor"]
    principal: Username
    watch: list[Slug]
    detect: Delay
    detect_rate: Probability = 1.0
    dismiss_rate: Probability = 0.0


class ResponderActor(Strict):
    """Answers alerts: after a delay, reverts the grants that widened access."""

    behaviour: Literal["responder"]
    principal: Username
    response: Delay


class SecurityOncallActor(Strict):
    """Sees alerts on the resources it covers and decides whether to escalate them."""

    behaviour: Literal["security_oncall"]
    principal: Username
    watch: list[Slug]
    reaction: Delay
    escalate_rate: Probability = 1.0


class ManagerActor(Strict):
    """Is asked about escalated incidents: suspends the AI agent behind one, or not."""

    behaviour: Literal["manager"]
    principal: Username
    reaction: Delay
    suspend_rate: Probability = 1.0


class CuriousActor(Strict):
    """Members of a group who may read data that has just become readable to them."""

    behaviour: Literal["curious"]
    group: Slug
    curiosity: Probability
    delay: Delay


Actor = Annotated[
    Union[
        EmployeeActor, InvokerActor, ReviewerActor, AgentActor, AmplifierActor, MonitorActor,
        ResponderActor, SecurityOncallActor, ManagerActor, CuriousActor,
    ],
    Field(discriminator="behaviour"),
]


class _Range(Strict):
    @model_validator(mode="after")
    def _ordered(self):
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must not be larger than max")
        return self


class MinutesRange(_Range):
    min: MinutesBound | None = None
    max: MinutesBound | None = None


class EventsRange(_Range):
    min: EventsBound | None = None
    max: EventsBound | None = None


class Expected(Strict):
    outcome: Literal["prevented", "near_miss", "exposure", "exposure_with_access"] | None = None
    incident_window_minutes: MinutesRange | None = None
    unauthorized_reads: EventsRange | None = None
    unapproved_agent_actions: EventsRange | None = None
    advice_followed: EventsRange | None = None


class Scenario(Strict):
    name: Slug
    title: str
    description: str = ""
    start: Start = datetime(2026, 3, 18, 9, 0, tzinfo=timezone.utc)
    duration: Annotated[Minutes, Field(gt=0)]
    org: OrgSpec
    spaces: list[SpaceSpec]
    resources: list[ResourceSpec]
    grants: list[GrantSpec] = []
    guardrails: Annotated[dict[str, Any], AfterValidator(_guardrail_settings),
                          Field(validate_default=True)] = {}
    timeline: list[TimelineEntry]
    actors: dict[Slug, Actor]
    expected: Expected | None = None
    # Where each behavioural number written above comes from (source_notes.py); the key
    # paths are checked against the scenario's parameters in parameters.py.
    sources: dict[KeyPath, Note] = {}
