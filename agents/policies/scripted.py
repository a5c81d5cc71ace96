"""The scripted policy: think for a while, read the thread, give canned advice that is right
with the scenario's `accuracy`; with `acts: apply`, carry the advice out itself."""

from forum.vocabulary import grantee

from .base import Invocation, Policy


def advice_arguments(advice) -> dict:
    """A scenario's advice as the tools take it."""
    return {"action": advice.action, "resource": advice.resource,
            "grantee": grantee(group=advice.group, principal=advice.principal),
            "permission": advice.permission, "summary": advice.summary}


class Scripted(Policy):
    def act(self, invocation: Invocation):
        spec, thread = invocation.spec, invocation.task.thread
        yield invocation.wait(spec.think, invocation.rng(f"think/{thread}"))
        advice = self.choose_advice(invocation)
        read = invocation.tools.call("read_thread", {"thread": thread})
        extra = self.follow_instructions(invocation, read)
        self.deliver(invocation, advice, extra)
        invocation.tools.call("done", {"summary": f"answered {thread}"})

    def choose_advice(self, invocation: Invocation):
        """The correct advice with the scenario's accuracy, else the wrong one (None when the
        scenario gives the agent no advice to offer)."""
        spec = invocation.spec
        correct = invocation.rng(f"accuracy/{invocation.task.thread}").random() < spec.accuracy
        return spec.correct_advice if correct and spec.correct_advice else spec.wrong_advice

    def follow_instructions(self, invocation: Invocation, read) -> list[str]:
        """Text to add to the reply because the thread asked for it: none, for a script."""
        return []

    def deliver(self, invocation: Invocation, advice, extra: list[str]) -> None:
        tools, spec = invocation.tools, invocation.spec
        if spec.acts == "apply":
            arguments = advice_arguments(advice)
            tools.call("request_acl_change", {k: arguments[k] for k in (
                "resource", "action", "grantee", "permission")})
            return
        summary = [advice.summary] if advice else []
        arguments = {"thread": invocation.task.thread,
                     "body": "\n\n".join([spec.answer, *summary, *extra])}
        if advice:
            arguments["advice"] = advice_arguments(advice)
        tools.call("post_reply", arguments, advice_is_safe=advice.safe if advice else None)
