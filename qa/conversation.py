"""Follow-up questions: the earlier turns of a chat decide what 那次会议 / it / 他 / 还有吗 mean.

``history`` holds the earlier questions (strings, re-asked to get their answers) or their
:class:`~qa.records.Answer`. A question continues the last turn when it points back
(那次会议, 该项目, 上面那个, it, that meeting, the same report, 他/她, he/she), asks for more
(还有吗, what else), has no content word of its own (在哪儿办？), or its words are mostly in the
article the last answer cited (冠军拿了多少奖金？ after a question about the final). Then it is
answered from that article, and the reply says which article the topic came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.errors import InputError
from qa.records import Answer, Article, Hit, Query

if TYPE_CHECKING:
    from qa.retrieval import Retriever

MORE = re.compile(
    r"^(?:还有吗|还有呢|还有别的吗|还有其他的?吗|还有什么|其他的呢|别的呢|"
    r"what else|anything else|any more|more\b|and\?)",
    re.IGNORECASE,
)
POINTER = re.compile(
    r"那次|这次|该|这篇|那篇|上面|上述|那个|这个|那场|这场|那项|这项|当时|此次|还有谁|还有哪|\belse\b|"
    r"\bit\b|\bits\b|\bthat\b|\bthis\b|the same|\bthere\b",
    re.IGNORECASE,
)
ELSE = re.compile(r"还有谁|还有哪|另外|其他|其余|\belse\b|\bother\b", re.IGNORECASE)
PRONOUN = re.compile(r"他|她|\b(?:he|she|him|his|her)\b", re.IGNORECASE)
COVERED = 0.6  # share of a question's words in the cited article that makes it a follow-up


@dataclass(frozen=True)
class Context:
    """The last turn a follow-up may depend on."""

    question: str  # the last question that was not a 还有吗
    answer: Answer  # its answer
    article_ids: tuple[str, ...]  # articles it cited, answering citations first
    more: int  # how many 还有吗 came after it (0: none)


def _cited(ans: Answer) -> tuple[str, ...]:
    first = [c.article_id for c in ans.citations if c.answer_start is not None]
    return tuple(dict.fromkeys(first + [c.article_id for c in ans.citations]))


def context(
    history: Sequence[str | Answer], ask: Callable[[str, Sequence[str | Answer]], Answer]
) -> Context | None:
    """The context of the next question; ``ask(question, earlier)`` re-asks a string turn."""
    turns = list(history)
    for t in turns:
        if not isinstance(t, str | Answer):
            raise InputError(
                f"history items must be earlier questions (str) or Answers, got {type(t).__name__}"
            )
    more = 0
    while turns and isinstance(turns[-1], str) and MORE.match(turns[-1].strip()):
        turns.pop()
        more += 1
    if not turns:
        return None
    last = turns[-1]
    ans = last if isinstance(last, Answer) else ask(last, turns[:-1])
    return Context(ans.question, ans, _cited(ans), more)


def continues(query: Query, ctx: Context, article_text: str) -> bool:
    """Does ``query`` continue the last turn (see module docstring)?"""
    if MORE.match(query.text.strip()) or POINTER.search(query.text) or PRONOUN.search(query.text):
        return True
    words = [w for w, _ in query.words if len(w) >= 2]
    if query.lang == "en":
        groups = [g.translations for g in query.glosses if g.translations]
        return bool(groups) and sum(
            any(t in article_text for t in g) for g in groups
        ) >= COVERED * len(groups)
    return not words or sum(w in article_text for w in words) >= COVERED * len(words)


def person_of(ans: Answer, people: Sequence[str]) -> str:
    """The person the last answer was about: its short answer when that is a known name,
    else the first known name in its short answer or text."""
    short = ans.short.strip()
    if short in people:
        return short
    for hay in (short, ans.text):
        found = [p for p in people if len(p) >= 2 and p in hay]
        if found:
            return min(found, key=hay.index)
    return ""


def resolve_pronoun(question: str, person: str) -> str:
    """他跑了多长时间？ → 刘志鹏跑了多长时间？ (Chinese pronouns only; English keeps them)."""
    return re.sub(r"[他她](?!们)", person, question, count=1) if person else question


def lead(title: str, lang: str) -> str:
    """The line that says where the topic came from."""
    return f"(Following up on “{title}”.) " if lang == "en" else f"（接上文《{title}》）"


Extractive = Callable[..., Answer]  # (query, *, focus=ids, exclude=ids) -> Answer


def _with_lead(ans: Answer, title: str) -> Answer:
    from dataclasses import replace

    return replace(ans, text=lead(title, ans.lang) + ans.text)


def _more(
    ctx: Context, r: Retriever, view: dict[str, Article], k: int, extractive: Extractive
) -> Answer:
    """还有吗: the next lines of a listed answer, or answers from articles not yet cited."""
    from qa.answering.archive import archive_answer, printed_count
    from qa.query import make_query
    from qa.text.t2s import to_simplified

    base = make_query(to_simplified(ctx.question), r)
    listed = archive_answer(
        base,
        r.data.people,
        view,
        k=k,
        skip=k * (ctx.more + 1),
        printed=printed_count(r.data.bm25, r.passages),
    )
    return listed or extractive(base, exclude=ctx.article_ids)


def _topic(
    ctx: Context, prev: Query, person: str, r: Retriever, view: dict[str, Article]
) -> Article | None:
    """The article the last turn was about: of those its answer cited (or, when none names
    the person it asked about, that person's articles), the one holding most of its words,
    in the title first."""
    ids = [i for i in ctx.article_ids if i in view]
    if person:
        named = [i for i in ids if person in view[i].text]
        rec = r.data.people.get(person)
        ids = (
            named
            or [a.article_id for a in getattr(rec, "appearances", ()) if a.article_id in view]
            or ids
        )
    words = [w for w, _ in prev.words if len(w) >= 2] or [
        t for g in prev.glosses for t in g.translations
    ]

    def score(i: str) -> tuple[int, int, int]:
        a = view[i]
        return (
            sum(w in a.title + a.text for w in words),
            sum(w in a.title for w in words),
            -ids.index(i),
        )

    return view[max(ids, key=score)] if ids else None


def answer_follow_up(
    query: Query,
    ctx: Context,
    r: Retriever,
    view: dict[str, Article],
    k: int,
    extractive: Extractive,
) -> Answer | None:
    """The answer to ``query`` in the context of the last turn, or None when it does not
    continue it. ``r`` is the Retriever, ``view`` the articles as answering sees them."""
    from qa.answering.archive import archive_answer, printed_count
    from qa.ingest.people import is_plausible_name
    from qa.query import make_query
    from qa.text.t2s import to_simplified

    if MORE.match(query.text.strip()):
        return _more(ctx, r, view, k, extractive)
    prev = make_query(to_simplified(ctx.question), r)
    short = ctx.answer.short.strip()
    person = prev.person or (short if is_plausible_name(short) else "")
    art = _topic(ctx, prev, person, r, view)
    if art is None or not continues(query, ctx, art.title + art.text):
        return None
    pointed = bool(POINTER.search(query.text) or PRONOUN.search(query.text))
    asked = query  # the pronoun kept: the article may say 他要求 too
    if PRONOUN.search(query.text) and query.lang == "zh":
        person = (
            short
            if is_plausible_name(short)
            else person or person_of(ctx.answer, list(r.data.people))
        )
        if person:
            query = make_query(resolve_pronoun(query.text, person), r)
    listed = archive_answer(
        query, r.data.people, view, k=k, printed=printed_count(r.data.bm25, r.passages)
    )
    if listed is not None:
        return listed
    ans = _in_topic(query, asked, art, r, view, k, extractive, prev if pointed else None, short)
    if not ans.found and not pointed:  # no word points back: maybe a new topic after all
        plain = extractive(query)
        if plain.found:
            return plain
    return _with_lead(ans, art.title)


def _in_topic(
    query: Query,
    asked: Query,
    art: Article,
    r: Retriever,
    view: dict[str, Article],
    k: int,
    extractive: Extractive,
    prev: Query | None,
    short: str,
) -> Answer:
    """The answer from the carried article ``art``: the extractive answer focused on it (also
    as ``asked``, the pronoun kept), else its typed span (:func:`_carried`). "还有谁/who else"
    never repeats the earlier answer ``short``."""
    from qa.answering.compose import refusal
    from qa.text.t2s import to_simplified

    given = (to_simplified(short),) if short and ELSE.search(query.text) else ()
    ans = _focused(query, art, r, extractive)
    if not ans.found and asked is not query:
        ans = _focused(asked, art, r, extractive)
    if ans.found and not _repeats(ans.short, given):
        return ans
    # the article is chosen: the question's words need only find the sentence
    carried, hits = _carried(query, art, r, view, k, prev, short, given)
    if carried is not None:
        return carried
    return ans if not ans.found else refusal(query, hits, view, k)


def _repeats(found: str, given: Sequence[str]) -> bool:
    return any(g and (g in found or found in g) for g in given)


def _focused(query: Query, art: Article, r: Retriever, extractive: Extractive) -> Answer:
    """The extractive answer from ``art`` alone; the title's words count as the question's
    when the question alone finds nothing (那次会的主会场 → the meeting of the title)."""
    from dataclasses import replace

    from qa.query import make_query

    ans = extractive(query, focus=(art.id,))
    if ans.found:
        return ans
    topical = make_query(f"{art.title}，{query.text}", r)
    topical = replace(
        topical,
        text=query.text,
        qtype=query.qtype,
        role=query.role,
        role_en=query.role_en,
        unit=query.unit,
        dates=query.dates,
        person=query.person,
    )
    second = extractive(topical, focus=(art.id,))
    return second if second.found else ans  # a refusal in the question's language


def _carried(
    query: Query,
    art: Article,
    r: Retriever,
    view: dict[str, Article],
    k: int,
    prev: Query | None,
    short: str,
    given: Sequence[str] = (),
) -> tuple[Answer | None, list[Hit]]:
    """:func:`qa.answering.carried.answer_in_article` over ``art``'s passages, retrieved first
    (returned too); ``prev`` (the earlier question, when this one points back) and its answer
    ``short`` tell what the pointer refers to; no span repeats ``given``."""
    from qa.answering.carried import answer_in_article
    from qa.answering.dateindex import passages_by_article
    from qa.printed import simplified_hits
    from qa.text.t2s import to_simplified

    found = [h for h in r.search(query, 20) if h.passage.article_id == art.id]
    seen = {h.passage.id for h in found}
    own = passages_by_article(r.passages).get(art.id, [])
    hits = found + [Hit(p, 0.0) for p in own if p.id not in seen]
    hits = simplified_hits(hits, view)
    short = to_simplified(short)
    anchor = short if prev is not None and short and short in art.text else ""
    return answer_in_article(query, art, hits, k, prev, anchor, given), hits
