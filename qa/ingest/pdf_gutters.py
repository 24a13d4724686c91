"""OCR lines that run across a column gutter split back into one line per column.

The text detector sometimes joins two (or three) level lines of neighbouring columns into
one box when the gutter is narrow (about a character and a half); read as one line, it mixes
two stories' sentences. A column's start is where many body lines begin at the same x; a
body-size line that crosses such a start with text on both sides is cut there. Chinese type
is set on a fixed pitch, so the cut falls ``(x1 - start) / pitch`` characters from the
line's end (ASCII characters count as half a character).

>>> col = [Line("一二三四五六七八", 0, 12 * i, 80, 12 * i + 10, 10) for i in range(4)]
>>> nxt = [Line("甲乙丙丁戊己庚辛", 95, 12 * i, 175, 12 * i + 10, 10) for i in range(1, 4)]
>>> merged = Line("一二三四五六七八甲乙丙丁戊己庚辛", 0, 0, 175, 10, 10)
>>> [ln.text for ln in split_gutters([merged, *col[1:], *nxt], 10)][:2]
['一二三四五六七八', '甲乙丙丁戊己庚辛']
"""

from __future__ import annotations

from collections import Counter

from qa.ingest.pdf_records import Line

MIN_STARTS = 3  # lines beginning at one x: a column start
EDGE = 2.0  # characters of text a crossing line must have on each side of the start


def _units(text: str) -> float:
    return sum(0.55 if c.isascii() else 1.0 for c in text)


def _crossing(lines: list[Line], x: float, pitch: float) -> int:
    return sum(1 for ln in lines if ln.x0 + EDGE * pitch < x < ln.x1 - EDGE * pitch)


def column_starts(lines: list[Line], size: float) -> list[float]:
    """x positions where at least ``MIN_STARTS`` body lines begin (within a third of the
    body size), three body sizes or more right of the start before (a paragraph indent is
    two characters), and not many more lines run across."""
    step = max(1.0, size / 3)
    bins = Counter(round(ln.x0 / step) for ln in lines)
    starts: list[float] = []
    for b, n in sorted(bins.items()):
        near = n + bins.get(b - 1, 0) + bins.get(b + 1, 0)
        if near < MIN_STARTS or (starts and b * step - starts[-1] < 3 * size):
            continue
        x = min(ln.x0 for ln in lines if abs(ln.x0 / step - b) <= 1)
        if _crossing(lines, x, size) < 2 * near:
            starts.append(x)
    return starts


def _cut(ln: Line, start: float, pitch: float) -> list[Line]:
    """``ln`` cut at the column ``start``: the right part is ``(x1 - start) / pitch``
    characters; no cut when either part would be empty."""
    right, k = (ln.x1 - start) / pitch, len(ln.text)
    while k > 0 and _units(ln.text[k - 1 :]) <= right + 0.3:
        k -= 1
    if k in (0, len(ln.text)):
        return [ln]
    end = ln.x0 + _units(ln.text[:k]) * pitch
    return [
        Line(ln.text[:k], ln.x0, ln.y0, end, ln.y1, ln.size, ln.conf),
        Line(ln.text[k:], start, ln.y0, ln.x1, ln.y1, ln.size, ln.conf),
    ]


def split_gutters(lines: list[Line], size: float) -> list[Line]:
    """Body lines (``size`` ±15 %) crossing a column start cut there; other lines as given."""
    body = [ln for ln in lines if 0.85 * size <= ln.size <= 1.15 * size]
    if not body:
        return lines
    starts = column_starts(body, size)
    pitches = sorted(ln.width / _units(ln.text) for ln in body if _units(ln.text) >= 4)
    pitch = pitches[len(pitches) // 2] if pitches else size
    ids, out = {id(ln) for ln in body}, []
    for ln in lines:
        parts = [ln]
        if id(ln) in ids:
            for s in starts:
                last = parts[-1]
                if last.x0 + EDGE * pitch < s < last.x1 - EDGE * pitch:
                    parts[-1:] = _cut(last, s, pitch)
        out += parts
    return out
