"""Extractive answers with citations: pick the best-supported sentence, then a typed span.

No generative model: the reply is built around a span copied from an article, so every
``[n]`` points at a citation whose passage contains the claimed span. When no sentence
covers the question's key terms with a span of the expected type, the answer is a refusal
and the closest passages are returned as related.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from qa.answering import spans
from qa.answering.align import align_span
from qa.answering.candidates import Candidate
from qa.answering.compose import compose, refusal
from qa.answering.qtype import ROLE_ALIASES
from qa.answering.terms import KeyTerms, key_terms
from qa.index.chunk import sentence_spans
from qa.records import Answer, Article, Hit, Query
from qa.text.cjk import CJK

# Share of the question's key terms a supporting passage must cover. English questions are
# matched through noisy dictionary translations, so their bar is lower.
MIN_COVERAGE = {"zh": 0.6, "en": 0.45}
SENTENCE_DEPTH = 8
CONTEXT = 250  # characters either side of a sentence that count as its context


def _sentences(hit: Hit) -> list[tuple[int, int]]:
    """Sentence spans of a hit's passage, as offsets into the article text."""
    p = hit.passage
    return [(p.start + s, p.start + e) for s, e in sentence_spans(p.text)]


def _typed_spans(info: Query, sent: str, article: Article,
                 question: str = "") -> list[tuple[int, int, float]]:
    """Spans of the expected type with a prior: exact unit match or a place list gets a bonus;
    a 'what' question also gets the slot its question word aligns to in the sentence."""
    t = info.qtype
    aligned = align_span(question, sent) if info.lang == "zh" and t != "title" else None
    if t == "what":
        return ([(aligned[0], aligned[1], 0.2)] if aligned else []) + [
            (a, b, 0.0) for a, b in spans.quoted(sent)]
    typed = _typed_only(info, sent, article)
    if aligned and not any(a <= aligned[0] < b or aligned[0] <= a < aligned[1] for a, b, _ in typed):
        typed.append((aligned[0], aligned[1], -0.3))  # no typed span there: the aligned slot
    return typed


def _typed_only(info: Query, sent: str, article: Article) -> list[tuple[int, int, float]]:
    t = info.qtype
    if t == "number":
        found = spans.numbers(sent)
        hint = info.unit
        exact = [(a, b, 0.6) for a, b in found if hint and _unit_ok(sent[a:b], hint)]
        # asked for an amount of money, a count of things is wrong, not just less likely
        other = -1.2 if hint == "元" else -0.6 if hint else 0.0
        spans_ = exact + [(a, b, other) for a, b in found
                          if not _overlong(sent[a:b]) and (a, b, 0.6) not in exact]
        # a count written in digits is what reports state; 两个关键 is rhetoric
        return [(a, b, p + (0.2 if sent[a].isdigit() else 0.0)) for a, b, p in spans_]
    if t == "list":
        placed = [(a, b, 0.4) for a, b in spans.places(sent) if "、" in sent[a:b]]
        return placed + [(a, b, -0.2) for a, b in spans.lists(sent)]
    return [(a, b, 0.0) for a, b in _plain_spans(info, sent, article)]


def _unit_ok(num: str, hint: str) -> bool:
    return num.endswith(hint) or (len(hint) == 1 and hint in num[-3:])


def _plain_spans(info: Query, sent: str, article: Article) -> list[tuple[int, int]]:
    t = info.qtype
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


def _role_at(sent: str, b: int, info: Query) -> bool:
    """Is the span followed (within a few chars) by the asked role verb?"""
    if not info.role:
        return False
    verbs = ROLE_ALIASES.get(info.role, (info.role,))
    tail = sent[b : b + 6]
    return any(tail.startswith(v) or tail[1:].startswith(v) for v in verbs) or any(
        v in sent[b : b + 12] for v in verbs
    )


