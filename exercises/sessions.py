"""Tabletop sessions: start, current state, the held clock, decide, note, pause, inject, end.

A session stores its inputs only; `state(session)` replays the engine to where it stands:
the minute the facilitator holds the clock at, or a person's pending decision before it.
Who may do what is answered here too (`is_facilitator`, `holds_role`), so views only ask.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from agents.roles import ROLE_DESCRIPTIONS
from forum.guardrails import coerce_settings
from scenarios.engine import resolve_settings
from scenarios.format import ScenarioError, load_library, parse_scenario
from scenarios.format.limits import check_number, check_seed

from .injects import checked_entry
from .models import Decision, FacilitatorNote, Injection, RoleAssignment, TabletopSession
from .replay import replay

# What replaying stored inputs may raise when they are broken (stored before today's checks,
# or edited by hand): the page says so instead of answering 500.
REPLAY_ERRORS = (ScenarioError, ValueError, ArithmeticError, KeyError, TypeError)

# The behaviours whose decisions a person can take, and what the role does, in words.
PERSON_ROLES = ROLE_DESCRIPTIONS
FACILITATOR_ROLE = "facilitator"


class SessionConflict(Exception):
    """The request is understood but the session's state refuses it (HTTP 409)."""


class SessionUnreadable(Exception):
    """The session's stored inputs cannot be replayed; the message says which and why."""

    def __init__(self, session: TabletopSession, reason: str):
        self.session = session
        super().__init__(f"This session's stored data cannot be replayed: {reason}")


def is_facilitator(user) -> bool:
    """Staff users, and principals whose role is "facilitator", may run tabletop sessions."""
    return user.is_authenticated and (user.is_staff or user.role == FACILITATOR_ROLE)


def person_roles(scenario) -> list[tuple[str, object]]:
    """The scenario's actors whose decisions a person can take, in file order."""
    return [(actor_id, spec) for actor_id, spec in scenario.actors.items()
            if spec.behaviour in PERSON_ROLES]


def loaded(session: TabletopSession):
    try:
        return parse_scenario(session.scenario_text, file=session.scenario)
    except ScenarioError as error:
        raise SessionUnreadable(session, f"its scenario is no longer valid: {error}") from None


def start(facilitator, scenario_name: str, *, settings: dict, seed: int,
          assignments: dict, title: str = "", held_at: float | None = None) -> TabletopSession:
    """Open a session; `assignments` maps actor ids to the people who hold those roles.

    `held_at` None lets the run go on to each person's decision by itself; the start page
    holds the clock at minute 0, so the facilitator starts the story."""
    scenario = load_library(scenario_name)
    allowed = {actor for actor, _ in person_roles(scenario.scenario)}
    unknown = set(assignments) - allowed
    if unknown:
        raise ValueError(f"no decisions to take for {', '.join(sorted(unknown))}")
    with transaction.atomic():
        session = TabletopSession.objects.create(
            facilitator=facilitator, title=title, scenario=scenario.scenario.name,
            scenario_digest=scenario.digest, scenario_text=scenario.text,
            settings=resolve_settings(scenario.scenario, coerce_settings(settings)),
            seed=check_seed(seed), held_at=held_at)
        for actor_id, person in sorted(assignments.items()):
            RoleAssignment.objects.create(session=session, actor_id=actor_id, person=person)
    _end_if_finished(session)
    return session


def people(session: TabletopSession) -> dict[str, dict[str, str]]:
    """{actor id: {point id: choice}} for every role a person holds."""
    table = {a.actor_id: {} for a in session.assignments.all()}
    for decision in session.decisions.all():
        table.setdefault(decision.actor_id, {})[decision.point_id] = decision.choice
    return table


def state(session: TabletopSession):
    """Where the session stands now: replayed up to the held minute, or paused at a person's
    decision before it. SessionUnreadable if its stored inputs cannot be replayed."""
    return _replayed(session, held_at=session.held_at)


def _replayed(session: TabletopSession, held_at: float | None):
    scenario = loaded(session)
    entries = stored_injections(session, scenario.scenario)
    try:
        return replay(scenario, seed=check_seed(session.seed), settings=session.settings,
                      people=people(session), injections=entries,
                      finish=session.status == TabletopSession.Status.ENDED, held_at=held_at)
    except REPLAY_ERRORS as error:
        raise SessionUnreadable(session, str(error)) from None


def stored_injections(session: TabletopSession, scenario) -> list:
    entries = []
    for number, injection in enumerate(session.injections.all(), start=1):
        try:
            entries.append(checked_entry(scenario, injection.entry, earlier=entries))
        except ValueError as error:
            raise SessionUnreadable(session, f"inject #{number}: {error}") from None
    return entries


def holder(session: TabletopSession, actor_id: str):
    assignment = session.assignments.select_related("person").filter(actor_id=actor_id).first()
    return assignment.person if assignment else None


def holds_role(session: TabletopSession, user, actor_id: str) -> bool:
    return session.assignments.filter(actor_id=actor_id, person_id=user.pk).exists()


def is_participant(session: TabletopSession, user) -> bool:
    return session.assignments.filter(person_id=user.pk).exists()


def may_view(session: TabletopSession, user) -> bool:
    """The facilitator and the people holding roles: the seat, the report."""
    return session.facilitator_id == user.pk or is_participant(session, user)


def is_observer(session: TabletopSession, user) -> bool:
    return session.observers.filter(pk=user.pk).exists()


def may_watch(session: TabletopSession, user) -> bool:
    """Who may see the room view: the table, and the observers the facilitator invited."""
    return may_view(session, user) or is_observer(session, user)


def invite_observer(session: TabletopSession, person) -> None:
    if session.facilitator_id == person.pk or is_participant(session, person):
        raise ValueError(f"{person.shown_name} is already at the table")
    session.observers.add(person)


