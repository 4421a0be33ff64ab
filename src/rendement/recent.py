"""A process-wide cache that keeps only the most recently used entries.

A web app or a fuzzer runs thousands of models in one process; an unbounded cache of
every model and plan it ever saw grows until garbage collection alone takes seconds.
Safe for the web server's threads: reads and writes take a lock; a value is made
outside it (two threads may both make one; the later one is kept).

>>> recent = Recent(2)
>>> recent.kept("a", lambda: 1), recent.kept("b", lambda: 2), recent.kept("c", lambda: 3)
(1, 2, 3)
>>> list(recent)
['b', 'c']
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Recent(OrderedDict[Any, Any]):
    """An ordered dict of at most ``size`` entries; using an entry makes it the newest."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size
        self._lock = threading.Lock()

    def __getitem__(self, key: Any) -> Any:
        with self._lock:
            self.move_to_end(key)
            return super().__getitem__(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._lock:
            super().__setitem__(key, value)
            self.move_to_end(key)
            while len(self) > self.size:
                self.popitem(last=False)

    def find(self, key: Any, default: Any = None) -> Any:
        """The value kept for ``key`` (now the most recent), or ``default``."""
        with self._lock:
            if key not in self:
                return default
            self.move_to_end(key)
            return super().__getitem__(key)

    def kept(self, key: Any, make: Callable[[], T]) -> T:
        """The value for ``key``, made (and kept) when it is not kept yet; None is a value."""
        found = self.find(key, _MISSING)
        if found is _MISSING:
            found = make()
            self[key] = found
        return found  # type: ignore[no-any-return]


_MISSING = object()
