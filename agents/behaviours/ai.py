"""AI agents: the analyst that answers when invoked, and the amplifier that repeats what
other agents said."""

from forum import services
from forum.models import Group, Post, Principal, Resource, Thread

from .base import Behaviour, has_advice, post_for


def advice_spec(spec) -> services.AdviceSpec:
    """A scenario's advice as the service layer takes it."""
    return services.AdviceSpec(
        spec.action,
        Resource.objects.get(slug=spec.resource),
        spec.summary,
        spec.safe,
        group=Group.objects.get(slug=spec.group) if spec.group else None,
        principal=Principal.objects.get(username=spec.principal) if spec.principal else None,
        permission=spec.permission,
    )


def copy_advice(post: Post) -> services.AdviceSpec:
    advice = post.advice
    return services.AdviceSpec(advice.action, advice.resource, advice.summary, advice.is_safe,
                               group=advice.group, principal=advice.principal,
                               permission=advice.permission)


class Analyst(Behaviour):
    """When invoked on a thread, thinks for a while and answers with advice.

    Whether the answer is published, drafted or kept private is not its choice: the
    guardrails in force decide that inside forum.services.
    """

    def handle(self, event):
        if event.verb == "agent.invoked" and event.payload.get("agent") == self.spec.principal:
            return self.answer(event)
        return None

    def answer(self, event):
        thread = Thread.objects.get(key=event.target.removeprefix("thread:"))
        yield self.world.wait(self.spec.think, self.rng(f"think/{thread.key}"))
        correct = self.rng(f"accuracy/{thread.key}").random() < self.spec.accuracy
        chosen = self.spec.correct_advice if correct and self.spec.correct_advice else None
        self.deliver(thread, advice_spec(chosen or self.spec.wrong_advice), event)

    def deliver(self, thread, advice, event):
        self.world.act(services.agent_respond, self.me, thread, invoker=event.actor,
                       body=f"{self.spec.answer}\n\n{advice.summary}", advice=advice, cause=event)


class Applier(Analyst):
    """A coding agent that carries out its own advice with its own credentials."""

    def deliver(self, thread, advice, event):
        self.world.act(services.change_access, self.me, advice.resource, action=advice.action,
                       group=advice.group, principal=advice.principal,
                       permission=advice.permission, cause=event)


class Amplifier(Behaviour):
    """Watches spaces for answers written by other agents and repeats their advice in a
    digest thread of its own: agents talking to agents, reaching more readers."""

    def __init__(self, world, actor_id, spec):
        super().__init__(world, actor_id, spec)
        self.digest = None

    def handle(self, event):
        if (event.verb in ("post.published", "post.approved") and has_advice(event)
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
