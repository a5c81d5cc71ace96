"""The last few results of a pure and costly function, kept by a digest of its inputs.

The sweep command analyses a sweep for report.html and then again for the web page's cache
(scenarios.management.page_cache): the same statistics and the same figures, each about
half a second to a second. Keeping the last results by what went in makes the second time
free, and an input that differs in any value makes a new result.
"""

import copy
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable


class Recent:
    """Up to `size` results of one function, by the JSON of its inputs. Thread-safe (the
    web server's threads share it); a result is handed out as a copy when callers may
    change it (`copies=True`)."""

    def __init__(self, size: int = 2, *, copies: bool = False):
        self.size, self.copies = size, copies
        self._kept: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, inputs, make: Callable[[], object]):
        key = hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()
        with self._lock:
            found = self._kept.get(key)
        if found is None:
            found = make()
            with self._lock:
                self._kept[key] = found
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        return copy.deepcopy(found) if self.copies else found

    def forget(self) -> None:
        with self._lock:
            self._kept.clear()
