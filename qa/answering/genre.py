"""'Which article is the editorial / the notice / the statistics table / a news brief?':
the article's kind, told from what ingestion kept, answers the question (title and date),
the retrieved articles first, then the rest of the archive by key-term coverage.

Kinds: a 简讯 item (``Article.brief``); an official notice (通告/公告 title, 特此通告); a
statistics table (a 指标/统计/一览 title: report bodies are full of figures too); an editorial (no
byline, no 本报讯 and no dateline, none of the above).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from qa.answering.evidence import Evidence, cite
from qa.answering.listing import lead_sentence
from qa.answering.terms import KeyTerms
from qa.records import Answer, Article, Hit, Passage, Query

_ASKED = {
    "editorial": r"评论员文章|评论员|社论|评论|言论|editorial|commentary|opinion",
    "notice": r"通告|公告|通知|启事|\bnotice|announcement",
    "table": r"统计表|数据表|表格|统计数据|\btable\b|statistic",
    "brief": r"简讯|快讯|短讯|news brief|\bbriefs?\b|in brief",
}
_NOTICE = re.compile(r"通告|公告|通知|启事|公示|特此(?:通告|公告|通知)")
_TABLE_TITLE = re.compile(r"指标|统计表|一览")
_LEAD = re.compile(r"^(?:本报讯|本报[\u4e00-\u9fff]{1,8}讯|[\u4e00-\u9fff]{1,6}社)")


def asked_kind(question: str) -> str:
    """The kind of article a question asks for ("" when it names none)."""
    q = question.lower()
    return next((k for k, pat in _ASKED.items() if re.search(pat, q)), "")


def kind_of(art: Article) -> str:
    """The article's kind: brief, notice, table, editorial, or "" (a report)."""
    if art.brief:
        return "brief"
    if _NOTICE.search(art.title) or _NOTICE.search(art.text[-80:]):
        return "notice"
    if _TABLE_TITLE.search(art.title):
        return "table"
    if not (art.reporters or art.correspondents or _LEAD.match(art.text) or art.date_iso):
        return "editorial"
    return ""


def genre_reply(
    query: Query, hits: Sequence[Hit], articles: Mapping[str, Article], terms: KeyTerms
) -> Answer | None:
    """The article of the kind asked, with its title and date; None when the question asks
    for no kind or the archive holds none."""
    kind = asked_kind(query.text)
    if not kind:
        return None
    ranked = [articles[h.passage.article_id] for h in hits if h.passage.article_id in articles]
    ranked = list(dict.fromkeys(ranked))  # retrieval order, each article once
    rest = sorted(articles.values(), key=lambda a: -terms.coverage(a.title + a.text))
    art = next((a for a in [*ranked, *rest] if kind_of(a) == kind), None)
    if art is None:
        return None
    hit = next((h for h in hits if h.passage.article_id == art.id), None)
    if hit is not None:  # its first sentence in the retrieved passage
        p = hit.passage
        s, e = lead_sentence(Article(art.id, art.title, p.text, art.source))
        s, e = p.start + s, p.start + e
    else:
        s, e = lead_sentence(art)
        p = Passage(f"{art.id}:lead", art.id, s, e, art.text[s:e])
        hit = Hit(p, 0.0)
    ev = Evidence(hit, art, s, e, 1.0, 1.0, 0)
    when = art.date_iso or art.date
    if query.lang == "en":
        text = f"“{art.title}”{' (' + when + ')' if when else ''} [1]"
    else:
        text = f"《{art.title}》{'（' + when + '）' if when else ''}[1]"
    return Answer(
        query.text, True, art.title, text, (cite(1, ev, (s, e)),), query.qtype, query.lang
    )
