"""Article → sentence-aligned passages with character offsets into ``article.text``.

Sentences end at 。！？；… or a paragraph break; closing quotes and brackets stay with the
sentence they close. Passages pack whole sentences up to about ``passage_target`` characters
and repeat ``passage_overlap`` sentences at the start of the next passage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from qa.records import Article, Passage
from qa.settings import DEFAULT, Settings

_END = "。！？；!?;…"
_CLOSE = "”’」』）)》】\"'"
# A sentence: anything up to a run of end punctuation plus closing quotes, or up to a newline.
_SENTENCE = re.compile(rf"[^{_END}\n]*(?:[{_END}]+[{_CLOSE}]*|\n|$)")
_SOFT_BREAK = re.compile(r"[，、：,:]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``, whitespace trimmed.

    >>> sentence_spans("他说：“好。”然后走了。")
    [(0, 6), (6, 11)]
    """
    spans: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _split_long(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Cut a sentence longer than ``limit`` at commas (or hard) into pieces ≤ limit."""
    while end - start > limit:
        cut = start + limit
        soft = [m.end() for m in _SOFT_BREAK.finditer(text, start + limit // 2, cut)]
        if soft:
            cut = soft[-1]
        yield start, cut
        start = cut
    if end > start:
        yield start, end


def _units(text: str, max_chars: int) -> list[tuple[int, int]]:
    units: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        units.extend(_split_long(text, s, e, max_chars))
    return units


def _pack(units: list[tuple[int, int]], st: Settings) -> Iterator[tuple[int, int]]:
    """Group sentence units into windows; consecutive windows share ``passage_overlap`` units."""
    i, n = 0, len(units)
    while i < n:
        j = i + 1
        while (
            j < n
            and units[j][1] - units[i][0] <= st.passage_max
            and (
                units[j - 1][1] - units[i][0] < st.passage_target
                or units[j][1] - units[i][0] <= st.passage_min
            )
        ):
            j += 1
        yield units[i][0], units[j - 1][1]
        if j >= n:
            break
        i = max(i + 1, j - st.passage_overlap)


def chunk_article(article: Article, settings: Settings = DEFAULT) -> list[Passage]:
    """Split one article into passages; ``article.text[p.start:p.end] == p.text`` for each."""
    text = article.text
    passages = []
    for k, (s, e) in enumerate(_pack(_units(text, settings.passage_max), settings)):
        passages.append(
            Passage(
                id=f"{article.id}:{k}",
                article_id=article.id,
                start=s,
                end=e,
                text=text[s:e],
                title=article.title,
                date=article.date,
                source=article.source,
            )
        )
    return passages


def chunk_articles(articles: Iterable[Article], settings: Settings = DEFAULT) -> list[Passage]:
    """Passages of many articles, in order."""
    out: list[Passage] = []
    for a in articles:
        out.extend(chunk_article(a, settings))
    return out
