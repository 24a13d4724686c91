"""简讯 columns and credit lines: each bulleted item (``■区图书馆推出冬季阅读月活动``) is an
article of its own, its headline inline (before a wide space) or on the bullet's line; a
byline alone on a line (``文/图 记者 林海``, ``本报记者 王鹏 摄``) is a credit, not a headline.

>>> [(b.title, b.lines) for b in read_briefs(["简讯", "■某镇开展活动　近日，某镇开展活动。"], 0)[0]]
[('某镇开展活动', ['近日，某镇开展活动。'])]
"""

from __future__ import annotations

import re

from qa.ingest import bylines
from qa.ingest.layout import Body, is_body_start, is_bullet, is_furniture
from qa.ingest.reflow import ends_paragraph

# 文/图, 文／记者 …, 图/通讯员 …: who wrote and who photographed, before the role
_CREDIT_PREFIX = re.compile(r"(?:^|(?<=\s))(?:文|图|摄影)\s*[/／]\s*(?:图\s*[/／]?\s*)?")
_INLINE_HEAD = re.compile(r"\u3000+|\s{2,}")
_SENTENCE = re.compile(r"[，。；！？]")


def credit_line(line: str) -> str | None:
    """The byline when the whole line is one, a 文/图 credit included (``文/记者 蒙丽 图/通讯员
    黄韬`` → ``记者 蒙丽 通讯员 黄韬``), else None."""
    s = line.strip()
    if not s or len(s) > bylines.MAX_BYLINE or _SENTENCE.search(s):
        return None
    plain = " ".join(_CREDIT_PREFIX.sub(" ", s).split())
    return bylines.match_byline(plain)


def _item_head(first: str) -> tuple[str, str]:
    """(headline, start of body) of a bulleted item's first line."""
    s = first.strip()[1:].strip()
    parts = _INLINE_HEAD.split(s, maxsplit=1)
    if len(parts) == 2 and not _SENTENCE.search(parts[0]):
        return parts[0], parts[1].strip()
    return (s, "") if not _SENTENCE.search(s) else ("", s)


def _item_goes_on(lines: list[str], j: int, body: list[str]) -> bool:
    """Line ``j`` continues the item: not a new bullet, body start or furniture; a blank
    line only inside an unfinished sentence (a column break)."""
    s = lines[j].strip()
    if not s:
        nxt = lines[j + 1].strip() if j + 1 < len(lines) else ""
        return bool(body) and not ends_paragraph(body[-1]) and bool(_SENTENCE.search(nxt))
    return not is_bullet(s) and not is_body_start(s) and not is_furniture(s)


def read_briefs(lines: list[str], i: int) -> tuple[list[Body], int]:
    """The items of the 简讯 column at line ``i`` (a label line is skipped) and the line
    after the column."""
    j = i if is_bullet(lines[i]) else i + 1
    items: list[Body] = []
    while j < len(lines) and is_bullet(lines[j]):
        start = j
        title, rest = _item_head(lines[j])
        body = [rest] if rest else []
        j += 1
        while j < len(lines) and _item_goes_on(lines, j, body):
            if lines[j].strip():
                body.append(lines[j])
            j += 1
        if body:
            items.append(Body(start, j, body, title=title, brief=True))
    return items, max(j, i + 1)
