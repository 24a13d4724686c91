"""Reading order of a newspaper page from positioned text lines (a PDF text layer or OCR).

The page's body size is the character-weighted median line size. Lines at least ``HEADLINE_RATIO`` times
larger are headlines; smaller than ``CAPTION_RATIO`` are captions and credits (dropped); lines
in the top and bottom bands that are page furniture (edition line, page number, editor) are
dropped and kept aside for the issue date. Each drawn box (a sidebar, a brief column) is laid
out on its own. Body lines stack into column blocks (a blank line's gap ends a block).

Ownership follows the columns: walking down a column, a block right under a headline
belongs to it (a headline spanning three columns owns the three blocks under it); a block
under another block starts a new story, and an orphan block is owned by the headline right
under it (a headline set below its body, with no body under it), else by the story of a
column level with it, else stands untitled; a short block (a byline) just under a story's
end joins it. A story's blocks are read column by column, left to right.

>>> lines = [Line("某县召开会议", 10, 10, 130, 30, 20), Line("本报讯 某县召开会议。", 10, 40, 130, 50, 9)]
>>> [(r.title, r.paragraphs) for r in read_layout(lines, 200, 300)]
[('某县召开会议', ['本报讯 某县召开会议。'])]
"""

from __future__ import annotations

import logging
import re
from itertools import groupby

from qa.ingest.bylines import match_byline
from qa.ingest.pages import is_furniture
from qa.ingest.pdf_records import Block, Line, Rect, Region
from qa.ingest.reflow import join_lines
from qa.ingest.titles import headline_text

log = logging.getLogger(__name__)
HEADLINE_RATIO = 1.15  # a headline's size over the body size
CAPTION_RATIO = 0.88  # below this share of the body size: captions and credits
TITLE_SHARE = 0.9  # lines of a headline cluster this close to its largest size form the title
BAND = 0.05  # top and bottom share of the page where furniture lives
_JUMP = re.compile(r"[上下]接第|[下转]第?\s*[A-Z]?\d{1,3}\s*版\s*[)）]")
_PUNCT = re.compile(r"[\s，。、；：？！“”‘’（）《》…—·,.;:?!()\"'-]")
LABEL_CHARS = 4  # a box's first headline this short is its label (简讯), not a title


def body_size(lines: list[Line]) -> float:
    """The median line size, weighted by characters (the body text's size)."""
    sized = sorted((ln.size, len(ln.text)) for ln in lines if ln.text.strip())
    half, seen = sum(n for _, n in sized) / 2, 0
    for size, n in sized:
        seen += n
        if seen >= half:
            return size
    return 0.0


def split_furniture(lines: list[Line], height: float, size: float) -> tuple[list[Line], list[str]]:
    """(lines kept, furniture texts): in the top/bottom bands, lines no larger than the body
    that read as furniture or carry no sentence are dropped."""
    kept, furniture = [], []
    for ln in lines:
        edge = ln.y1 < height * BAND + size or ln.y0 > height * (1 - BAND) - size
        if _JUMP.search(ln.text):  # （下转第2版） reads like an edition line but ends a story
            kept.append(ln)
        elif is_furniture(ln.text) or (edge and ln.size < size * HEADLINE_RATIO):
            furniture.append(ln.text)
        else:
            kept.append(ln)
    return kept, furniture


def _stack(lines: list[Line], size: float, headline: bool) -> list[Block]:
    """Lines (sorted top-down) stacked into blocks: a line joins the block whose last line is
    just above it in the same column (gap under ``gap`` times the line size)."""
    blocks: list[Block] = []
    gap = 1.2 if headline else 0.9
    for ln in sorted(lines, key=lambda x: (x.y0, x.x0)):
        probe = Block([ln], headline=headline)
        for b in reversed(blocks):
            last = b.lines[-1]
            step = max(ln.size, last.size)
            level = -0.3 * step <= ln.y0 - last.y1 < gap * step
            if level and (b.over(probe) or (headline and _near(last, ln))):
                b.lines.append(ln)
                break
        else:
            blocks.append(Block([ln], headline=headline))
    return blocks


