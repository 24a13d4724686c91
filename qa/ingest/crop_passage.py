"""Where on its page a passage stands: the boxes of the passage's characters, found again in
the page's text layer (or in the OCR lines cached when the scan was read).

The article records only its region (``page_box``); a cited passage is a part of it, often
one column of several. The page's characters inside that region are grouped into runs (a
line of one column); the passage is read through them in order — from the run where it
begins, each next run the one that continues its text and follows in reading order (the
next line of the column, else the top of a column to the right) — and the characters read
give the box. Whitespace is ignored on both sides (the stored text has the lines joined). When less than
:data:`MIN_COVER` of the passage and fewer than :data:`MIN_CHARS` characters are found (a
passage on another page of a continued story, a file replaced since) the caller falls back
to the article's region.

>>> runs = [[("甲", 0.1, 0.1, 0.2, 0.2), ("乙", 0.2, 0.1, 0.3, 0.2)]]
>>> span_box(runs, "甲乙")
(0.1, 0.1, 0.3, 0.2)
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
Glyph = tuple[str, float, float, float, float]  # a character and its box, fractions of the page
MIN_COVER = 0.6  # share of the passage's characters that must be found on the page ...
MIN_CHARS = 40  # ... or this many read in order (the rest continues on another page)


def _runs_of_chars(chars: list[Glyph], width: float, height: float) -> list[list[Glyph]]:
    """Text-layer characters (stream order, points) → runs of one line of one column, in
    fractions of the page: a run breaks where the baseline moves or a gutter opens."""
    from qa.ingest.pdf import _BREAK

    runs: list[list[Glyph]] = []
    cur: list[Glyph] = []
    for ch in chars:
        if ch[0].isspace():
            continue
        if cur:
            last = cur[-1]
            size = max(last[4] - last[2], 1e-6)
            gap = ch[1] - last[3]
            if abs(ch[4] - last[4]) > 0.3 * size or gap > _BREAK * size or gap < -0.5 * size:
                runs.append(cur)
                cur = []
        cur.append(ch)
    if cur:
        runs.append(cur)
    return [[(c, x0 / width, y0 / height, x1 / width, y1 / height) for c, x0, y0, x1, y1 in r]
            for r in runs]  # fmt: skip


def _runs_of_lines(lines: Sequence[Any], width: float, height: float) -> list[list[Glyph]]:
    """OCR lines → runs, each character given an equal share of its line's width."""
    runs = []
    for ln in lines:
        text = "".join(ln.text.split())
        if not text:
            continue
        step = (ln.x1 - ln.x0) / len(text)
        y0, y1 = ln.y0 / height, ln.y1 / height
        runs.append([
            (c, (ln.x0 + i * step) / width, y0, (ln.x0 + (i + 1) * step) / width, y1)
            for i, c in enumerate(text)
        ])  # fmt: skip
    return runs


def _pdf_runs(path: Path, page: int) -> list[list[Glyph]]:
    """Runs of a PDF page: its text layer, or the cached OCR lines of a scanned page."""
    import pypdfium2 as pdfium

    from qa.ingest.pdf import MIN_TEXT_CHARS, OCR_DPI, _chars

    doc = pdfium.PdfDocument(str(path))
    try:
        pg = doc[page - 1]
        width, height = pg.get_size()
        tp = pg.get_textpage()
        try:
            chars = _chars(tp.raw, height)
        finally:
            tp.close()
        if sum(not c[0].isspace() for c in chars) >= MIN_TEXT_CHARS:
            return _runs_of_chars(chars, width, height)
        image = pg.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    finally:
        doc.close()
    return _image_runs(image)


def _image_runs(image: Any) -> list[list[Glyph]]:
    from qa.ingest.ocr import cached_lines

    lines = cached_lines(image)
    return _runs_of_lines(lines, image.width, image.height) if lines else []


@functools.lru_cache(maxsize=16)
def page_runs(path: str, mtime: float, page: int) -> list[list[Glyph]]:
    """The runs of page ``page`` of a PDF or page image (cached by path and mtime)."""
    p = Path(path)
    if p.suffix.lower() == ".pdf":
        return _pdf_runs(p, page)
    from qa.ingest.ocr import load_image

    return _image_runs(load_image(p))


