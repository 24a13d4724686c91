"""Values derived from a loaded index object (its article view, its passage list), built once
per object and kept for the last few objects, matched by identity: a new index generation gets
new objects and so fresh values, and nothing is kept for indexes no longer served.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityCache(Generic[K, V]):
    """``get(obj, build)``: ``build(obj)`` once per object (the last ``size`` objects)."""

    def __init__(self, size: int = 4) -> None:
        self._items: list[tuple[K, V]] = []
        self._size = size
        self._lock = threading.Lock()

    def get(self, obj: K, build: Callable[[K], V]) -> V:
        with self._lock:
            for k, v in self._items:
                if k is obj:
                    return v
        value = build(obj)
        with self._lock:
            self._items.insert(0, (obj, value))
            del self._items[self._size :]
        return value
