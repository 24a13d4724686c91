"""Sentences and clauses of the retrieved passages that bear on a question: the evidence the
list, yes/no and article replies quote. A sentence's support is the key-term coverage of its
context (the article's title and the text around it) and of the sentence itself, less a
small penalty per retrieval rank, as for the rules' typed spans
(:mod:`qa.answering.candidates`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qa.answering.candidates import RANK_PENALTY, sentences_of
from qa.answering.compose import citation
from qa.answering.terms import KeyTerms
from qa.records import Article, Citation, Hit

_CLAUSE_END = re.compile(r"[，；：,;:]")


@dataclass(frozen=True)
class Evidence:
    """A sentence of a retrieved passage (offsets into its article's text)."""

    hit: Hit
    article: Article
    start: int
    end: int
    coverage: float  # of the sentence's context
    own: float  # of the sentence alone
    rank: int

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    @property
    def support(self) -> float:
        return 2.0 * self.coverage + self.own - RANK_PENALTY * self.rank


def sentences(
    hits: Sequence[Hit], articles: Mapping[str, Article], terms: KeyTerms, min_coverage: float
) -> list[Evidence]:
    """Sentences of the top passages whose context covers ``min_coverage`` of the key terms
    (common words at least half), best supported first."""
    out = [
        Evidence(s.hit, s.article, s.start, s.end, s.coverage, s.own, s.rank)
        for s in sentences_of(hits, articles, terms)
        if s.coverage >= min_coverage
    ]
    return sorted(out, key=lambda e: -e.support)


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of ``text`` (cut at ，；： and their ASCII forms)."""
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(text)), len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def cite(n: int, ev: Evidence, span: tuple[int, int] | None) -> Citation:
    """Citation ``n`` of an evidence sentence, ``span`` (article offsets) highlighted."""
    p = ev.hit.passage
    return citation(n, ev.hit, ev.article, (min(p.start, ev.start), max(p.end, ev.end)), span)