def remove_observer(session: TabletopSession, person) -> None:
    session.observers.remove(person)


def decide(session: TabletopSession, user, point_id: str, choice: str,
           rationale: str = "") -> Decision:
    """Take the pending decision at `point_id`, with an optional one-line `rationale`.
    Only its role holder may, once. The clock stays held where it is."""
    actor_id = point_id.rsplit("#", 1)[0]
    if not holds_role(session, user, actor_id):
        raise PermissionDenied("This decision belongs to someone else's role.")
    rationale = _bounded(" ".join(str(rationale).split()), "rationale",
                         _max_length(Decision, "rationale"))
    session.refresh_from_db()
    _refuse_unless_running(session)
    pending = state(session).pending
    if pending is None or pending.id != point_id:
        taken = session.decisions.filter(point_id=point_id).exists()
        raise SessionConflict("This decision has already been taken." if taken
                              else "This decision is not open any more.")
    if choice not in pending.options:
        raise ValueError(f"{choice!r} is not one of {', '.join(pending.options)}")
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                session=session, point_id=point_id, actor_id=actor_id, kind=pending.kind,
                choice=choice, at_minutes=pending.at, rationale=rationale, decided_by=user)
    except IntegrityError:
        raise SessionConflict("This decision has already been taken.") from None
    _end_if_finished(session)
    return decision


def _bounded(text: str, field: str, limit: int) -> str:
    """`text` trimmed; ValueError naming `field` if it is longer than `limit`."""
    text = str(text).strip()
    if len(text) > limit:
        raise ValueError(f"{field}: keep it to {limit:,} characters (this one has "
                         f"{len(text):,})")
    return text


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _refuse_unless_running(session: TabletopSession) -> None:
    if session.status == TabletopSession.Status.PAUSED:
        raise SessionConflict("The facilitator has paused the session; wait until it resumes.")
    if session.status == TabletopSession.Status.ENDED:
        raise SessionConflict("The session has ended.")


def _end_if_finished(session: TabletopSession) -> None:
    if session.status != TabletopSession.Status.ENDED and state(session).finished:
        _set_status(session, TabletopSession.Status.ENDED)


def refuse_if_ended(session: TabletopSession) -> None:
    if session.status == TabletopSession.Status.ENDED:
        raise SessionConflict("The session has ended.")


def _set_status(session: TabletopSession, status: str) -> None:
    session.status = status
    if status == TabletopSession.Status.ENDED:
        session.ended_at = timezone.now()
    session.save(update_fields=["status", "ended_at"])


def pause(session: TabletopSession) -> None:
    refuse_if_ended(session)
    _set_status(session, TabletopSession.Status.PAUSED)


def resume(session: TabletopSession) -> None:
    refuse_if_ended(session)
    _set_status(session, TabletopSession.Status.RUNNING)


def run_to_next_decision(session: TabletopSession) -> float:
    """Hold the clock at the next person's decision, or at the scenario's end if nobody has
    one left (the session then ends). Returns the minute held at."""
    refuse_if_ended(session)
    free = _replayed(session, held_at=None)
    return _hold(session, free.pending.at if free.pending else loaded(session).scenario.duration)


def run_to(session: TabletopSession, minute: float) -> float:
    """Hold the clock at `minute`, from now up to the scenario's end; a person's decision
    before it stops the run there first."""
    refuse_if_ended(session)
    now, end = state(session).minutes, loaded(session).scenario.duration
    return _hold(session, check_number(minute, low=now, high=end, what="the minute"))


def let_run(session: TabletopSession) -> None:
    """Stop holding the clock: the run goes on by itself to each person's decision."""
    refuse_if_ended(session)
    session.held_at = None
    session.save(update_fields=["held_at"])
    _end_if_finished(session)


def _hold(session: TabletopSession, minute: float) -> float:
    session.held_at = minute
    session.save(update_fields=["held_at"])
    _end_if_finished(session)
    return minute


def add_note(session: TabletopSession, user, text: str) -> FacilitatorNote:
    """The facilitator's note at the current simulated minute; none once the session ended
    (the report is then final)."""
    if session.facilitator_id != user.pk:
        raise PermissionDenied("Only the session's facilitator keeps notes.")
    refuse_if_ended(session)
    text = _bounded(text, "note", _max_length(FacilitatorNote, "text"))
    if not text:
        raise ValueError("note: write something")
    return FacilitatorNote.objects.create(session=session, at_minutes=state(session).minutes,
                                          text=text, created_by=user)


def end(session: TabletopSession) -> None:
    """End the session; scripted personas take whatever decisions people left open."""
    if session.status != TabletopSession.Status.ENDED:
        _set_status(session, TabletopSession.Status.ENDED)


def inject(session: TabletopSession, user, entry: dict) -> Injection:
    """Add a timeline entry (an alert, a message, a post, a guardrail switched, a principal
    joining or leaving a group) at its minute, not in the past: history is replayed."""
    refuse_if_ended(session)
    scenario = loaded(session).scenario
    checked = checked_entry(scenario, entry,
                            earlier=stored_injections(session, scenario))
    if checked.at > scenario.duration:
        raise ValueError(f"pick a minute up to {scenario.duration:g}: the scenario ends then")
    now = state(session).minutes
    if checked.at < now:
        raise ValueError(f"pick a minute from {now:g} on: the table has already lived "
                         "through earlier ones")
    injection = Injection.objects.create(session=session, at_minutes=checked.at,
                                         kind=checked.do,
                                         entry=checked.model_dump(mode="json",
                                                                  exclude_none=True),
                                         created_by=user)
    _end_if_finished(session)
    return injection
