"""A follow-up's answer inside the article its topic was carried from.

A fresh question must cover its key terms in a sentence's context: that is how the right
report is told from the others. Once the topic is carried (那次会议, it, 他), the article is
already chosen, so the question's words only pick the sentence inside it. The same typed-span
rules as a fresh question (:func:`qa.answering.candidates.generate`) run over the article's
passages; a sentence counts when it holds at least one key term (or the earlier answer an
"it" points to), and only a span of the asked type is taken (a free-phrase what-question is
left to the full answerer).
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.answering.candidates import Candidate, generate
from qa.answering.compose import compose
from qa.answering.terms import KeyTerms, key_terms
from qa.answering.typed import typed_spans
from qa.records import Answer, Article, Hit, Query

ANCHOR_WEIGHT = 0.5  # an earlier turn's key term, against 1 for the question's own
WEAK_PRIOR = -0.3  # typed priors at or below this (a wrong unit, an aligned slot) do not count


def _joined(a: KeyTerms, b: KeyTerms) -> KeyTerms:
    return KeyTerms((*a.groups, *b.groups), (*a.content, *b.content))


def _weighted(groups: Sequence[tuple[tuple[str, ...], float]], w: float) -> KeyTerms:
    return KeyTerms(tuple((g, x * w) for g, x in groups), (False,) * len(groups))


def answer_in_article(
    query: Query,
    art: Article,
    hits: Sequence[Hit],
    k: int,
    prev: Query | None = None,
    anchor: str = "",
    given: Sequence[str] = (),
) -> Answer | None:
    """The typed answer to ``query`` from ``art`` alone (``hits``: its passages, the retrieved
    ones first), or None when no sentence holding one of its key terms (or ``anchor``, the
    earlier answer a pointer such as it/那个 refers to) has a span of the asked type (a who
    span followed by the asked role verb counts too). The
    earlier question ``prev`` (when this one points back) weighs in on which sentence. No span
    repeats ``given`` (the earlier answers of a "who else")."""
    if query.qtype in ("what", "article", "list"):
        return None
    view = {art.id: art}
    texts = [art.title, *(h.passage.text for h in hits)]
    own = key_terms(query, texts)
    if anchor:
        own = _joined(own, _weighted([((anchor,), 1.0)], 2 * ANCHOR_WEIGHT))
    if not own.groups and not query.role:
        return None
    terms = _joined(own, _weighted(key_terms(prev, texts).groups, ANCHOR_WEIGHT)) if prev else own
    cands = [
        c
        for c in generate(query, hits, view, terms)
        if _counts(c, query, art, own) and not _repeats(art.text[c.span_start : c.span_end], given)
    ]
    return compose(query, [cands[0]], hits, view, k) if cands else None


def _counts(c: Candidate, query: Query, art: Article, terms: KeyTerms) -> bool:
    """A span of the asked type in a sentence that holds a key term, or followed by the
    asked role verb (who else spoke → 蒋立群出席会议并讲话)."""
    sent = art.text[c.sent_start : c.sent_end]
    if not c.role_match and (not terms.groups or terms.coverage(sent) <= 0):
        return False
    span = (c.span_start - c.sent_start, c.span_end - c.sent_start)
    return any((a, b) == span and p > WEAK_PRIOR for a, b, p in typed_spans(query, sent, art))


def _repeats(span: str, given: Sequence[str]) -> bool:
    return any(g and (g in span or span in g) for g in given)
