"""Questions about the archive itself, answered before the extractive path: a person's
timeline, who a person is and their titles over time (:mod:`qa.answering.timeline`), and the
reports of some days (``5月份有哪些会议？``).

:func:`archive_answer` returns None for every other question; then ``ask()`` answers
extractively, with hits dated in the asked range first (:func:`prefer_dates`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from qa.answering.dates import in_range, pick_year, text_dates
from qa.answering.listing import Line, dated_title, lead_sentence, list_answer
from qa.answering.timeline import find_person, person_kind, timeline, titles
from qa.records import Answer, Article, Hit, Passage, Query

_LIST_ASK = re.compile(
    r"哪些|什么会|哪几|有什么|都有|分别|什么事|which events|what events|which meetings|"
    r"what meetings|what happened|were held|took place|what .*reported|list"
)
_MENTION = re.compile(r"(\d{1,2})月(?:(\d{1,2})[日号])?")
_MEETING = re.compile(r"会议|什么会|哪些会|meeting|conference")


def _md(iso: str) -> str:
    return f"{int(iso[5:7])}月{int(iso[8:10])}日"


def date_list(query: Query, view: Mapping[str, Article], *, k: int, skip: int = 0) -> Answer:
    """The articles dated in the question's range, oldest first, with how many are undated."""
    rng = query.dates
    if not rng:
        raise ValueError(f"date_list needs a question with dates, got {query.text!r}")
    found = text_dates(view.values())  # undated by ingest, dated in their opening
    dated = [
        replace(a, date_iso=found[a.id], date=_md(found[a.id])) if a.id in found else a
        for a in view.values()
    ]
    undated = sum(1 for a in dated if not a.date_iso)
    matched = [a for a in dated if in_range(a.date_iso, rng)]
    year = pick_year(matched, [w for w, _ in query.words]) if rng[0].startswith("0000") else ""
    matched = [a for a in matched if in_range(a.date_iso, rng, year)]
    if _MEETING.search(query.text.lower()):
        matched = [a for a in matched if "会" in a.title] or matched
    matched.sort(key=lambda a: (a.date_iso, a.position))
    lines = []
    for a in matched:
        s, e = lead_sentence(a, a.date)
        i = a.text.find(a.date, s, e) if a.date else -1
        lines.append(
            Line(a.id, dated_title(a, query.lang), s, e, (i, i + len(a.date)) if i >= 0 else None)
        )
    lo, hi = (year + r[4:] if year else r for r in rng)
    when = lo if lo == hi else f"{lo} – {hi}"
    en = query.lang == "en"
    head = f"{len(lines)} reports dated {when}:" if en else f"{when}的报道共{len(lines)}篇："
    if not lines:
        head = f"No report is dated {when}." if en else f"资料库中没有日期在{when}的报道。"
    tail = ""
    if undated:
        tail = (
            f"({undated} reports have no date and are not listed.)"
            if en
            else f"（另有{undated}篇报道没有日期，未列入。）"
        )
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


def _person_answer(
    query: Query, people: Mapping[str, Any], view: Mapping[str, Article], k: int, skip: int
) -> Answer | None:
    kind = person_kind(query.text)
    if not kind:
        return None
    name = query.person or (
        find_person(query.text, people, query.names, list(view.values()))
        if kind == "timeline"
        else ""
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
    query: Query, people: Mapping[str, Any], view: Mapping[str, Article], *, k: int, skip: int = 0
) -> Answer | None:
    """A person's timeline or titles, or the reports of a date range; None for other
    questions (see module docstring)."""
    ans = _person_answer(query, people, view, k, skip)
    if ans is not None:
        return ans
    if (
        query.dates
        and not query.person
        and _LIST_ASK.search(query.text.lower())
        and query.qtype not in ("who", "number", "where")
    ):
        return date_list(query, view, k=k, skip=skip)
    return None


def _dated_in(hit: Hit, art: Article | None, rng: tuple[str, ...]) -> bool:
    """Does the passage name a day or month in ``rng`` (the year: its article's)? The
    article's own date is not enough: a report of May names what happened in April."""
    if art is None:
        return False
    year = art.date_iso[:4] or "0000"
    for m in _MENTION.finditer(unicodedata.normalize("NFKC", hit.passage.text)):
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
    hits: Sequence[Hit], query: Query, passages: Sequence[Passage], articles: Mapping[str, Article]
) -> list[Hit]:
    """Hits whose passage names the person the question names first (stably); when none
    does, the passages that name them are added after the hits (retrieval missed them)."""
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
    return [*hits, *(Hit(p, 0.0) for p in passages if names(p))]
