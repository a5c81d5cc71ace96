"""The scenario's timeline: acts that happen at set times, whatever else is going on."""

from agents import instructions
from forum import guardrails, lookups, services
from forum.vocabulary import RESOURCE, target
from scenarios.format import schema


def schedule(world, extra=(), processes=None) -> None:
    """Start the scenario's timeline, then `extra` entries (injected by a facilitator, say),
    which act exactly like the scenario's own; the scenario's come first at equal times.
    `processes` (GuardrailProcesses) are the guardrails' processes, which a `set_guardrail`
    entry switches."""
    for entry in [*world.scenario.timeline, *extra]:
        world.env.process(_at(world, entry, processes))


def _at(world, entry, processes):
    yield world.env.timeout(entry.at)
    if isinstance(entry, schema.SetGuardrail):
        _set_guardrail(world, entry, processes)
    else:
        ACTS[type(entry)](world, entry)


def _post_question(world, entry):
    q = entry.question
    world.act(services.post_question, world.principal(entry.actor), world.space(q.space),
              title=q.title, body=q.body, key=q.key)


def _invoke_agent(world, entry):
    agent = world.principal(world.scenario.actors[entry.agent].principal)
    world.act(services.invoke_agent, world.principal(entry.actor), agent,
              lookups.thread(entry.thread), request=entry.request)


def _post_injection(world, entry):
    asks = entry.asks.model_dump(exclude_none=True)
    planted = instructions.render(entry.carrier, asks)
    body = f"{entry.body}\n\n{planted}" if entry.body else planted
    injection = {"carrier": entry.carrier, "asks": asks}
    author = world.principal(entry.actor)
    if entry.question is not None:
        q = entry.question
        world.act(services.post_question, author, world.space(q.space), title=q.title,
                  body=f"{q.body}\n\n{body}", key=q.key, injection=injection)
    else:
        world.act(services.reply, author, lookups.thread(entry.thread), body=body,
                  injection=injection)


def _read_resource(world, entry):
    world.act(services.read_resource, world.principal(entry.actor),
              lookups.resource(entry.resource), purpose="timeline")


def _raise_alert(world, entry):
    world.act(services.raise_alert, None, target(RESOURCE, entry.resource),
              reason=entry.reason)


def _set_guardrail(world, entry, processes):
    """From now on the guardrail has its new value: the services read it from the settings
    in force, behaviours from `world.settings`, and its processes are restarted."""
    change = world.act(services.set_guardrail, entry.guardrail, entry.value)
    world.settings = guardrails.in_force()
    if processes is not None and change["old"] != change["new"]:
        processes.switch(entry.guardrail, change["new"])


def _join_group(world, entry):
    world.act(services.join_group, world.principal(entry.principal),
              lookups.group(entry.group))


def _leave_group(world, entry):
    world.act(services.leave_group, world.principal(entry.principal),
              lookups.group(entry.group))


def _send_message(world, entry):
    world.act(services.send_message, world.principal(entry.sender), world.principal(entry.to),
              entry.text)


ACTS = {
    schema.PostQuestion: _post_question,
    schema.InvokeAgent: _invoke_agent,
    schema.ReadResource: _read_resource,
    schema.RaiseAlert: _raise_alert,
    schema.PostInjection: _post_injection,
    schema.JoinGroup: _join_group,
    schema.LeaveGroup: _leave_group,
    schema.SendMessage: _send_message,
}
