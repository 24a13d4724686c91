"""Progress of a long ingest (PDF pages, scans): pages done, pages per minute and the time
left, for the CLI's status line and the UI's upload box.

>>> p = Progress(done=12, total=40, seconds=240.0, file="2023-05-31.pdf")
>>> p.per_minute, p.eta_seconds, str(p)
(3.0, 560.0, '12/40 pages · 3.0 pages/min · ETA 9 min 20 s · 2023-05-31.pdf')
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


def duration(seconds: float) -> str:
    """``45 s``, ``9 min 20 s``, ``1 h 5 min``."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s" if s % 60 else f"{s // 60} min"
    return f"{s // 3600} h {s % 3600 // 60} min"


@dataclass(frozen=True)
class Progress:
    """``done`` of ``total`` pages after ``seconds``; ``file`` is the one being read."""

    done: int
    total: int
    seconds: float
    file: str = ""

    @property
    def per_minute(self) -> float:
        """Pages per minute so far (0.0 before the first page)."""
        return 60.0 * self.done / self.seconds if self.done and self.seconds > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the rate so far; None before the first page."""
        rate = self.per_minute
        return max(0, self.total - self.done) * 60.0 / rate if rate else None

    def __str__(self) -> str:
        eta = self.eta_seconds
        parts = [f"{self.done}/{self.total} pages", f"{self.per_minute:.1f} pages/min"]
        parts.append(f"ETA {duration(eta)}" if eta is not None else "ETA -")
        return " · ".join(parts + ([self.file] if self.file else []))


class PageCounter:
    """Counts pages as they are read and reports a :class:`Progress` after each one."""

    def __init__(self, total: int, report: Callable[[Progress], None]) -> None:
        self.total, self.done, self.report = total, 0, report
        self._t0 = time.monotonic()

    def page_done(self, file: str) -> None:
        """One more page of ``file`` read (the total grows if a file had more than counted)."""
        self.done += 1
        self.total = max(self.total, self.done)
        self.report(Progress(self.done, self.total, time.monotonic() - self._t0, file))
