"""Yes/no answers: 是/否 (Yes/No in English) with the cited sentence that supports or
contradicts the question, or a refusal when no retrieved sentence bears on it.

The evidence is the best-supported sentence (key-term coverage, as for the typed rules); its
clause that best matches the question, and the clause after it (``…劳务收入18.2亿元，同比增长
9.4%``), are read for polarity cues (qa/data/yes_no_cues.tsv): a negation (未, 没有); a post
or state ended (免去) when the question asks whether it still holds (还是, still); a first
time (首次) when it asks whether it happened before (以前, ever); a change against the
direction asked (下降 for 多了吗).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache

from qa.answering.compose import refusal
from qa.answering.evidence import Evidence, cite, clauses, sentences
from qa.answering.terms import KeyTerms
from qa.records import Answer, Article, Hit, Query
from qa.text.vocab import table

# evidence cue → the question cue it answers "no" to ("" = any question)
_AGAINST = {"negation": "", "ended": "still", "first": "before", "down": "asks_up"}
_AGAINST["up"] = "asks_down"


@cache
def _cues() -> dict[str, frozenset[str]]:
    return {w: frozenset(kinds) for w, kinds in table("yes_no_cues.tsv").items()}


@lru_cache(maxsize=2048)
def _words(text: str) -> tuple[str, ...]:
    if re.search(r"[a-z]", text.lower()) and not re.search(r"[\u4e00-\u9fff]", text):
        return tuple(re.findall(r"[a-z]+", text.lower()))
    import jieba  # lazy: the dictionary loads once, on first use

    return tuple(jieba.lcut(text))


def _kinds(text: str) -> set[str]:
    cues = _cues()
    return {k for w in _words(text) for k in cues.get(w, ())}


def _clause_span(terms: KeyTerms, ev: Evidence) -> tuple[int, int]:
    """Sentence offsets of the clause that best covers the key terms and the one after it."""
    parts = clauses(ev.text)
    if len(parts) < 2:
        return 0, len(ev.text)
    best = max(range(len(parts)), key=lambda i: (terms.coverage(ev.text[slice(*parts[i])]), -i))
    return parts[best][0], parts[min(best + 1, len(parts) - 1)][1]


def polarity(question: str, evidence: str) -> bool:
    """True (yes) unless ``evidence`` contradicts ``question`` (see the module docstring).

    >>> polarity("他现在还是局长吗？", "免去他的局长职务"), polarity("收入多了吗？", "同比增长9.4%")
    (False, True)
    """
    asked, found = _kinds(question), _kinds(evidence) - {"still", "before"}
    against = any(k in found and (not q or q in asked) for k, q in _AGAINST.items())
    return not against


def yes_no_reply(
    query: Query,
    hits: Sequence[Hit],
    articles: Mapping[str, Article],
    terms: KeyTerms,
    *,
    min_coverage: float,
    k: int,
) -> Answer:
    """是/否 with the cited evidence, or a refusal when no sentence bears on the question."""
    found = sentences(hits, articles, terms, min_coverage)
    if not found:
        return refusal(query, hits, articles, k)
    ev = found[0]
    a, b = _clause_span(terms, ev)
    yes = polarity(query.text, ev.text[a:b])
    span = (ev.start + a, ev.start + b)
    cites = [cite(1, ev, span)]
    cites += [cite(n, e, None) for n, e in enumerate(_others(found, ev, k - 1), 2)]
    clause = ev.text[a:b].rstrip("，；：,;:")
    if query.lang == "en":
        short = "Yes" if yes else "No"
        text = f"{short}. Source: “{clause}” [1]"
    else:
        short = "是" if yes else "否"
        text = f"{short}。依据：“{clause}”[1]"
    return Answer(query.text, True, short, text, tuple(cites), query.qtype, query.lang)


def _others(found: Sequence[Evidence], first: Evidence, n: int) -> list[Evidence]:
    seen, out = {first.hit.passage.id}, []
    for e in found:
        if len(out) >= n:
            break
        if e.hit.passage.id not in seen:
            seen.add(e.hit.passage.id)
            out.append(e)
    return out
