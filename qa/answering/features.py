"""Features of a candidate answer span, for the learned ranker.

A sentence is analysed once (:class:`SentenceView`: words with part of speech, clauses, where
the question's key terms occur, the slot the question word aligns to); each span in it then
gets a few dozen numbers: the old rule signals (type, unit, role, alignment), key-term coverage
of its clause and sentence, distance to the nearest matched term, its length and part of
speech, how much of it repeats the question, and the passage's rank and fused score. Part of
speech and length are crossed with the question type, so one linear model can learn that a
who-question wants a person and a what-question a longer noun phrase.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from qa.answering.align import align_span
from qa.answering.terms import KeyTerms
from qa.records import Query

QTYPES = ("who", "when", "where", "number", "org", "list", "title", "what")
POS_CLASSES = ("person", "place", "org", "time", "number", "noun", "verb")
CROSSED = ("typed", "prior", *POS_CLASSES, "len", "clause", "align_iou", "digit", "role", "inside")
CLAUSE_END = set("，。；：！？,;:!?“”（）()《》「」")
MAX_WORDS = 8


@cache
def _posseg() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


# jieba part-of-speech flag prefixes → the classes features count (first match wins)
_POS_PREFIXES = (
    ("nr", "person"),
    ("ns", "place"),
    ("nt", "org"),
    ("t", "time"),
    ("m", "number"),
    ("n", "noun"),
    ("v", "verb"),
)


def _pos_class(flag: str) -> str:
    return next((c for prefix, c in _POS_PREFIXES if flag.startswith(prefix)), "other")


@dataclass
class SentenceView:
    """One sentence of a retrieved passage, analysed once for all its candidate spans."""

    text: str
    words: list[tuple[int, int, str]]  # start, end, part-of-speech class
    clauses: list[tuple[int, int]]
    term_starts: list[int]
    term_ends: list[int]
    aligned: tuple[int, int] | None
    cov_sent: float
    cov_ctx: float
    rank: int
    hit_score: float
    index: int  # sentence number within its passage


def sentence_view(
    query: Query,
    terms: KeyTerms,
    sent: str,
    *,
    cov_ctx: float,
    rank: int,
    hit_score: float,
    index: int,
) -> SentenceView:
    """Analyse ``sent`` for ``query`` (see module docstring)."""
    words, i = [], 0
    for w, flag in _posseg().lcut(sent):
        words.append((i, i + len(w), _pos_class(flag)))
        i += len(w)
    clauses, start = [], 0
    for j, ch in enumerate(sent + "。"):
        if ch in CLAUSE_END:
            if j > start:
                clauses.append((start, j))
            start = j + 1
    starts, ends = [], []
    low = sent.lower()
    for t in terms.zh:
        for m in re.finditer(re.escape(t.lower()), low):
            starts.append(m.start())
            ends.append(m.end())
    aligned = align_span(query.text, sent) if query.lang == "zh" else None
    return SentenceView(
        sent,
        words,
        clauses,
        starts,
        ends,
        aligned,
        terms.coverage(sent),
        cov_ctx,
        rank,
        hit_score,
        index,
    )


def ngram_spans(view: SentenceView) -> list[tuple[int, int]]:
    """Word n-grams of up to MAX_WORDS words inside a clause, and every whole clause."""
    out = list(view.clauses)
    for c0, c1 in view.clauses:
        ws = [(a, b) for a, b, _ in view.words if a >= c0 and b <= c1]
        for i in range(len(ws)):
            for j in range(i, min(len(ws), i + MAX_WORDS)):
                out.append((ws[i][0], ws[j][1]))
    return list(dict.fromkeys(out))


def _iou(a: int, b: int, span: tuple[int, int] | None) -> float:
    if span is None:
        return 0.0
    inter = max(0, min(b, span[1]) - max(a, span[0]))
    return inter / max(1, max(b, span[1]) - min(a, span[0]))


def _clause_of(view: SentenceView, a: int, b: int) -> tuple[int, int]:
    return next(((c0, c1) for c0, c1 in view.clauses if c0 <= a and b <= c1), (0, len(view.text)))


def _base(query: Query, terms: KeyTerms, view: SentenceView, a: int, b: int) -> dict[str, float]:
    span = view.text[a:b]
    c0, c1 = _clause_of(view, a, b)
    dist = min((min(abs(p - a), abs(p - b)) for p in view.term_starts), default=len(view.text))
    q_chars = set(query.text)
    return {
        "cov_ctx": view.cov_ctx,
        "cov_sent": view.cov_sent,
        "cov_clause": terms.coverage(view.text[c0:c1]),
        "near": 1.0 / (1.0 + dist / 10),
        "after_term": float(any(0 <= a - e <= 2 for e in view.term_ends)),
        "before_term": float(any(0 <= s - b <= 2 for s in view.term_starts)),
        "inside": sum(ch in q_chars for ch in span) / max(1, len(span)),
        "len": math.log1p(len(span)),
        "clause": float((a, b) == (c0, c1)),
        "align_iou": _iou(a, b, view.aligned),
        "align_start": float(view.aligned is not None and a == view.aligned[0]),
        "digit": float(any(ch.isdigit() for ch in span)),
        "rank": float(view.rank),
        "hit_score": view.hit_score,
        "first_sent": float(view.index == 0),
        "punct": float(any(ch in CLAUSE_END or ch == "、" for ch in span)),
    }


def _pos_shares(view: SentenceView, a: int, b: int) -> dict[str, float]:
    inside = [(s, e, c) for s, e, c in view.words if s >= a and e <= b]
    n = max(1, len(inside))
    out = {c: sum(1 for _, _, k in inside if k == c) / n for c in POS_CLASSES}
    out["last_noun"] = float(bool(inside) and inside[-1][2] in ("noun", "person", "place", "org"))
    out["first_verb"] = float(bool(inside) and inside[0][2] == "verb")
    return out


def span_features(
    query: Query,
    terms: KeyTerms,
    view: SentenceView,
    a: int,
    b: int,
    *,
    prior: float,
    typed: bool,
    role: bool,
    rule: float,
) -> dict[str, float]:
    """All features of the span ``view.text[a:b]`` (names as in the model file)."""
    f = {"bias": 1.0, "rule": rule, "typed": float(typed), "prior": prior, "role": float(role)}
    f.update(_base(query, terms, view, a, b))
    f.update(_pos_shares(view, a, b))
    qt = query.qtype if query.qtype in QTYPES else "what"
    f.update({f"{qt}:{name}": f.get(name, 0.0) for name in CROSSED})
    f[f"qtype:{qt}"] = 1.0
    f[f"lang:{query.lang}"] = 1.0
    return f
