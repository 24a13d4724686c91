"""Questions about the archive itself, answered before the extractive path: a person's
timeline, who a person is and their titles over time (:mod:`qa.answering.timeline`), and the
reports of some days (``5月份有哪些会议？``).

:func:`archive_answer` returns None for every other question; then ``ask()`` answers
extractively, with hits dated in the asked range first (:func:`prefer_dates`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, overload

from qa.answering.dateindex import DateIndex, date_index, passages_by_article
from qa.answering.dates import in_range, pick_year
from qa.answering.listing import Line, dated_title, lead_sentence, list_answer
from qa.answering.postings import Printed
from qa.answering.timeline import find_person, person_kind, timeline, titles
from qa.identity_cache import IdentityCache
from qa.records import Answer, Article, Hit, Passage, Query

_LIST_ASK = re.compile(
    r"哪些|什么会|哪几|有什么|都有|分别|什么事|which events|what events|which meetings|"
    r"what meetings|what happened|were held|took place|what .*reported|list"
)
_MENTION = re.compile(r"(\d{1,2})月(?:(\d{1,2})[日号])?")
_MEETING = re.compile(r"会议|什么会|哪些会|meeting|conference")


class _Lines(Sequence[Line]):
    """The lines of a date list, each built only when shown (a month can match thousands)."""

    def __init__(self, articles: Sequence[Article], lang: str) -> None:
        self._arts, self._lang = articles, lang

    def __len__(self) -> int:
        return len(self._arts)

    def _line(self, a: Article) -> Line:
        s, e = lead_sentence(a, a.date)
        i = a.text.find(a.date, s, e) if a.date else -1
        span = (i, i + len(a.date)) if i >= 0 else None
        return Line(a.id, dated_title(a, self._lang), s, e, span)

    @overload
    def __getitem__(self, i: int) -> Line: ...
    @overload
    def __getitem__(self, i: slice) -> list[Line]: ...
    def __getitem__(self, i: int | slice) -> Line | list[Line]:
        if isinstance(i, slice):
            return [self._line(a) for a in self._arts[i]]
        return self._line(self._arts[i])


def date_list(
    query: Query,
    view: Mapping[str, Article],
    *,
    k: int,
    skip: int = 0,
    printed: Callable[[str], int] | None = None,
) -> Answer:
    """The articles dated in the question's range, oldest first, with how many are undated
    (a year-less range: in the year its words point to, read from the index's postings when
    ``printed`` is a :class:`~qa.answering.postings.Printed`)."""
    rng = query.dates
    if not rng:
        raise ValueError(f"date_list needs a question with dates, got {query.text!r}")
    ix = date_index(view)
    year = _year_of(query, ix, printed) if rng[0].startswith("0000") else ""
    matched = ix.between(rng, year)
    if _MEETING.search(query.text.lower()):
        matched = [a for a in matched if "会" in a.title] or matched
    matched.sort(key=lambda a: (a.date_iso, a.position))
    lines = _Lines(matched, query.lang)
    lo, hi = (year + r[4:] if year else r for r in rng)
    head, tail = _head_tail(len(lines), lo if lo == hi else f"{lo} – {hi}", ix.undated, query.lang)
    short = "；".join(view[x.article_id].title for x in lines[skip : skip + k])
    return list_answer(
        query.text,
        query.lang,
        "date_list",
        head,
        lines,
        view,
        k=k,
        skip=skip,
        short=short,
        tail=tail,
    )


def _year_of(query: Query, ix: DateIndex, printed: Callable[[str], int] | None) -> str:
    """The year a year-less date list is about: from the index's postings when ``printed``
    is a :class:`~qa.answering.postings.Printed`, else by scanning the articles in range."""
    words = [w for w, _ in query.words]
    rng = (query.dates[0], query.dates[1])
    if isinstance(printed, Printed):
        return printed.year(words, rng, ix)
    return pick_year(ix.between(rng), words)


def _head_tail(n: int, when: str, undated: int, lang: str) -> tuple[str, str]:
    """The first line of a date list and the note on undated reports."""
    en = lang == "en"
    head = f"{n} report{'s' if n != 1 else ''} dated {when}:" if en else f"{when}的报道共{n}篇："
    if not n:
        head = f"No report is dated {when}." if en else f"资料库中没有日期在{when}的报道。"
    tail = ""
    if undated:
        tail = (
            f"({undated} report{'s have' if undated != 1 else ' has'} no date and "
            f"{'are' if undated != 1 else 'is'} not listed.)"
            if en
            else f"（另有{undated}篇报道没有日期，未列入。）"
        )
    return head, tail


def _person_answer(
    query: Query,
    people: Mapping[str, Any],
    view: Mapping[str, Article],
    k: int,
    skip: int,
    printed: Callable[[str], int] | None = None,
) -> Answer | None:
    kind = person_kind(query.text)
    if not kind:
        return None
    name = query.person or (
        find_person(query.text, people, query.names, view, printed) if kind == "timeline" else ""
    )
    if not name:
        return None
    rng = query.dates
    year = ""
    if rng and rng[0].startswith("0000"):
        dated = [
            view[a.article_id]
            for a in getattr(people.get(name), "appearances", ())
            if a.article_id in view
        ]
        year = pick_year([a for a in dated if in_range(a.date_iso, rng)], [name])
    if kind in ("who", "title") or re.search(r"职务|title|position", query.text.lower()):
        ans = titles(query.text, query.lang, name, people, view, rng=rng, year=year, k=k)
        if ans is not None or kind == "title":
            return ans
    ans = timeline(query.text, query.lang, name, people, view, rng=rng, year=year, k=k, skip=skip)
    return ans if ans.found or skip else None  # nothing in that period: answer extractively


def archive_answer(
    query: Query,
    people: Mapping[str, Any],
    view: Mapping[str, Article],
    *,
    k: int,
    skip: int = 0,
    printed: Callable[[str], int] | None = None,
) -> Answer | None:
    """A person's timeline or titles, or the reports of a date range; None for other
    questions (see module docstring). ``printed`` counts how often the archive prints a
    string (a name the people index does not know); see :func:`printed_count`."""
    ans = _person_answer(query, people, view, k, skip, printed)
    if ans is not None:
        return ans
    if (
        query.dates
        and not query.person
        and _LIST_ASK.search(query.text.lower())
        and query.qtype not in ("who", "number", "where")
    ):
        return date_list(query, view, k=k, skip=skip, printed=printed)
    return None


def _dated_in(hit: Hit, art: Article | None, rng: tuple[str, ...]) -> bool:
    """Does the passage name a day or month in ``rng`` (the year: its article's)? The
    article's own date is not enough: a report of May names what happened in April."""
    if art is None:
        return False
    year = art.date_iso[:4] or "0000"
    for m in _MENTION.finditer(hit.passage.text):  # \d and int() read full-width digits too
        mo, d = int(m.group(1)), int(m.group(2) or 0)
        if 1 <= mo <= 12 and in_range(f"{year}-{mo:02d}" + (f"-{d:02d}" if d else ""), rng):
            return True
    return False


def prefer_dates(hits: Sequence[Hit], query: Query, articles: Mapping[str, Article]) -> list[Hit]:
    """Hits whose passage names a day or month in the question's range first, stably
    (今年4月获得了什么荣誉 is answered in a May report that says 4月); unchanged without a
    range or when no hit names one."""
    if not query.dates:
        return list(hits)
    flags = [_dated_in(h, articles.get(h.passage.article_id), query.dates) for h in hits]
    if not any(flags):
        return list(hits)
    return [h for h, f in zip(hits, flags, strict=True) if f] + [
        h for h, f in zip(hits, flags, strict=True) if not f
    ]


def prefer_person(
    hits: Sequence[Hit],
    query: Query,
    passages: Sequence[Passage],
    articles: Mapping[str, Article],
    people: Mapping[str, Any] | None = None,
) -> list[Hit]:
    """Hits whose passage names the person the question names first (stably); when none
    does, the passages that name them are added after the hits (retrieval missed them): of
    the articles the people index lists for them, else of the whole archive."""
    name = query.person
    if not name:
        return list(hits)

    def names(p: Passage) -> bool:
        art = articles.get(p.article_id)
        return art is not None and name in art.text[p.start : p.end]

    flags = [names(h.passage) for h in hits]
    if any(flags):
        return [h for h, f in zip(hits, flags, strict=True) if f] + [
            h for h, f in zip(hits, flags, strict=True) if not f
        ]
    rec = (people or {}).get(name)
    pool: Iterable[Passage] = passages
    if rec is not None:
        by_article = passages_by_article(passages)
        ids = dict.fromkeys(x.article_id for x in rec.appearances)
        pool = [p for i in ids for p in by_article.get(i, ())]
    return [*hits, *(Hit(p, 0.0) for p in pool if names(p))]


_PRINTED: IdentityCache[Any, Printed | None] = IdentityCache()


def printed_count(bm25: Any, passages: Sequence[Passage]) -> Printed | None:
    """How often the archive prints a CJK string, read from the BM25 postings of its
    character bigrams (:class:`qa.answering.postings.Printed`), or None when the index has no
    postings. One counter per index (``bm25`` and its ``passages``)."""
    return _PRINTED.get(bm25, lambda b: Printed(b, passages) if hasattr(b, "docs_with") else None)


def warm_archive(view: Mapping[str, Article], bm25: Any, passages: Sequence[Passage]) -> None:
    """Build the per-index structures the archive answers use (the date index, passages by
    article, the postings counter and its date arrays), so no question pays for them."""
    ix = date_index(view)
    passages_by_article(passages)
    printed = printed_count(bm25, passages)
    if printed is not None:
        printed.year(["会议"], ("0000-01-01", "0000-01-31"), ix)
