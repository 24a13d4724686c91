"""Split one newspaper page (text extracted from a PDF) into articles.

A body starts with 本报讯 (or a dateline) and ends with a byline (记者 … 通讯员 …), which may
trail the last sentence or be broken over lines. Everything outside bodies is headline
material: units of consecutive short lines without sentence punctuation. Each unit is assigned
to the article whose body shares the most (idf-weighted) character bigrams with it — a headline
may stand before its article, after it, or at the end of the page with others — with a weak
preference for the neighbouring body. Every article gets one unit first (a one-to-one
assignment), the rest join the article they match. An article's first unit in page order is
its title, the others its subtitle.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from qa.reflow import CJK, ends_paragraph, normalize_digit_spacing, reflow

_BODY_START = re.compile(rf"^(本报讯|本报[{CJK}\d]{{0,12}}讯|[{CJK}]{{2,8}}社[{CJK}\d]{{0,12}}电)")
_BYLINE_LINE = re.compile(rf"^(记者|通讯员|实习生)[ \u3000]*[{CJK}]")
_BYLINE_TAIL = re.compile(
    rf"(?<=[。！？；”」）])[ \u3000]*((?:记者|通讯员|实习生)[ \u3000]*[{CJK}][{CJK} \u3000]*)$"
)
_NAME_FRAGMENT = re.compile(rf"^[{CJK}]{{1,2}}([ \u3000]+[{CJK}]{{1,3}})*$")
_SENT_PUNCT = re.compile(r"[。！？；，：!?;,:]")


@dataclass
class Body:
    """A body's line range (0-based, end exclusive) and its byline text."""

    start: int
    end: int
    lines: list[str]
    byline: str = ""
    units: list[int] = field(default_factory=list)


@dataclass
class Unit:
    """A headline unit: consecutive non-blank lines outside bodies, joined."""

    line: int
    text: str


def _is_byline_start(line: str) -> bool:
    return bool(_BYLINE_LINE.match(line)) and len(line) <= 40 and not _SENT_PUNCT.search(line)


def _read_body(lines: list[str], i: int) -> Body:
    """Collect a body from line ``i`` (a body start) up to and including its byline."""
    body: list[str] = []
    j = i
    n = len(lines)
    while j < n:
        line = lines[j].strip()
        if j > i and _BODY_START.match(line):
            break
        if _is_byline_start(line):
            return _finish_byline(lines, i, j, body, line)
        m = _BYLINE_TAIL.search(line)
        if m:
            body.append(line[: m.start()].rstrip() if m.start() else line[: m.start(1)])
            return _finish_byline(lines, i, j, body, m.group(1))
        body.append(lines[j])
        j += 1
    return _trim_trailing_headlines(lines, i, j, body)


def _finish_byline(lines: list[str], i: int, j: int, body: list[str], byline: str) -> Body:
    """Extend a byline over continuation lines (``通讯员 …`` or a broken name ``婷``)."""
    j += 1
    while j < len(lines):
        nxt = lines[j].strip()
        if _is_byline_start(nxt) and not _BODY_START.match(nxt):
            byline += " " + nxt
        elif nxt and _NAME_FRAGMENT.match(nxt) and re.search(rf"[ \u3000][{CJK}]$", byline):
            byline += nxt  # 记者 周 / 婷 → 记者 周婷
        else:
            break
        j += 1
    return Body(i, j, body, byline)


def _trim_trailing_headlines(lines: list[str], i: int, j: int, body: list[str]) -> Body:
    """A body with no byline ends at its last line with sentence punctuation; the short
    headline-like lines after it go back to the headline units."""
    k = len(body)
    while k > 1:
        line = body[k - 1].strip()
        if line and (ends_paragraph(line) or _SENT_PUNCT.search(line)):
            break
        k -= 1
    return Body(i, i + k, body[:k], "")


def split_page(text: str) -> tuple[list[Body], list[Unit]]:
    """Bodies and headline units of a page, in page order."""
    lines = text.split("\n")
    bodies: list[Body] = []
    units: list[Unit] = []
    i = 0
    cur: list[str] = []
    cur_line = 0

    def flush() -> None:
        nonlocal cur
        if cur:
            joined = "".join(" ".join(x.split()) for x in cur)
            units.append(Unit(cur_line, normalize_digit_spacing(joined)))
        cur = []

    while i < len(lines):
        line = lines[i].strip()
        if _BODY_START.match(line):
            flush()
            b = _read_body(lines, i)
            bodies.append(b)
            i = b.end
            continue
        if not line:
            flush()
        else:
            if not cur:
                cur_line = i
            cur.append(line)
        i += 1
    flush()
    return bodies, units


def _bigrams(text: str) -> Counter[str]:
    runs = re.findall(f"[{CJK}0-9A-Za-z]+", text)
    return Counter(r[k : k + 2] for r in runs for k in range(len(r) - 1))


def _scores(units: list[Unit], bodies: list[Body], texts: list[str]) -> list[list[float]]:
    """units × bodies: idf-weighted share of a unit's bigrams found in the body, + position."""
    grams = [set(_bigrams(t)) for t in texts]
    n = len(bodies)
    df = Counter(g for gs in grams for g in gs)
    out = []
    for u in units:
        ug = _bigrams(u.text)
        idf = {g: math.log(1 + n / (1 + df[g])) for g in ug}
        total = sum(idf.values()) or 1.0
        row = []
        for b, gs in zip(bodies, grams, strict=True):
            s = sum(w for g, w in idf.items() if g in gs) / total
            near = u.line == b.end or 0 <= b.start - u.line <= 4 or 0 <= u.line - b.end <= 3
            row.append(s + (0.05 if near else 0.0))
        out.append(row)
    return out


def _assign(scores: list[list[float]], n_bodies: int) -> list[int]:
    """Unit → body: greedy one-to-one first (best pairs), then each leftover to its best body."""
    pairs = sorted(
        ((s, u, b) for u, row in enumerate(scores) for b, s in enumerate(row)), reverse=True
    )
    owner = [-1] * len(scores)
    taken: set[int] = set()
    for _s, u, b in pairs:
        if owner[u] == -1 and b not in taken:
            owner[u] = b
            taken.add(b)
        if len(taken) == n_bodies:
            break
    for u, row in enumerate(scores):
        if owner[u] == -1 and row:
            owner[u] = max(range(len(row)), key=row.__getitem__)
    return owner


def title_and_subtitle(units: list[str]) -> tuple[str, str]:
    """First unit = title, the rest = subtitle; ``A B`` on one line = title A, subtitle B."""
    if not units:
        return "", ""
    title, rest = units[0], units[1:]
    m = re.fullmatch(r"([^\s]{4,})[ \u3000]+([^\s].{3,})", title)
    if m and not rest:
        return m.group(1), m.group(2)
    return title.replace("\u3000", " ").strip(), " ".join(r.strip() for r in rest)


def parse_bodies(text: str) -> list[tuple[Body, str, str, str]]:
    """(body, cleaned text, title, subtitle) for each article of the page."""
    bodies, units = split_page(text)
    texts = [reflow(b.lines) for b in bodies]
    if bodies and units:
        for u, b in enumerate(_assign(_scores(units, bodies, texts), len(bodies))):
            bodies[b].units.append(u)
    out = []
    for b, t in zip(bodies, texts, strict=True):
        title, sub = title_and_subtitle([units[u].text for u in sorted(b.units)])
        out.append((b, t, title, sub))
    return out
