"""The archive's articles by date (and passages by article), built once per index view: a date range is two bisections,
not a scan of every article (a month of a ten-year archive is read in microseconds).

Articles ingestion left undated but whose opening names a day (受旱情影响…9月22日…) are dated
here, the year taken from the dated articles of the same source (:func:`text_dates`).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from qa.answering.dates import text_dates
from qa.identity_cache import IdentityCache
from qa.records import Article, Passage


def _md(iso: str) -> str:
    return f"{int(iso[5:7])}月{int(iso[8:10])}日"


@dataclass(frozen=True)
class DateIndex:
    """Articles dated to the day, sorted by ISO date, and those dated to a month only
    (``YYYY-MM``), listed per month: a range is two bisections plus the month lists it
    overlaps, never a walk over the days of a month."""

    keys: tuple[str, ...]  # ISO days, sorted
    articles: tuple[Article, ...]  # dated to the day, in ``keys`` order
    months: Mapping[str, tuple[Article, ...]]  # YYYY-MM → the articles dated to that month only
    years: tuple[str, ...]
    undated: int

    @classmethod
    def build(cls, view: Mapping[str, Article]) -> DateIndex:
        found = text_dates(view.values())
        dated = [
            replace(a, date_iso=found[a.id], date=_md(found[a.id])) if a.id in found else a
            for a in view.values()
        ]
        rows = sorted((a for a in dated if len(a.date_iso) >= 7), key=lambda a: a.date_iso)
        days = [a for a in rows if len(a.date_iso) != 7]
        months: dict[str, list[Article]] = {}
        for a in rows:
            if len(a.date_iso) == 7:
                months.setdefault(a.date_iso, []).append(a)
        return cls(
            tuple(a.date_iso for a in days),
            tuple(days),
            {m: tuple(v) for m, v in months.items()},
            tuple(sorted({a.date_iso[:4] for a in rows})),
            len(dated) - len(rows),
        )

    def between(self, rng: tuple[str, str], year: str = "") -> list[Article]:
        """Articles dated in ``rng`` (as :func:`qa.answering.dates.in_range` reads it; a
        year-less range in every year of the archive, or in ``year``), in date order (a
        month-only date before the days of its month)."""
        lo, hi = rng
        if lo.startswith("0000"):
            ranges = [(y + lo[4:], y + hi[4:]) for y in ([year] if year else self.years)]
        else:
            ranges = [(lo, hi)]
        out: list[Article] = []
        for a, b in ranges:
            i = bisect.bisect_left(self.keys, a)
            j = bisect.bisect_right(self.keys, b + "\uffff")
            months = self._month_only(a[:7], b[:7])
            days = self.articles[i:j]  # every key from a to b lies in the range
            if months and a[:7] != b[:7]:  # several months: each before its own days
                out.extend(sorted([*months, *days], key=lambda x: x.date_iso))
            else:
                out.extend(months)
                out.extend(days)
        return out

    def _month_only(self, first: str, last: str) -> list[Article]:
        """The month-only articles of the months ``first``..``last`` (``YYYY-MM``)."""
        if first == last:
            return list(self.months.get(first, ()))
        return [a for m in sorted(self.months) if first <= m <= last for a in self.months[m]]


_DATES: IdentityCache[Mapping[str, Article], DateIndex] = IdentityCache()
_BY_ARTICLE: IdentityCache[Sequence[Passage], dict[str, list[Passage]]] = IdentityCache()


def date_index(view: Mapping[str, Article]) -> DateIndex:
    """The :class:`DateIndex` of ``view``, built on first use (a view lives as long as its
    index, so a new generation gets a new one)."""
    return _DATES.get(view, DateIndex.build)


def _by_article(passages: Sequence[Passage]) -> dict[str, list[Passage]]:
    m: dict[str, list[Passage]] = {}
    for p in passages:
        m.setdefault(p.article_id, []).append(p)
    return m


def passages_by_article(passages: Sequence[Passage]) -> dict[str, list[Passage]]:
    """Article id → its passages, built once per index's passage list."""
    return _BY_ARTICLE.get(passages, _by_article)
