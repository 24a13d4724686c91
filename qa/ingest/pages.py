"""Split one newspaper page (text extracted from a PDF) into article blocks.

A body starts with 本报讯 (or a dateline such as 本报郑州5月31日讯 / 新华社北京5月31日电) and
ends with a byline (记者 … 通讯员 …), which may trail the last sentence or be broken over
lines (:mod:`qa.ingest.bodies`). A paragraph-sized block of prose outside any body also starts
one (an article without 本报讯). Everything else is headline material: units of consecutive
short lines. Page furniture (版次, 星期, 责任编辑…) is dropped (:mod:`qa.ingest.layout`).
Headline units are assigned to bodies by content, then each article's units become its
title and subtitle (:mod:`qa.ingest.headlines`).

Every step is linear in the page's length: no line is re-read more than a fixed number of
times, and a headline unit has at most :data:`MAX_UNIT_LINES` lines (a longer run of short
lines, a table or a list, is cut into units of that size).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.ingest.bodies import read_body
from qa.ingest.bylines import split_byline_head
from qa.ingest.headlines import assign_headlines
from qa.ingest.layout import (
    HEADLINE_CHARS,
    Body,
    Unit,
    furniture_lines,
    is_body_start,
    is_furniture,
    is_prose,
    page_lines,
)
from qa.ingest.reflow import normalize_spacing
from qa.ingest.reflow import reflow as reflow_lines

__all__ = [
    "Body",
    "PageArticle",
    "Unit",
    "furniture_lines",
    "is_body_start",
    "is_furniture",
    "parse_blocks",
    "split_page",
]

MAX_UNIT_LINES = 16  # a headline block (kicker, title over lines, subtitle) has at most ~7


@dataclass
class PageArticle:
    """An article found on a page: cleaned body text, title, subtitle and byline."""

    line: int
    text: str
    byline: str
    title: str = ""
    subtitle: str = ""
    units: list[Unit] = field(default_factory=list)


def _units(start: int, lines: list[str]) -> list[Unit]:
    """Headline units of consecutive lines from ``start``, at most MAX_UNIT_LINES each."""
    if not HEADLINE_CHARS.search("".join(lines)):
        return []
    return [
        Unit(start + k, start + k + len(part), tuple(part))
        for k in range(0, len(lines), MAX_UNIT_LINES)
        for part in [lines[k : k + MAX_UNIT_LINES]]
    ]


def split_page(text: str) -> tuple[list[Body], list[Unit]]:
    """Bodies and headline units of a page, each in page order (line numbers index
    :func:`page_lines`; ``Body.line`` is the 1-based source line)."""
    lines, origin = page_lines(text)
    bodies: list[Body] = []
    units: list[Unit] = []
    cur: list[str] = []
    start = 0
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if is_body_start(line) or (not cur and line and is_prose(lines, i)):
            units += _units(start, cur)
            cur = []
            body = read_body(lines, i)
            body.line = origin[i]
            bodies.append(body)
            i = body.end
            continue
        if not line or is_furniture(line):
            units += _units(start, cur)
            cur = []
        else:
            if not cur:
                start = i
            cur.append(line)
        i += 1
    units += _units(start, cur)
    return bodies, units


def parse_blocks(text: str) -> list[PageArticle]:
    """Articles of one page in page order, with titles and subtitles assigned by content.

    >>> arts = parse_blocks("某县召开会议\\n\\n本报讯 6月2日，某县召开会议。\\n记者 张三\\n")
    >>> arts[0].title, arts[0].text, arts[0].byline
    ('某县召开会议', '本报讯6月2日，某县召开会议。', '记者 张三')
    """
    bodies, units = split_page(text)
    articles = []
    for b in bodies:
        raw, head_byline = split_byline_head(reflow_lines(b.lines, normalize=False))
        clean = normalize_spacing(raw)
        byline = " ".join(x for x in (head_byline, b.byline) if x)
        articles.append(PageArticle(b.line, clean, byline))
    assign_headlines(articles, bodies, units)
    return articles
