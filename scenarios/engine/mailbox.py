"""An actor's mailbox: every new event of the log, in log order (World.subscribe).

It is a simpy.Store (unbounded, one reader) without the Store's general machinery (queues
of put and get requests, each re-scanned on every put and get), and it gives SimPy the
same events at the same moments, so runs step through the same order, step for step:
- `put(item)` keeps the item and schedules one event (NORMAL priority, no delay), as the
  Store's put request is scheduled when it succeeds at once;
- only when that event is processed is the reader's waiting `get()` handed the oldest
  item (and scheduled), as the Store's put request's callback does;
- `get()` is handed the oldest item at once (scheduled) when there is one, and otherwise
  waits; a reader interrupted while waiting leaves its request waiting, and the next put
  hands an item to it, as the Store does (the item is lost with the request).
SimPy orders events by (time, priority, the order they were scheduled in), so equal
scheduling means an equal order; a run's step count (caps.py) is unchanged too.
"""

from collections import deque

import simpy


class Mailbox:
    def __init__(self, env: simpy.Environment):
        self._env = env
        self._items: deque = deque()
        self._waiting: simpy.Event | None = None  # the reader's get(), until an item comes

    def put(self, item) -> None:
        self._items.append(item)
        put = simpy.Event(self._env)
        put.callbacks.append(self._hand_over)
        put.succeed()

    def get(self) -> simpy.Event:
        get = simpy.Event(self._env)
        if self._items:
            get.succeed(self._items.popleft())
        else:
            self._waiting = get
        return get

    def _hand_over(self, _put) -> None:
        if self._waiting is not None and self._items:
            waiting, self._waiting = self._waiting, None
            waiting.succeed(self._items.popleft())