def _near(a: Line, b: Line) -> bool:
    """Two headline lines of one cluster: horizontally overlapping at all."""
    return min(a.x1, b.x1) > max(a.x0, b.x0)


def _column(b: Block, blocks: list[Block]) -> list[int]:
    """Indexes of the blocks in ``b``'s column, top-down."""
    col = [i for i, o in enumerate(blocks) if o is b or o.over(b) or b.over(o)]
    return sorted(col, key=lambda i: blocks[i].y0)


TAIL_LINES = 2  # a block this short under a story's end is its tail (a byline, a last line)


def _own(blocks: list[Block]) -> None:
    """Set ``owner`` of body blocks: the headline right above in the column, else (an orphan)
    the headline right below it, past short tail blocks (bylines) in between, unless that
    headline has a body right under it (it starts the next story, it is not set below)."""
    for b in blocks:
        col = _column(b, blocks)
        k = col.index(blocks.index(b))
        if not b.headline and k > 0 and blocks[col[k - 1]].headline:
            b.owner = col[k - 1]
    heading = {b.owner for b in blocks if b.owner != -1}
    for b in (b for b in blocks if not b.headline and b.owner == -1):
        col = _column(b, blocks)
        j = col.index(blocks.index(b)) + 1
        while (
            j < len(col) and not blocks[col[j]].headline and len(blocks[col[j]].lines) <= TAIL_LINES
        ):
            j += 1
        if j < len(col) and blocks[col[j]].headline and col[j] not in heading:
            b.owner = col[j]
    _spread(blocks)
    _tails(blocks)


def _spread(blocks: list[Block]) -> None:
    """An orphan block level with an owned neighbour column's top takes its owner (a centred
    headline may not reach the outer columns); of two, the one whose headline is nearer."""
    changed = True
    while changed:
        changed = False
        for b in (b for b in blocks if not b.headline and b.owner == -1):
            size = b.lines[0].size
            near = [  # OCR boxes of two columns may touch: a side gap from -size
                o.owner
                for o in blocks
                if not o.headline and o.owner != -1 and abs(o.y0 - b.y0) < 1.5 * size
                if -size <= max(o.x0 - b.x1, b.x0 - o.x1) < 2 * size
            ]
            if near:
                h = {i: max(blocks[i].x0 - b.x1, b.x0 - blocks[i].x1) for i in near}
                b.owner, changed = min(near, key=h.__getitem__), True


def _tails(blocks: list[Block]) -> None:
    """A short orphan block (a byline, or a last line after one OCR missed) just under a
    body block of its column belongs to that block's story."""
    for b in blocks:
        if b.headline or b.owner != -1 or len(b.lines) > TAIL_LINES:
            continue
        col = _column(b, blocks)
        k = col.index(blocks.index(b))
        up = blocks[col[k - 1]] if k > 0 else None
        if up is not None and not up.headline and b.y0 - up.y1 < 2.5 * b.lines[0].size:
            b.owner = up.owner


