"""The simulation processes guardrails add to a run (an alerting monitor, say), kept per
guardrail so that a guardrail switched mid-run (timeline `set_guardrail`) stops the ones
of its old value and starts those of its new value from that minute."""

import simpy

from forum import guardrails


class GuardrailProcesses:
    def __init__(self, world):
        self.world = world
        self.running: dict[str, list[simpy.Process]] = {}

    def start_all(self) -> None:
        for guardrail in guardrails.all_guardrails():
            self._start(guardrail, self.world.settings[guardrail.key])

    def switch(self, key: str, value) -> None:
        """Stop `key`'s processes and start those its new `value` asks for."""
        for process in self.running.pop(key, []):
            if process.is_alive:
                process.interrupt("guardrail switched")
        self._start(guardrails.get(key), value)

    def _start(self, guardrail, value) -> None:
        self.running[guardrail.key] = [
            self.world.env.process(_until_interrupted(process))
            for process in guardrail.processes(value, self.world)
        ]


def _until_interrupted(process):
    """`process`, ended quietly by an interrupt. What it has already set going (an alert
    waiting for its delay, say) still happens."""
    try:
        yield from process
    except simpy.Interrupt:
        return