def _text(run: list[Glyph]) -> str:
    return "".join(g[0] for g in run)


def _starts(runs: list[list[Glyph]], want: str) -> list[tuple[int, int]]:
    """(run, offset) where the passage may begin: the rest of the run from the offset is the
    passage's beginning (a single character at a line's end too: the chain decides)."""
    out = []
    for i, run in enumerate(runs):
        r = _text(run)
        for j in range(len(r)):
            m = min(len(r) - j, len(want))
            if r[j : j + m] == want[:m]:
                out.append((i, j))
    return out


def _rank(prev: list[Glyph], run: list[Glyph]) -> tuple[int, float]:
    """How well ``run`` follows ``prev`` in reading order: the next line of the same column
    first, then the top of a column to the right, then anything else."""
    px0, py0, px1, py1 = prev[0][1], prev[0][2], prev[-1][3], prev[-1][4]
    x0, y0, x1 = run[0][1], run[0][2], run[-1][3]
    height = max(py1 - py0, 1e-6)
    if min(x1, px1) - max(x0, px0) > 0 and 0 < y0 - py0 <= 3 * height:
        return 0, y0 - py0
    if x0 > px0 + height:
        return 1, (x0 - px1) + y0
    return 2, abs(x0 - px0) + abs(y0 - py0)


def _chain(runs: list[list[Glyph]], want: str, i: int, j: int) -> list[Glyph]:
    """The passage's glyphs read from run ``i`` at offset ``j`` on, each next run the one
    that continues the text and follows best in reading order."""
    found = runs[i][j : j + len(want)]
    used, prev = {i}, runs[i]
    while len(found) < len(want):
        rest = want[len(found) :]
        nxt = [
            k for k, run in enumerate(runs)
            if k not in used and _text(run)[: len(rest)] == rest[: len(run)]
        ]  # fmt: skip
        if not nxt:
            break
        k = min(nxt, key=lambda k: _rank(prev, runs[k]))
        found += runs[k][: len(rest)]
        used.add(k)
        prev = runs[k]
    return found


def span_box(runs: list[list[Glyph]], text: str) -> tuple[float, float, float, float] | None:
    """The bounding box of ``text``'s characters read in order through ``runs`` (the start
    that reads furthest wins: invented or formulaic text repeats phrases); None when less
    than :data:`MIN_COVER` of them, and fewer than :data:`MIN_CHARS`, are found."""
    want = "".join(text.split())
    if not want:
        return None
    found = max((_chain(runs, want, i, j) for i, j in _starts(runs, want)), key=len, default=[])
    if len(found) < min(MIN_COVER * len(want), MIN_CHARS):
        return None
    return (
        min(g[1] for g in found),
        min(g[2] for g in found),
        max(g[3] for g in found),
        max(g[4] for g in found),
    )


def inside(runs: list[list[Glyph]], box: Sequence[float], pad: float) -> list[list[Glyph]]:
    """The runs cut to the glyphs whose centre lies in ``box`` grown by ``pad``."""
    x0, y0, x1, y1 = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    out = []
    for run in runs:
        kept = [g for g in run if x0 <= (g[1] + g[3]) / 2 <= x1 and y0 <= (g[2] + g[4]) / 2 <= y1]
        if kept:
            out.append(kept)
    return out


def passage_box(
    path: Path, page: int, region: Sequence[float], texts: Sequence[str]
) -> tuple[float, float, float, float] | None:
    """The box (fractions of the page) of the passages ``texts`` inside the article's
    ``region`` of page ``page`` of ``path``; None when they cannot be found there."""
    try:
        runs = inside(page_runs(str(path), path.stat().st_mtime, page), region, 0.01)
    except Exception as e:  # a damaged or replaced file: the article's region is shown
        log.warning("%s: page %d: passage not located (%s)", path, page, e)
        return None
    boxes = [b for t in texts if (b := span_box(runs, t))]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
