"""Extractive answers with citations: pick the best-supported sentence, then a typed span.

No generative model: the reply is built around a span copied from an article, so every
``[n]`` points at a citation whose passage contains the claimed span. When no sentence
covers the question's key terms with a span of the expected type, the answer is a refusal
and the closest passages are returned as related.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from qa.answering.candidates import SENTENCE_DEPTH, Candidate, generate
from qa.answering.compose import compose, refusal
from qa.answering.ranker import eligible, load_ranker
from qa.answering.replies import special_reply
from qa.answering.terms import KeyTerms, key_terms
from qa.reader.answer import RULE_TYPES, neural_candidates, reader_mode
from qa.records import Answer, Article, Hit, Query

# Share of the question's key terms a supporting passage must cover. English questions are
# matched through noisy dictionary translations, so their bar is lower.
MIN_COVERAGE = {"zh": 0.6, "en": 0.45}
RIVAL_MARGIN = 0.1  # a second report's answer within this probability of the best is shown


def _title_answer(
    info: Query, hits: Sequence[Hit], articles: Mapping[str, Article]
) -> Candidate | None:
    """'What is X's position?': X from the question, the title written before X's name."""
    for rank, hit in enumerate(hits[:SENTENCE_DEPTH]):
        art = articles.get(hit.passage.article_id)
        if art is None:
            continue
        for person in art.people:
            if not person.title or not _names_person(info, person.name):
                continue
            full = person.title + person.name
            i = art.text.find(full, hit.passage.start, hit.passage.end)
            if i >= 0:
                return Candidate(
                    hit, i, i + len(full), i, i + len(person.title), 5.0 - 0.1 * rank, 1.0, False
                )
    return None


def _names_person(query: Query, name: str) -> bool:
    """Does the question name this person (in Chinese, or in pinyin when English)?"""
    return name in query.text or name in query.names


def _texts(hits: Sequence[Hit], articles: Mapping[str, Article]) -> list[str]:
    """Titles and passages searched for answers (English proper nouns are spelled from them)."""
    if not hits:
        return []
    top = hits[:SENTENCE_DEPTH]
    heads = {
        h.passage.article_id: articles[h.passage.article_id].title
        for h in top
        if h.passage.article_id in articles
    }
    return [*heads.values(), *(h.passage.text for h in top)]


def not_a_question(query: Query) -> bool:
    """True when ``query`` has no content word to look for (？？？, emoji, a bare 谁？)."""
    if query.lang == "zh":
        return not any(len(w) >= 2 or w.isalnum() for w, _ in query.words)
    return not (any(g.translations for g in query.glosses) or query.names or query.numbers)


def answer(
    query: Query, hits: Sequence[Hit], articles: Mapping[str, Article], *, k: int = 5
) -> Answer:
    """Answer ``query`` from ranked ``hits`` (see module docstring).

    Args:
        query: the analysed question (see :func:`qa.query.make_query`).
        hits: retrieved passages, best first. articles: the archive's articles by id.
        k: at most this many citations.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    terms = key_terms(query, _texts(hits, articles))
    if not terms.groups:  # nothing to check a passage's support against
        return refusal(query, hits, articles, k)
    special = special_reply(
        query, hits, articles, terms, min_coverage=MIN_COVERAGE[query.lang], k=k
    )
    if special is not None:  # yes/no and list questions
        return special
    best: list[Candidate] = []
    if query.qtype == "title":
        c = _title_answer(query, hits, articles)
        best = [c] if c else []
    if not best:
        best = _best(query, hits, articles, terms)
    if not best:
        return refusal(query, hits, articles, k)
    return compose(query, best, hits, articles, k)


def _best(
    query: Query, hits: Sequence[Hit], articles: Mapping[str, Article], terms: KeyTerms
) -> list[Candidate]:
    """The answer candidate(s): by the rules when there is no model, or when the question's
    type is not one the model beat the rules on and the rules found a span of that type;
    otherwise by the model, among the candidates it may choose (:func:`eligible`).
    ``NEWSQA_READER=neural`` reads the span with the e5 reader (qa/reader), ``rules`` skips
    the ranker."""
    mode = reader_mode()
    ranker = load_ranker() if mode == "ranker" else None
    cov = MIN_COVERAGE[query.lang]
    if mode == "neural":
        cands = generate(query, hits, articles, terms, min_coverage=cov)
        if cands and query.qtype in RULE_TYPES:
            return _pick(cands, query)
        return neural_candidates(query, hits, articles)
    cands = generate(query, hits, articles, terms, min_coverage=cov)  # the rules' typed spans
    if ranker is None or (cands and query.qtype not in ranker.types):
        return _pick(cands, query)
    # features (part of speech of every sentence) only when the model is to choose
    cands = generate(query, hits, articles, terms, min_coverage=cov, wide=True)
    if not cands:
        return []
    cands = [cands[i] for i in eligible(query.qtype, cands)]
    probs = ranker.probabilities(cands)
    order = np.argsort(-probs, kind="stable")
    if not cands or probs[order[0]] < ranker.threshold:
        return []
    ranked = [replace(cands[i], score=float(probs[i])) for i in order]
    return _pick_ranked(ranked)


def _pick_ranked(cands: list[Candidate]) -> list[Candidate]:
    """The best candidate, plus one from another article when reports disagree (both typed
    spans, within RIVAL_MARGIN of the best probability)."""
    typed = [
        c for c in cands[1:6] if c.features.get("typed") == cands[0].features.get("typed") == 1.0
    ]
    return _with_rival(cands[0], typed, RIVAL_MARGIN)


def _pick(cands: list[Candidate], info: Query) -> list[Candidate]:
    """The best candidate by rule score (the asked role preferred), plus a rival from another
    article when reports disagree."""
    if not cands:
        return []
    if info.role and info.qtype == "who":
        with_role = [c for c in cands if c.role_match]
        if with_role and with_role[0].score >= cands[0].score - 1.0:
            cands = with_role + [c for c in cands if not c.role_match]
    return _with_rival(cands[0], cands[1:4], 0.15)


def _with_rival(top: Candidate, others: Sequence[Candidate], margin: float) -> list[Candidate]:
    """``[top]``, or ``[top, rival]`` for the first of ``others`` from another article that
    scores within ``margin``, agrees on the role and is about as well supported."""
    for c in others:
        if (
            c.hit.passage.article_id != top.hit.passage.article_id
            and c.score >= top.score - margin
            and c.role_match == top.role_match
            and c.coverage >= top.coverage - 0.05
        ):
            return [top, c]
    return [top]
