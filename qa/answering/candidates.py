"""Candidate answer spans in the sentences of retrieved passages.

Every sentence of the top passages gives the spans of the expected type (the rules in
:mod:`qa.answering.typed`); the best-supported sentences also give word n-grams and whole
clauses, so free-phrase answers (what/why/how) have a candidate too. Each candidate carries
the old rule score and, when a ranker will score it, its features.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from qa.answering.features import SentenceView, ngram_spans, sentence_view, span_features
from qa.answering.terms import KeyTerms
from qa.answering.typed import role_at, typed_spans
from qa.index.chunk import sentence_spans
from qa.records import Article, Hit, Query

SENTENCE_DEPTH = 8  # passages whose sentences are searched
WIDE_SENTENCES = 6  # best sentences that also give n-gram and clause candidates
RANK_PENALTY = 0.08  # support lost per retrieval rank of a sentence's passage
CONTEXT = 250  # characters either side of a sentence that count as its context
UNTYPED_PRIOR = -0.5  # rule prior of a span no typed rule proposed


@dataclass(frozen=True)
class Candidate:
    """A span in a sentence of a retrieved passage, with its support score."""

    hit: Hit
    sent_start: int  # offsets into the article text
    sent_end: int
    span_start: int
    span_end: int
    score: float
    coverage: float
    role_match: bool
    features: Mapping[str, float] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class _Sentence:
    hit: Hit
    rank: int
    index: int
    article: Article
    start: int
    end: int
    coverage: float  # of the sentence's context (its article's title and the text around it)
    own: float  # of the sentence alone
    support: float  # 2 × context coverage + sentence coverage − rank penalty


def _rule(
    s: _Sentence, sent: str, a: int, b: int, prior: float, role: bool, terms: KeyTerms
) -> float:
    """The hand-set score the rules used before the ranker (kept as its strongest feature)."""
    pos = [m.start() for t in terms.zh for m in re.finditer(re.escape(t), sent)]
    dist = min((abs(p - a) for p in pos), default=len(sent))
    inside = sum(len(t) for t in terms.zh if t in sent[a:b])
    near = 1.0 / (1.0 + dist / 10) - 0.1 * inside
    return s.support + (0.8 if role else 0.0) + prior + 0.3 * near


def sentences_of(
    hits: Sequence[Hit], articles: Mapping[str, Article], terms: KeyTerms
) -> list[_Sentence]:
    """Every sentence of the top passages, with its key-term coverage and support."""
    out = []
    for rank, hit in enumerate(hits[:SENTENCE_DEPTH]):
        art = articles.get(hit.passage.article_id)
        if art is None:
            continue
        head = art.title + art.subtitle
        p = hit.passage
        for i, (a, b) in enumerate(sentence_spans(p.text)):
            s0, s1 = p.start + a, p.start + b
            # the event a sentence belongs to: its title and the text around it
            ctx = head + art.text[max(0, s0 - CONTEXT) : s1 + CONTEXT]
            cov = terms.coverage(ctx) if terms.content_coverage(ctx) >= 0.5 else 0.0
            own = terms.coverage(art.text[s0:s1])
            sup = 2.0 * cov + own - RANK_PENALTY * rank
            out.append(_Sentence(hit, rank, i, art, s0, s1, cov, own, sup))
    return out


def generate(
    query: Query,
    hits: Sequence[Hit],
    articles: Mapping[str, Article],
    terms: KeyTerms,
    *,
    min_coverage: float = 0.0,
    wide: bool = False,
) -> list[Candidate]:
    """Candidates of sentences whose context covers at least ``min_coverage`` of the key
    terms, best rule score first; ``wide`` adds n-grams, clauses and features."""
    sents = [s for s in sentences_of(hits, articles, terms) if s.coverage >= min_coverage]
    best = sorted(range(len(sents)), key=lambda i: -sents[i].support)[:WIDE_SENTENCES]
    out: list[Candidate] = []
    seen: set[tuple[str, int, int]] = set()
    for i, s in enumerate(sents):
        sent = s.article.text[s.start : s.end]
        found = [(a, b, p, True) for a, b, p in typed_spans(query, sent, s.article)]
        view = None
        if wide:
            view = sentence_view(
                query,
                terms,
                sent,
                cov_ctx=s.coverage,
                rank=s.rank,
                hit_score=s.hit.score,
                index=s.index,
            )
            if i in best:
                found += [(a, b, UNTYPED_PRIOR, False) for a, b in ngram_spans(view)]
        for a, b, prior, typed in found:
            key = (s.article.id, s.start + a, s.start + b)
            if key in seen or b <= a:
                continue
            seen.add(key)
            out.append(_candidate(query, terms, s, sent, view, a, b, prior, typed))
    return sorted(out, key=lambda c: -c.score)


def _candidate(
    query: Query,
    terms: KeyTerms,
    s: _Sentence,
    sent: str,
    view: SentenceView | None,
    a: int,
    b: int,
    prior: float,
    typed: bool,
) -> Candidate:
    role = role_at(sent, b, query)
    rule = _rule(s, sent, a, b, prior, role, terms)
    feats = (
        span_features(query, terms, view, a, b, prior=prior, typed=typed, role=role, rule=rule)
        if view is not None
        else {}
    )
    return Candidate(s.hit, s.start, s.end, s.start + a, s.start + b, rule, s.coverage, role, feats)
