"""Answering sees Simplified text; the reader sees the article as printed.

An article printed in traditional characters is answered from its Simplified view (same
length, see :mod:`qa.text.t2s`), so every offset of a hit or a citation holds in both; the
citations and the short answer are then copied back from the printed text.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import replace

from qa.records import Answer, Article, Citation, Hit
from qa.text.t2s import simplified_article, to_simplified

_VIEWS: weakref.WeakKeyDictionary[object, dict[str, Article]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def simplified_view(owner: object, articles: Mapping[str, Article]) -> dict[str, Article]:
    """Articles by id as answering sees them, built once per ``owner`` (a Retriever)."""
    with _LOCK:
        view = _VIEWS.get(owner)
        if view is None:
            view = {i: simplified_article(a) for i, a in articles.items()}
            _VIEWS[owner] = view
        return view


def simplified_hits(hits: Sequence[Hit], view: Mapping[str, Article]) -> list[Hit]:
    """Hits whose passage text is cut from the Simplified view of its article."""
    out = []
    for h in hits:
        p = h.passage
        art = view.get(p.article_id)
        if art is not None and art.text[p.start : p.end] != p.text:
            h = replace(
                h, passage=replace(p, text=art.text[p.start : p.end], title=to_simplified(p.title))
            )
        out.append(h)
    return out


def _printed_citation(c: Citation, art: Article | None) -> Citation:
    if art is None or art.text[c.start : c.end] == c.passage:
        return c
    return replace(c, passage=art.text[c.start : c.end], title=art.title)


def as_printed(ans: Answer, articles: Mapping[str, Article]) -> Answer:
    """``ans`` with citation passages, titles and the short answer as printed."""
    cites = tuple(_printed_citation(c, articles.get(c.article_id)) for c in ans.citations)
    if cites == ans.citations:
        return ans
    short = ans.short
    top = next((c for c in ans.citations if c.answer_start is not None), None)
    art = articles.get(top.article_id) if top else None
    if top and art and to_simplified(art.text[top.answer_start : top.answer_end]) == short:
        short = art.text[top.answer_start : top.answer_end]
    return replace(ans, short=short, citations=cites)
