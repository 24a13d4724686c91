"""Sentences and clauses of the retrieved passages that bear on a question: the evidence the
list, yes/no and article replies quote. A sentence's support is the key-term coverage of its
context (the article's title and the text around it) and of the sentence itself, less a
small penalty per retrieval rank, as for the rules' typed spans
(:mod:`qa.answering.candidates`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qa.answering.candidates import CONTEXT, SENTENCE_DEPTH
from qa.answering.compose import citation
from qa.answering.terms import KeyTerms
from qa.index.chunk import sentence_spans
from qa.records import Article, Citation, Hit

_CLAUSE_END = re.compile(r"[，；：,;:]")
RANK_PENALTY = 0.08


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
    out = []
    for rank, hit in enumerate(hits[:SENTENCE_DEPTH]):
        art = articles.get(hit.passage.article_id)
        if art is None:
            continue
        head = art.title + art.subtitle
        p = hit.passage
        for a, b in sentence_spans(p.text):
            s0, s1 = p.start + a, p.start + b
            ctx = head + art.text[max(0, s0 - CONTEXT) : s1 + CONTEXT]
            cov = terms.coverage(ctx) if terms.content_coverage(ctx) >= 0.5 else 0.0
            if cov >= min_coverage:
                own = terms.coverage(art.text[s0:s1])
                out.append(Evidence(hit, art, s0, s1, cov, own, rank))
    return sorted(out, key=lambda e: -e.support)


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of ``text`` (cut at ，；： and their ASCII forms)."""
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(text)), len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def cite(n: int, ev: Evidence, span: tuple[int, int] | None) -> Citation:
    """Citation ``n`` of an evidence sentence, ``span`` (article offsets) highlighted."""
    p = ev.hit.passage
    return citation(n, ev.hit, ev.article, (min(p.start, ev.start), max(p.end, ev.end)), span)
