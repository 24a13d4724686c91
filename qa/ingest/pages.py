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
from qa.ingest.briefs import credit_line, read_briefs
from qa.ingest.bylines import split_byline_head
from qa.ingest.headlines import assign_headlines
from qa.ingest.layout import (
    CONTINUED,
    HEADLINE_CHARS,
    Body,
    Unit,
    furniture_lines,
    is_body_start,
    is_brief_start,
    is_furniture,
    is_prose,
    lead_heads,
    masthead,
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
    kicker: str = ""
    continued: str = ""
    brief: bool = False
    signed: str = ""


def _units(start: int, lines: list[str]) -> list[Unit]:
    """Headline units of consecutive lines from ``start``, at most MAX_UNIT_LINES each."""
    if not HEADLINE_CHARS.search("".join(lines)):
        return []
    return [
        Unit(start + k, start + k + len(part), tuple(part))
        for k in range(0, len(lines), MAX_UNIT_LINES)
        for part in [lines[k : k + MAX_UNIT_LINES]]
    ]


class _Splitter:
    """The page walked once, line by line: bodies, headline units, and the credits and
    captions between them."""

    def __init__(self, text: str) -> None:
        self.lines, self.origin = page_lines(text)
        for k in masthead(self.lines):
            self.lines[k] = ""
        self.bodies: list[Body] = []
        self.units: list[Unit] = []
        self.cur: list[str] = []
        self.start = 0
        self.credit = ""

    def flush(self) -> None:
        self.units += _units(self.start, self.cur)
        self.cur = []

    def add_body(self, body: Body, i: int) -> int:
        self.flush()
        body.line = self.origin[i]
        if self.credit and not body.brief:
            body.credit, self.credit = self.credit, ""
        self.bodies.append(body)
        return body.end

    def credit_or_caption(self, i: int) -> bool:
        """A byline alone on a line outside any body: a photo caption's credit (the caption
        above it is dropped with it), the head credit of the next body (文/图 …), or the
        byline of the body just above when that one has none."""
        by = credit_line(self.lines[i])
        if not by:
            return False
        if by.endswith("摄") and 0 < len(self.cur) <= 2:
            self.cur = []
            return True
        self.flush()
        prev = self.bodies[-1] if self.bodies else None
        after_body = prev is not None and all(not x.strip() for x in self.lines[prev.end : i])
        head = self.lines[i].strip().startswith(("文", "图"))  # 文/图 … credits the body below
        if prev and after_body and not prev.byline and not head:
            prev.byline = by
        elif not by.endswith("摄"):
            self.credit = by
        return True

    def run(self) -> tuple[list[Body], list[Unit]]:
        lines, i = self.lines, 0
        while i < len(lines):
            line = lines[i].strip()
            if line and is_brief_start(lines, i):
                self.flush()
                items, i = read_briefs(lines, i)
                for b in items:
                    self.add_body(b, b.start)
                continue
            if line and credit_line(line) and self.credit_or_caption(i):
                i += 1  # a credit line (文/图 记者 …) over a body is no headline
                continue
            heads = lead_heads(lines, i) if line and not self.cur else 0
            if heads:
                self.start, self.cur = i, [x.strip() for x in lines[i : i + heads]]
                i += heads
                line = lines[i].strip()
            if is_body_start(line) or (line and (heads or not self.cur) and is_prose(lines, i)):
                i = self.add_body(read_body(lines, i), i)
                continue
            if not line or is_furniture(line):
                self.flush()
            else:
                if not self.cur:
                    self.start = i
                self.cur.append(line)
            i += 1
        self.flush()
        return self.bodies, self.units


def split_page(text: str) -> tuple[list[Body], list[Unit]]:
    """Bodies and headline units of a page, each in page order (line numbers index
    :func:`page_lines`; ``Body.line`` is the 1-based source line)."""
    return _Splitter(text).run()


def _continued(text: str) -> tuple[str, str]:
    """(text without them, notes): 下转第3版 / 上接第1版 notes cut out of a body."""
    notes = ["".join(m.groups()).replace("接", "接第").replace("转", "转第") + "版"
             for m in CONTINUED.finditer(text)]  # fmt: skip
    return (CONTINUED.sub("", text).strip(), " ".join(notes)) if notes else (text, "")


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
        clean, continued = _continued(normalize_spacing(raw))
        byline = " ".join(x for x in (b.credit, head_byline, b.byline) if x)
        art = PageArticle(b.line, clean, byline, title=b.title, brief=b.brief)
        art.continued, art.signed = continued, b.signed
        articles.append(art)
    keep = [k for k, b in enumerate(bodies) if not b.brief]
    assign_headlines([articles[k] for k in keep], [bodies[k] for k in keep], units)
    return articles
