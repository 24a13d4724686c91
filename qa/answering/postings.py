"""Counts read from the BM25 postings of a loaded index, so archive questions never scan the
archive's text: how often a string is printed (a name the people index lacks), and which year
a year-less date list is about.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.records import Passage
from qa.text.t2s import to_simplified

if TYPE_CHECKING:
    from qa.answering.dateindex import DateIndex


HELD_WORDS = 256  # words whose article ordinals are kept (tens of MB at most)


class Printed:
    """``printed(s)``: how often the archive prints the CJK string ``s``, from the postings of
    its character bigrams (only passages holding all of them are read); ``year(words,
    matched)``: the year whose ``matched`` articles hold most of ``words``."""

    def __init__(self, bm25: Any, passages: Sequence[Passage]) -> None:
        self._bm25 = bm25
        self._passages = passages
        self._ordinal: dict[str, int] = {}
        self._rows = np.zeros(0, np.int64)  # passage row → its article's ordinal
        self._ix: DateIndex | None = None
        self._held: dict[str, np.ndarray] = {}
        self._lock = threading.RLock()
        self._yr = self._md = np.zeros(0, np.int64)

    def __call__(self, s: str) -> int:
        rows = None
        for i in range(len(s) - 1):
            d = self._bm25.docs_with(s[i : i + 2])
            rows = d if rows is None else np.intersect1d(rows, d, assume_unique=True)
            if not len(rows):
                return 0
        if rows is None:
            return 0
        seen = set()  # (article, offset): overlapping passages count a mention once
        for r in rows:
            p = self._passages[int(r)]
            text = to_simplified(p.text)
            i = text.find(s)
            while i >= 0:
                seen.add((p.article_id, p.start + i))
                i = text.find(s, i + 1)
        return len(seen)

    def year(self, words: Iterable[str], rng: tuple[str, str], ix: DateIndex) -> str:
        """The year a year-less range ``rng`` is about, as :func:`qa.answering.dates.pick_year`
        reads it (the year whose articles in the range hold most of the question's words;
        ties: the latest), a word counted where the index's tokens hold it. Array work over
        the postings and the articles' dates: no article's text is read."""
        yr, md = self._dates(ix)
        lo_m, lo_d, hi_m, hi_d = (
            int(rng[0][5:7]),
            int(rng[0][8:10]),
            int(rng[1][5:7]),
            int(rng[1][8:10]),
        )
        month = md // 100
        inside = np.where(
            md % 100 > 0,
            (md >= lo_m * 100 + lo_d) & (md <= hi_m * 100 + hi_d),
            (month >= lo_m) & (month <= hi_m),
        ) & (yr > 0)
        years = np.unique(yr[inside])
        words = [w for w in words if len(w) >= 2]
        if len(years) <= 1 or not words:
            return str(years[-1]) if len(years) else ""
        score = np.zeros(len(years), np.int64)
        for w in words:  # work in the size of the word's postings, not of the archive
            held = self._holders(w)
            held = held[inside[held]]  # its articles in the range
            score += np.bincount(np.searchsorted(years, yr[held]), minlength=len(years))
        best = max(range(len(years)), key=lambda i: (score[i], i))
        return str(years[best])

    def _holders(self, word: str) -> np.ndarray:
        """The ordinals of the articles holding ``word``, each once (the last few hundred
        words kept: 会议, 工作 recur in date questions)."""
        with self._lock:
            got = self._held.pop(word, None)
        if got is None:
            got = np.unique(self._rows[self._bm25.docs_with(word)]).astype(np.int32)
        with self._lock:
            self._held[word] = got  # most recent last
            while len(self._held) > HELD_WORDS:
                del self._held[next(iter(self._held))]
        return got

    def _dates(self, ix: DateIndex) -> tuple[np.ndarray, np.ndarray]:
        """Per article ordinal: its year and month × 100 + day (day 0: a month-only date;
        year 0: undated), as the date index ``ix`` dates it; built once per date index."""
        with self._lock:
            if self._ix is not ix:
                self._build_dates(ix)
            return self._yr, self._md

    def _build_dates(self, ix: DateIndex) -> None:
        self._map()
        yr = np.zeros(len(self._ordinal) + 1, np.int64)
        md = np.zeros(len(self._ordinal) + 1, np.int64)
        for a in [*ix.articles, *(a for v in ix.months.values() for a in v)]:
            i = self._ordinal.get(a.id, len(self._ordinal))
            iso = a.date_iso
            yr[i] = int(iso[:4])
            md[i] = int(iso[5:7]) * 100 + (int(iso[8:10]) if len(iso) >= 10 else 0)
        yr[-1] = 0  # the slot of articles without passages
        self._ix, self._yr, self._md = ix, yr, md

    def _map(self) -> None:
        with self._lock:
            if len(self._rows) or not self._passages:
                return
            ordinal: dict[str, int] = {}
            for p in self._passages:
                ordinal.setdefault(p.article_id, len(ordinal))
            rows = [ordinal[p.article_id] for p in self._passages]
            self._ordinal, self._rows = ordinal, np.asarray(rows, np.int64)
