"""Password check for the page with login throttling (Gradio's ``auth`` callable).

Gradio calls ``auth(username, password)`` from its async ``/login`` route and gives it no
client address, so failures are counted per user name (all unknown names share one counter).
After ``max_failures`` failures in a row the name is locked for ``lockout_s`` seconds, doubling
with each further failure up to ``max_lockout_s``; while locked every attempt fails, even with
the right password. Each failure also waits ``fail_delay_s`` with ``asyncio.sleep``, which slows
a guesser without holding a server thread.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)
UNKNOWN = "\0unknown"


@dataclass
class _Failures:
    count: int = 0
    locked_until: float = 0.0


class ThrottledAuth:
    """``await ThrottledAuth({"ann": "secret"}).login(user, password)`` → True when right and
    not locked.

    >>> import asyncio; check = ThrottledAuth({"ann": "pw"}, fail_delay_s=0)
    >>> asyncio.run(check.login("ann", "pw"))
    True
    """

    def __init__(
        self,
        users: dict[str, str],
        *,
        max_failures: int = 5,
        lockout_s: float = 2.0,
        max_lockout_s: float = 300.0,
        fail_delay_s: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.users = dict(users)
        self.max_failures, self.lockout_s, self.max_lockout_s = (
            max_failures,
            lockout_s,
            max_lockout_s,
        )
        self.fail_delay_s, self.clock = fail_delay_s, clock
        self._failures: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def locked(self, username: str) -> float:
        """Seconds ``username`` stays locked (0 when it may try)."""
        key = username if username in self.users else UNKNOWN
        f = self._failures.get(key)
        return max(0.0, f.locked_until - self.clock()) if f else 0.0

    def check(self, username: str, password: str) -> bool:
        """The synchronous decision (counts a failure, clears the counter on success)."""
        key = username if username in self.users else UNKNOWN
        with self._lock:
            f = self._failures.setdefault(key, _Failures())
            now = self.clock()
            if now < f.locked_until:
                log.warning(
                    "login refused for %r: locked for %.0f s more", username, f.locked_until - now
                )
                return False
            right = self.users.get(username)
            if right is not None and hmac.compare_digest(password.encode(), right.encode()):
                del self._failures[key]
                return True
            f.count += 1
            if f.count >= self.max_failures:
                wait = self.lockout_s * 2 ** (f.count - self.max_failures)
                f.locked_until = now + min(self.max_lockout_s, wait)
            log.warning("login failed for %r (%d in a row)", username, f.count)
            return False

    async def login(self, username: str, password: str) -> bool:
        """Gradio's ``auth``: pass this bound method, not the object. Gradio checks
        ``inspect.iscoroutinefunction(auth)``, which is False for an object with an async
        ``__call__``; it would then take the unawaited coroutine as a truthy "yes"."""
        ok = self.check(username, password)
        if not ok and self.fail_delay_s > 0:
            await asyncio.sleep(self.fail_delay_s)
        return ok
