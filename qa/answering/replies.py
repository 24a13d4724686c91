"""Replies that are not one span: yes/no questions (:mod:`qa.answering.yesno`), lists
(:mod:`qa.answering.lists`) and articles of a kind (:mod:`qa.answering.genre`). :func:`special_reply` is asked first by
:func:`qa.answering.answer.answer`; None lets the span rules and the ranker answer."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from qa.answering.genre import genre_reply
from qa.answering.lists import list_reply
from qa.answering.terms import KeyTerms
from qa.answering.yesno import yes_no_reply
from qa.records import Answer, Article, Hit, Query

# an organisation question asking for several (哪些单位, 哪两个单位, which bodies)
_SEVERAL_ORGS = re.compile(r"哪[些两三四五六七八九十几]|\b(?:bodies|agencies|organi[sz]ations)\b")


def special_reply(
    query: Query,
    hits: Sequence[Hit],
    articles: Mapping[str, Article],
    terms: KeyTerms,
    *,
    min_coverage: float,
    k: int,
) -> Answer | None:
    """The yes/no or list reply to ``query``, or None when it is neither (or no list is
    found)."""
    kw = {"min_coverage": min_coverage, "k": k}
    if query.qtype == "article":
        return genre_reply(query, hits, articles, terms)
    if query.qtype == "yes_no":
        return yes_no_reply(query, hits, articles, terms, **kw)
    several = query.qtype == "org" and _SEVERAL_ORGS.search(query.text.lower())
    if query.qtype == "list" or several:
        return list_reply(query, hits, articles, terms, **kw)
    return None
