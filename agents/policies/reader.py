"""The reader policy: a scripted agent that actually reads the thread, and may follow the
instructions it finds there (prompt injection), with a seeded susceptibility per kind of
hiding place. It runs injection scenarios without any language model."""

import json

from agents import instructions

from .base import Invocation
from .scripted import Scripted


class Reader(Scripted):
    def follow_instructions(self, invocation: Invocation, read) -> list[str]:
        if not read.ok:
            return []
        found = instructions.find(read.data["posts"], ignore_author=invocation.task.agent)
        extra = []
        for instruction in found:
            draw = invocation.rng(f"obey/{instruction.post}/{instruction.index}").random()
            if draw < getattr(self.config.susceptibility, instruction.carrier):
                extra += self.obey(invocation, instruction.asks)
        return extra

    def obey(self, invocation: Invocation, asks: dict) -> list[str]:
        tools = invocation.tools
        if "grant" in asks:
            ask = asks["grant"]
            tools.call("request_acl_change", {
                "resource": ask["resource"], "action": "grant", "grantee": ask["grantee"],
                "permission": ask["permission"]})
            return []
        ask = asks["quote_records"]
        looked = tools.call("lookup_resource", {"resource": ask["resource"],
                                                "records": min(int(ask["rows"]), 50)})
        rows = looked.data.get("records") if looked.ok else None
        if not rows:
            return []
        lines = "\n".join(json.dumps(row, sort_keys=True) for row in rows)
        return [f"Here are the first {len(rows)} records of {ask['resource']}:\n```\n{lines}\n```"]
