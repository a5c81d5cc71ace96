"""An actor's mailbox steps SimPy through the same events as the simpy.Store it replaces:
the same items reach the same readers at the same step, with the same steps in all, so a
run's order (and its step cap) is unchanged."""

import random

import pytest
import simpy

from scenarios.engine.mailbox import Mailbox


class CountingEnvironment(simpy.Environment):
    def __init__(self):
        super().__init__()
        self.steps = 0

    def step(self):
        super().step()
        self.steps += 1


def trace(make_box, seed: int) -> list:
    """What happens in a small world of readers and writers whose draws come from `seed`:
    writers put items into every box with and without delays, readers answer some items
    with more puts and with zero-minute waits, and one reader is interrupted mid-way."""
    env, rng, seen = CountingEnvironment(), random.Random(seed), []
    boxes = [make_box(env) for _ in range(3)]

    def put_everywhere(item):
        for box in boxes:
            box.put(item)

    def reader(number, box):
        try:
            while True:
                item = yield box.get()
                seen.append((env.steps, env.now, number, item))
                if rng.random() < 0.3 and item.count("/") < 3:
                    env.process(answer(f"{item}/{number}"))
        except simpy.Interrupt:
            seen.append((env.steps, env.now, number, "interrupted"))

    def answer(item):
        if rng.random() < 0.5:
            yield env.timeout(0)
        put_everywhere(item)
        yield env.timeout(rng.choice([0, 0, 1]))

    def writer(name):
        for count in range(6):
            yield env.timeout(rng.choice([0, 0, 0.5, 2]))
            for _ in range(rng.randint(1, 3)):
                put_everywhere(f"{name}{count}")

    def interrupter(process):
        yield env.timeout(rng.choice([0, 1, 3]))
        process.interrupt("stop")

    readers = [env.process(reader(number, box)) for number, box in enumerate(boxes)]
    for name in "ab":
        env.process(writer(name))
    env.process(interrupter(readers[-1]))
    env.run(until=30)
    return [*seen, ("steps", env.steps)]


@pytest.mark.parametrize("seed", range(40))
def test_a_mailbox_steps_through_what_a_store_steps_through(seed):
    store = trace(simpy.Store, seed)
    assert trace(Mailbox, seed) == store
    assert len(store) > 20  # the world did happen


def test_items_are_taken_oldest_first_and_a_reader_waits_for_the_next():
    env = simpy.Environment()
    box, got = Mailbox(env), []

    def reader():
        while True:
            item = yield box.get()
            got.append((env.now, item))

    def writer():
        box.put("first")
        box.put("second")
        yield env.timeout(5)
        box.put("third")

    env.process(reader())
    env.process(writer())
    env.run(until=10)
    assert got == [(0, "first"), (0, "second"), (5, "third")]