def _span_score(sent: str, a: int, b: int, terms: KeyTerms) -> float:
    """Closer to matched key terms is better; a span that repeats the question is worse."""
    pos = [m.start() for t in terms.zh for m in re.finditer(re.escape(t), sent)]
    dist = min((abs(p - a) for p in pos), default=len(sent))
    inside = sum(len(t) for t in terms.zh if t in sent[a:b])
    return 1.0 / (1.0 + dist / 10) - 0.1 * inside


def _candidates(info: Query, hits: Sequence[Hit], articles: Mapping[str, Article],
                terms: KeyTerms, terms_question: str = "") -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[tuple[str, int, int]] = set()
    for rank, hit in enumerate(hits[:SENTENCE_DEPTH]):
        art = articles.get(hit.passage.article_id)
        if art is None:
            continue
        head = art.title + art.subtitle
        for s0, s1 in _sentences(hit):
            sent = art.text[s0:s1]
            # the event a sentence belongs to: its title and the text around it
            ctx = head + art.text[max(0, s0 - CONTEXT):s1 + CONTEXT]
            cov = terms.coverage(ctx) if terms.content_coverage(ctx) >= 0.5 else 0.0
            for a, b, prior in _typed_spans(info, sent, art, terms_question):
                key = (art.id, s0 + a, s0 + b)
                if key in seen:
                    continue
                seen.add(key)
                role = _role_at(sent, b, info)
                score = (2.0 * cov + terms.coverage(sent) + (0.8 if role else 0.0) + prior
                         + 0.3 * _span_score(sent, a, b, terms) - 0.08 * rank)
                out.append(Candidate(hit, s0, s1, s0 + a, s0 + b, score, cov, role))
    return sorted(out, key=lambda c: -c.score)


def _title_answer(info: Query, hits: Sequence[Hit],
                  articles: Mapping[str, Article]) -> Candidate | None:
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
                return Candidate(hit, i, i + len(full), i, i + len(person.title),
                                 5.0 - 0.1 * rank, 1.0, False)
    return None


def _names_person(query: Query, name: str) -> bool:
    """Does the question name this person (in Chinese, or in pinyin when English)?"""
    return name in query.text or name in query.names


def not_a_question(query: Query) -> bool:
    """True when ``query`` has no content word to look for (？？？, emoji, a bare 谁？)."""
    if query.lang == "zh":
        return not any(len(w) >= 2 or w.isalnum() for w, _ in query.words)
    return not (any(g.translations for g in query.glosses) or query.names or query.numbers)


def answer(query: Query, hits: Sequence[Hit], articles: Mapping[str, Article], *,
           k: int = 5) -> Answer:
    """Answer ``query`` from ranked ``hits`` (see module docstring).

    Args:
        query: the analysed question (see :func:`qa.query.make_query`).
        hits: retrieved passages, best first. articles: the archive's articles by id.
        k: at most this many citations.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    terms = key_terms(query)
    if not terms.groups:  # nothing to check a passage's support against
        return refusal(query, hits, articles, k)
    best: list[Candidate] = []
    if query.qtype == "title":
        c = _title_answer(query, hits, articles)
        best = [c] if c else []
    if not best:
        bar = MIN_COVERAGE[query.lang]
        cands = [c for c in _candidates(query, hits, articles, terms, query.text)
                 if c.coverage >= bar]
        best = _pick(cands, query)
    if not best:
        return refusal(query, hits, articles, k)
    return compose(query, best, hits, articles, k)


def _pick(cands: list[Candidate], info: Query) -> list[Candidate]:
    """The best candidate, plus a rival from another article when reports disagree."""
    if not cands:
        return []
    if info.role and info.qtype == "who":
        with_role = [c for c in cands if c.role_match]
        if with_role and with_role[0].score >= cands[0].score - 1.0:
            cands = with_role + [c for c in cands if not c.role_match]
    top = cands[0]
    for c in cands[1:4]:
        if (c.hit.passage.article_id != top.hit.passage.article_id
                and c.score >= top.score - 0.15 and c.role_match == top.role_match
                and c.coverage >= top.coverage - 0.05):
            return [top, c]
    return [top]
