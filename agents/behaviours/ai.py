"""AI agents: the invoked agent, which acts through its tools, and the amplifier that
repeats what other agents said."""

from agents.policies import Invocation, policy_for
from agents.tools import InvocationOver, Task, Toolbox
from forum import services
from forum.models import Post
from forum.vocabulary import Verb, subject

from .base import Behaviour, has_advice, post_for


def copy_advice(post: Post) -> services.AdviceSpec:
    advice = post.advice
    return services.AdviceSpec(advice.action, advice.resource, advice.summary, advice.is_safe,
                               group=advice.group, principal=advice.principal,
                               permission=advice.permission)


DEFAULT_REQUEST = "Please analyse this thread and help answer the question."


class Agent(Behaviour):
    """An AI agent. When invoked on a thread it gets a task and a toolbox, and its policy
    (scripted, reader, ...) chooses the tool calls. Whether a reply is published, drafted
    or kept private, and whether a call is allowed at all, is not the policy's choice: the
    guardrails decide at the tools' boundary, inside forum.services."""

    def handle(self, event):
        if event.verb == Verb.AGENT_INVOKED and event.payload.get("agent") == self.spec.principal:
            return self.work_on(event)
        return None

    def work_on(self, event):
        task = Task(self.spec.principal, event.actor.username,
                    subject(event.target),
                    event.payload.get("request") or DEFAULT_REQUEST)
        tools = Toolbox(self.me, event.actor, task, invocation=event,
                        after_call=self.world.deliver)
        invocation = Invocation(task, tools, self.spec, self.world.wait, self.rng,
                                self.world.models)
        try:
            yield from policy_for(self.spec).act(invocation)
        except InvocationOver:
            return


class Amplifier(Behaviour):
    """Watches spaces for answers written by other agents and repeats their advice in a
    digest thread of its own: agents talking to agents, reaching more readers."""

    def __init__(self, world, actor_id, spec):
        super().__init__(world, actor_id, spec)
        self.digest = None

    def handle(self, event):
        if (event.verb in (Verb.POST_PUBLISHED, Verb.POST_APPROVED) and has_advice(event)
                and event.payload.get("provenance") == "ai" and event.actor_id != self.me.pk):
            post = post_for(event)
            if post.thread.space.slug in self.spec.watch:
                return self.repeat(post, event)
        return None

    def repeat(self, post, event):
        yield self.world.wait(self.spec.think, self.rng(f"think/{post.key}"))
        if self.rng(f"repeat/{post.key}").random() >= self.spec.repeat_rate:
            return
        owner = self.world.principal(self.spec.owner)
        if self.digest is None:
            space = self.world.space(self.spec.post_in)
            opened = self.world.act(
                services.agent_open_thread, self.me, space, invoker=owner,
                title="Digest: answers worth knowing",
                body="Answers from around the forum, summarised by an agent.",
                key=f"digest-{self.id}")
            if not isinstance(opened, Post):
                return  # refused: the refusal is logged and no digest thread exists
            self.digest = opened.thread
        self.world.act(services.agent_respond, self.me, self.digest, invoker=owner,
                       body=f"Recommended elsewhere: {post.advice.summary}",
                       advice=copy_advice(post), cause=event)
