"""The archive steps as they were before the cost work of 2026-11-29, kept so that
:mod:`bench.archive_cost` times before and after in the same run (same corpus, same load):
a date range that walked the days of its month to find the month-only articles, date
mentions read after an NFKC pass over every hit, a fresh ``printed`` counter per question, and
the year of a year-less date list chosen by scanning the text of every article it matched.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qa.answering import archive
from qa.answering.dateindex import DateIndex
from qa.answering.dates import in_range
from qa.answering.postings import Printed
from qa.records import Article, Hit, Passage


@dataclass(frozen=True)
class WalkingDateIndex:
    """The old layout: month-only and day dates in one sorted list."""

    keys: tuple[str, ...]
    articles: tuple[Article, ...]
    years: tuple[str, ...]
    undated: int

    @classmethod
    def of(cls, ix: DateIndex) -> WalkingDateIndex:
        rows = sorted(
            [*ix.articles, *(a for v in ix.months.values() for a in v)], key=lambda a: a.date_iso
        )
        return cls(tuple(a.date_iso for a in rows), tuple(rows), ix.years, ix.undated)

    def between(self, rng: tuple[str, str], year: str = "") -> list[Article]:
        lo, hi = rng
        if lo.startswith("0000"):
            ranges = [(y + lo[4:], y + hi[4:]) for y in ([year] if year else self.years)]
        else:
            ranges = [(lo, hi)]
        out: list[Article] = []
        for a, b in ranges:
            first = bisect.bisect_left(self.keys, a[:7])
            i = bisect.bisect_left(self.keys, a)
            j = bisect.bisect_right(self.keys, b + "\uffff")
            out.extend(x for x in self.articles[first:i] if len(x.date_iso) == 7)
            out.extend(self.articles[i:j])
        return out


def dated_in(hit: Hit, art: Article | None, rng: tuple[str, ...]) -> bool:
    if art is None:
        return False
    year = art.date_iso[:4] or "0000"
    for m in archive._MENTION.finditer(unicodedata.normalize("NFKC", hit.passage.text)):
        mo, d = int(m.group(1)), int(m.group(2) or 0)
        if 1 <= mo <= 12 and in_range(f"{year}-{mo:02d}" + (f"-{d:02d}" if d else ""), rng):
            return True
    return False


def printed_count(bm25: Any, passages: Sequence[Passage]) -> Callable[[str], int] | None:
    """A new counter (a closure) per call, as ``ask()`` made one per question; a plain
    function, so a year-less date list scans its articles' text (``pick_year``)."""
    counter = Printed(bm25, passages)
    return lambda s: counter(s)


class Before:
    """``with Before(view):`` the old steps are in place inside :mod:`qa.answering.archive`."""

    def __init__(self, view: Mapping[str, Article], ix: DateIndex) -> None:
        self._old = WalkingDateIndex.of(ix)
        self._saved: dict[str, Any] = {}

    def __enter__(self) -> Before:
        self._saved = {"date_index": archive.date_index, "_dated_in": archive._dated_in}
        archive.date_index = lambda view: self._old  # type: ignore[assignment]
        archive._dated_in = dated_in  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        for k, v in self._saved.items():
            setattr(archive, k, v)