def _rows(lines: list[Line], size: float) -> list[Line]:
    """Lines of a block with pieces of one printed row (OCR may cut a line in two) joined
    left to right."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda x: (x.y0 + x.y1) / 2):
        yc = (ln.y0 + ln.y1) / 2
        if rows and abs((rows[-1][0].y0 + rows[-1][0].y1) / 2 - yc) < 0.5 * size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    out = []
    for row in rows:
        row.sort(key=lambda x: x.x0)
        text = "".join(x.text.strip() for x in row)
        first, last = row[0], row[-1]
        out.append(Line(text, first.x0, first.y0, last.x1, first.y1, first.size, first.conf))
    return out


def _paragraphs(blocks: list[Block], size: float) -> list[str]:
    """Body text of blocks read in order: an indented line (or one far right) and a byline
    start a paragraph; other lines join the one before."""
    paras: list[str] = []
    for b in blocks:
        rows = _rows(b.lines, size)
        left = sorted(r.x0 for r in rows)[len(rows) // 4]  # robust to a stray box in the gutter
        for ln in rows:
            text = ln.text.strip()
            if not text:
                continue
            if not paras or ln.x0 - left > 1.2 * size or match_byline(text):
                paras.append(text)
            else:
                paras[-1] = join_lines(paras[-1], text)
    return paras


def _region(head: Block | None, body: list[Block], size: float) -> Region | None:
    body = sorted(body, key=lambda b: (round(b.x0 / size), b.y0))
    paras = _paragraphs(body, size)
    if not paras:
        return None
    lines = head.lines if head else []
    big = max((ln.size for ln in lines), default=0.0)
    title = [ln.text for ln in lines if ln.size >= TITLE_SHARE * big]
    # a deck broken over lines is one phrase; a kicker above and a deck below are two
    runs = groupby(lines, key=lambda ln: ln.size < TITLE_SHARE * big)
    sub = [headline_text([ln.text for ln in run]) for small, run in runs if small]
    every = [ln for b in body for ln in b.lines] + lines
    first = head or body[0]
    return Region(
        title=headline_text(title),
        subtitle=" ".join(sub),
        paragraphs=paras,
        top=min(first.y0, body[0].y0),
        left=first.x0,
        conf=sum(ln.conf for ln in every) / len(every),
        headline_lines=[ln.text for ln in lines],
        box=(
            min(ln.x0 for ln in every),
            min(ln.y0 for ln in every),
            max(ln.x1 for ln in every),
            max(ln.y1 for ln in every),
        ),
    )


def _drop_label(heads: list[Block]) -> None:
    """A box's first headline line that is a short label (简讯, 快讯) is no title."""
    if len(heads) > 1 or (heads and len(heads[0].lines) > 1):
        top = min(heads, key=lambda b: b.y0)
        first = top.lines[0]
        if len(first.text.strip()) <= LABEL_CHARS and len(top.lines) > 1:
            top.lines.pop(0)


def _may_head(text: str) -> bool:
    """A headline has two characters or more besides punctuation and is no jump line (an OCR
    box around ``任。`` may be tall)."""
    return len(_PUNCT.sub("", text)) >= 2 and not _JUMP.search(text)


def _regions(lines: list[Line], size: float, boxed: bool) -> list[Region]:
    big = [ln for ln in lines if ln.size >= HEADLINE_RATIO * size and _may_head(ln.text)]
    heads = _stack(big, size, True)
    if boxed:
        _drop_label(heads)
    body = [
        ln
        for ln in lines
        if CAPTION_RATIO * size <= ln.size < HEADLINE_RATIO * size
        or (ln.size >= HEADLINE_RATIO * size and not _may_head(ln.text))
        or _JUMP.search(ln.text)
    ]
    bodies = _stack(body, size, False)
    blocks = heads + bodies
    _own(blocks)
    out = []
    for i, h in enumerate(heads):
        r = _region(h, [b for b in bodies if b.owner == i], size)
        if r:
            out.append(r)
        else:
            log.debug("headline %r owns no body; dropped", headline_text([x.text for x in h.lines]))
    for b in bodies:
        if b.owner == -1:
            r = _region(None, [b], size)
            if r:
                out.append(r)
    return out


def read_layout(
    lines: list[Line],
    width: float,
    height: float,
    boxes: list[Rect] = (),  # type: ignore[assignment]
) -> list[Region]:
    """Stories of one page in reading order (top-down, then left-right).

    Args:
        lines: the page's text lines, y downwards.
        width, height: the page size in the lines' unit.
        boxes: drawn frames; the lines inside each are laid out on their own.
    """
    size = body_size(lines)
    if not size:
        return []
    lines, _ = split_furniture(lines, height, size)
    groups: list[tuple[list[Line], bool]] = []
    rest = lines
    for box in boxes:
        inside = [ln for ln in rest if box.holds(ln)]
        if len(inside) >= 2:
            groups.append((inside, True))
            rest = [ln for ln in rest if not box.holds(ln)]
    groups.append((rest, False))
    regions = [r for g, boxed in groups for r in _regions(g, size, boxed)]
    return sorted(regions, key=lambda r: (round(r.top / (4 * size)), r.left))


def page_furniture(lines: list[Line], height: float) -> list[str]:
    """The furniture lines of a page (its edition line often gives the issue date)."""
    return split_furniture(lines, height, body_size(lines))[1]
