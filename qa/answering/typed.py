"""Spans of the type a question expects, with a prior: the hand-written rules, now features
of the learned ranker (and the whole scorer when no model is available)."""

from __future__ import annotations

import re

from qa.answering import spans
from qa.answering.align import align_span
from qa.answering.qtype import COUNT, DURATION, ROLE_ALIASES
from qa.records import Article, Query
from qa.text.cjk import CJK

Span = tuple[int, int, float]  # start, end (offsets into the sentence), prior


def typed_spans(query: Query, sent: str, article: Article) -> list[Span]:
    """Spans of the expected type with a prior: exact unit match or a place list gets a bonus;
    a 'what' question also gets the slot its question word aligns to in the sentence."""
    t = query.qtype
    if t == "article":
        return [(0, len(sent), 0.0)]  # the article is the answer; its best sentence the proof
    aligned = align_span(query.text, sent) if query.lang == "zh" and t != "title" else None
    if t == "what":
        return ([(aligned[0], aligned[1], 0.2)] if aligned else []) + [
            (a, b, 0.0) for a, b in spans.quoted(sent)
        ]
    typed = _typed_only(query, sent, article)
    if aligned and not any(
        a <= aligned[0] < b or aligned[0] <= a < aligned[1] for a, b, _ in typed
    ):
        typed.append((aligned[0], aligned[1], -0.3))  # no typed span there: the aligned slot
    return typed


def _typed_only(query: Query, sent: str, article: Article) -> list[Span]:
    t = query.qtype
    if t == "number":
        return _numbers(sent, query.unit)
    if t == "list":
        placed = [(a, b, 0.4) for a, b in spans.places(sent) if "、" in sent[a:b]]
        return placed + [(a, b, -0.2) for a, b in spans.lists(sent)]
    return [(a, b, 0.0) for a, b in _plain_spans(t, sent, article)]


def _numbers(sent: str, hint: str) -> list[Span]:
    if hint == DURATION:  # 多久: a length of time, else any number as a weak guess
        times = spans.durations(sent)
        return [(a, b, 0.6) for a, b in times] + [
            (a, b, -0.6) for a, b in spans.numbers(sent) if (a, b) not in times
        ]
    found = spans.numbers(sent)
    if hint == COUNT:  # how many: a count, never an amount of money
        return [(a, b, -1.2 if "元" in sent[a:b] else 0.2 * sent[a].isdigit()) for a, b in found]
    found = [(a, b) for a, b in found if not unit_clash(sent[a:b], hint)]
    exact = [(a, b, 0.6) for a, b in found if hint and unit_ok(sent[a:b], hint)]
    # asked for an amount of money, a count of things is wrong, not just less likely
    other = -1.2 if hint == "元" else -0.6 if hint else 0.0
    spans_ = exact + [
        (a, b, other) for a, b in found if not _overlong(sent[a:b]) and (a, b, 0.6) not in exact
    ]
    # a count written in digits is what reports state; 两个关键 is rhetoric
    return [(a, b, p + (0.2 if sent[a].isdigit() else 0.0)) for a, b, p in spans_]


def unit_ok(num: str, hint: str) -> bool:
    """Does a number span carry the measure word asked for (人, 家, 元)?"""
    return num.endswith(hint) or (len(hint) == 1 and hint in num[-3:])


# measure words that count things or time: a number carrying one is not an amount of money
_THING_UNITS = frozenset("个家项次所条场批户名位人件天年月周座台辆套只头")
_CURRENCY = re.compile(r"(?:元|美元|欧元|万|亿)$")


def unit_clash(num: str, hint: str) -> bool:
    """Is ``num`` measured in something else than the question asks? An amount of money
    (hint 元) is never a count of things or days (132件, 5天); a count with its own measure
    word (多少名委员 → 名) is never one counted in another (二次). Bare numbers never clash."""
    tail = re.sub(r"(?:余|多|左右)$", "", num.strip())
    last = tail[-1:] if tail else ""
    if not last or last.isdigit() or last in ".%":
        return False
    if hint == "元":
        return last in _THING_UNITS and not _CURRENCY.search(tail)
    if hint and hint[0] in _THING_UNITS and last in _THING_UNITS:
        return last != hint[0] and not (hint[0] in "名位人" and last in "名位人")
    return False


def _plain_spans(t: str, sent: str, article: Article) -> list[tuple[int, int]]:
    if t in ("who", "title"):
        return spans.people(sent, article.people)
    if t == "when":
        return spans.dates(sent)
    if t == "where":
        return spans.places(sent)
    if t == "org":
        return spans.orgs(sent)
    return spans.quoted(sent)


def _overlong(num: str) -> bool:
    return bool(re.search(f"[{CJK}]{{3,}}$", num))


def role_at(sent: str, b: int, query: Query) -> bool:
    """Is the span followed (within a few chars) by the asked role verb?"""
    if not query.role:
        return False
    verbs = ROLE_ALIASES.get(query.role, (query.role,))
    tail = sent[b : b + 6]
    return any(tail.startswith(v) or tail[1:].startswith(v) for v in verbs) or any(
        v in sent[b : b + 12] for v in verbs
    )
