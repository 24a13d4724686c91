"""Scoring rules of ``qa eval``: one reply against one gold question, no I/O.

Two answer rules:

- **legacy** (question files without a ``type`` field: seeds, held-out, benchmarks): correct
  when a gold answer, NFKC + whitespace removed + lower-cased, occurs in the reply's short
  answer (its text when the short answer is empty). Unchanged since the first ``qa eval``.
- **typed** (newsdev format, ``type`` present): the reply must be ``found``; a gold answer
  occurs in the short answer or in the text after :func:`loose` normalisation (NFKC, lower
  case, every space and punctuation mark removed). When the question lists ``all`` items
  (list, person_timeline, date_list and a few where/org), every item must occur. A yes_no
  question is judged only on polarity: see :func:`polarity`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from qa.records import Article

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
# Negative markers are tried first so that 不是 counts as "no", not "yes".
_NO = ("否", "不", "没", "未", "无", "no", "not")
_YES = ("是", "对", "有", "yes")
_POLARITY_OF = {"是": "yes", "否": "no", "yes": "yes", "no": "no"}


@dataclass(frozen=True)
class Question:
    """One gold question. Only ``id`` and ``question`` are required in the file."""

    id: str
    question: str
    answers: tuple[str, ...]
    articles: tuple[str, ...]
    type: str = ""
    lang: str = ""
    pages: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    expected: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.answers) and self.type != "unanswerable"


def norm(text: str) -> str:
    """NFKC, whitespace removed, lower-case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def loose(text: str) -> str:
    """:func:`norm` with every punctuation mark removed as well (“海恒56”轮 → 海恒56轮)."""
    return _PUNCT.sub("", norm(text))


def char_f1(pred: str, gold: str) -> float:
    """CMRC-style character F1 (punctuation and whitespace removed)."""
    p, g = list(loose(pred)), list(loose(gold))
    if not p or not g:
        return float(p == g)
    common = sum((Counter(p) & Counter(g)).values())
    if common == 0:
        return 0.0
    prec, rec = common / len(p), common / len(g)
    return 2 * prec * rec / (prec + rec)


def polarity(reply: str) -> str:
    """``"yes"``, ``"no"`` or ``""``: how the reply starts, after :func:`loose`.

    The rule is deliberately strict, because 是 and 不 occur inside almost any Chinese
    sentence: the reply must *begin* with a marker. No markers (tried first): 否 不 没 未 无
    no not; yes markers: 是 对 有 yes. English words must end at a word boundary
    (``"nothing"`` is not "no").
    """
    s = unicodedata.normalize("NFKC", reply).strip().lower()
    s = re.sub(r"^[\W_]+", "", s)
    for label, marks in (("no", _NO), ("yes", _YES)):
        for m in marks:
            if s.startswith(m) and (not m.isascii() or not s[len(m) : len(m) + 1].isalpha()):
                return label
    return ""


def items_named(items: Sequence[str], reply: str) -> int:
    """How many of ``items`` occur in ``reply`` (both :func:`loose`)."""
    r = loose(reply)
    return sum(1 for it in items if loose(it) and loose(it) in r)


def is_correct(q: Question, found: bool, short: str, text: str) -> bool:
    """Does the reply answer ``q``? Rules in the module docstring; False for unanswerable."""
    if not q.answerable:
        return False
    if not q.type:
        pred = norm(short or text)
        return any(norm(a) in pred for a in q.answers if norm(a))
    if not found:
        return False
    if q.type == "yes_no" and q.expected:
        want = _POLARITY_OF.get(q.expected.strip().lower(), "")
        return bool(want) and want in (polarity(short), polarity(text))
    if q.all:
        return items_named(q.all, short + "\n" + text) == len(q.all)
    return items_named(q.answers, short) > 0 or items_named(q.answers, text) > 0


def article_matches(entry: str, article: Article | None, article_id: str) -> bool:
    """Does a gold ``articles`` entry denote this article?"""
    if entry == article_id:
        return True
    if article is None:
        return False
    e = norm(entry)
    return bool(e) and (e == norm(article.title) or e in norm(article.title + article.subtitle))


def hit_rank(q: Question, article_ids: Sequence[str], articles: dict[str, Article]) -> int | None:
    """1-based rank of the first gold article among distinct ``article_ids`` (first 10)."""
    distinct: list[str] = []
    for a in article_ids:
        if a not in distinct:
            distinct.append(a)
    for rank, aid in enumerate(distinct[:10], 1):
        if any(article_matches(e, articles.get(aid), aid) for e in q.articles):
            return rank
    return None
