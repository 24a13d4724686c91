"""The neural reader as the answer step's span picker (``NEWSQA_READER=neural``).

The reader scores the top passages of the retrieval (batched, one forward for all their
windows) and the span with the best no-answer margin becomes a :class:`Candidate` on the hit
whose passage holds it, so the ``[n]`` citation points at a passage containing the span.
A margin at or below the threshold chosen on held-out data is a refusal. Question types
listed in :data:`RULE_TYPES` keep the rules' typed span when the rules found one (chosen by
measurement on seeds + newsdev, see docs/BENCHMARKS.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from qa.answering.candidates import Candidate
from qa.answering.typed import role_at
from qa.index.chunk import sentence_spans
from qa.records import Article, Hit, Query

ENV = "NEWSQA_READER"
MODES = ("neural", "ranker", "rules")
DEFAULT = "ranker"
PASSAGES = 4  # top hits the reader reads
RANK_PRIOR = 1.0  # margin a passage must gain per rank to win over a better-ranked one
# the rules' typed span wins where they find one (measured: seeds accuracy .54 with the reader
# alone vs .95 with the rules first; the reader is the fallback, in the ranker's place)
RULE_TYPES = frozenset(
    {"article", "who", "when", "where", "number", "org", "list", "title", "what"}
)

_READER: list = []


def reader_mode() -> str:
    """``$NEWSQA_READER`` (``neural``, ``ranker`` or ``rules``), else :data:`DEFAULT`."""
    want = os.environ.get(ENV, "").strip().lower() or DEFAULT
    if want not in MODES:
        raise ValueError(f"{ENV}={want!r}; allowed: {', '.join(MODES)}")
    return want


def _reader():
    if not _READER:
        from qa.reader.infer import NeuralReader

        _READER.append(NeuralReader())
    return _READER[0]


def neural_candidates(
    query: Query, hits: Sequence[Hit], articles: Mapping[str, Article]
) -> list[Candidate]:
    """``[best span]`` from the reader over the top passages, or ``[]`` (refusal)."""
    top = [h for h in hits[:PASSAGES] if h.passage.article_id in articles]
    if not top:
        return []
    reader = _reader()
    spans = reader.best_spans(query.text, [h.passage.text for h in top])
    # retrieval order counts: a later passage must beat an earlier one by RANK_PRIOR per rank
    best = max(spans, key=lambda s: s.margin - RANK_PRIOR * s.passage)
    if best.margin <= reader.threshold or best.end <= best.start:
        return []
    hit = top[best.passage]
    p = hit.passage
    a, b = p.start + best.start, p.start + best.end
    s0, s1 = p.start, p.end
    for ss, se in sentence_spans(p.text):
        if ss <= best.start < se:
            s0, s1 = p.start + ss, p.start + max(se, best.end)
            break
    text = articles[p.article_id].text
    role = role_at(text[s0:s1], b - s0, query)
    return [Candidate(hit, s0, s1, a, b, best.margin, 1.0, role)]
