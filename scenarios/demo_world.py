"""The demo world: the reference scenario's organisation, spaces and datasets, built in the
forum people browse (the default database) by the same org builder every run uses, so
what a visitor sees, what a tabletop's roles are played by, and what a replay measures are
one organisation. On top of it: sign-in for its people, the staff accounts, and the
incident's opening (the question and the agent's unapproved answer) waiting for a reader.
"""

from dataclasses import dataclass

from django.db import transaction

from forum import demo, services
from forum.models import Group, Principal, Resource, Space, Thread

from .engine import resolve_settings
from .engine.setup import build_org
from .format import load_scenario
from .format.schema import InvokeAgent, PostQuestion

REFERENCE = "meta_internal_forum"
SEED = 1


@dataclass(frozen=True)
class Login:
    username: str
    description: str


def reference():
    return load_scenario(REFERENCE).scenario


def people(scenario) -> list:
    """The named employees (not the crowds, service accounts or agents): who signs in."""
    return [p for p in scenario.org.principals
            if p.kind == Principal.Kind.EMPLOYEE and p.display_name]


def exists() -> bool:
    return demo.exists(p.username for p in reference().org.principals)


def seed() -> None:
    """Build the demo world in one transaction (nothing half-built if it fails)."""
    scenario = reference()
    with transaction.atomic():
        build_org(scenario, resolve_settings(scenario), SEED)
        demo.enable_logins(p.username for p in people(scenario))
        demo.create_staff_accounts()
        _open_incident(scenario)


def _open_incident(scenario) -> None:
    """The reference timeline's question and invocation, and the agent's wrong answer
    posted by itself: the moment before someone decides whether to follow it."""
    question = next(e for e in scenario.timeline if isinstance(e, PostQuestion))
    invocation = next(e for e in scenario.timeline if isinstance(e, InvokeAgent))
    agent_spec = scenario.actors[invocation.agent]
    asker = Principal.objects.get(username=question.actor)
    thread = services.post_question(
        asker, Space.objects.get(slug=question.question.space), key=question.question.key,
        title=question.question.title, body=question.question.body)
    invoker = Principal.objects.get(username=invocation.actor)
    agent = Principal.objects.get(username=agent_spec.principal)
    invoked = services.invoke_agent(invoker, agent, thread)
    services.agent_respond(agent, thread, invoker=invoker, cause=invoked,
                           body=agent_spec.answer, advice=_advice(agent_spec.wrong_advice))


def _advice(spec) -> services.AdviceSpec:
    return services.AdviceSpec(
        spec.action, Resource.objects.get(slug=spec.resource), spec.summary, spec.safe,
        group=Group.objects.get(slug=spec.group) if spec.group else None,
        principal=Principal.objects.get(username=spec.principal) if spec.principal else None,
        permission=spec.permission)


def logins() -> list[Login]:
    """Who to sign in as, and what each does in the reference incident."""
    scenario = reference()
    plays: dict[str, list[str]] = {}
    for spec in scenario.actors.values():
        if getattr(spec, "principal", None):
            plays.setdefault(spec.principal, []).append(spec.behaviour)
    listed = [Login(p.username, f"{p.display_name}, {p.role}"
                    + (f"; in the incident: {', '.join(plays[p.username])}" if p.username in plays else ""))
              for p in people(scenario)]
    return listed + [Login(demo.FACILITATOR, "runs tabletop sessions (Exercises)"),
                     Login(demo.ADMIN, "staff: facilitates, and reads the read-only /admin/")]


def incident_thread() -> Thread | None:
    question = next(e for e in reference().timeline if isinstance(e, PostQuestion))
    return Thread.objects.filter(key=question.question.key).first()
