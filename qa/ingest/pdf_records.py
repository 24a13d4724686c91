"""Positioned text of a laid-out page (a PDF text layer or OCR boxes) and the blocks and
regions :mod:`qa.ingest.pdf_layout` builds from it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line of text with its box (points or pixels, y downwards) and its size (font size
    or line height); ``conf`` is the OCR confidence (1.0 for a text layer)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    conf: float = 1.0

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class Rect:
    """A drawn box (sidebar frame)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def holds(self, ln: Line) -> bool:
        cx, cy = (ln.x0 + ln.x1) / 2, (ln.y0 + ln.y1) / 2
        return self.x0 <= cx <= self.x1 and self.y0 <= cy <= self.y1


@dataclass
class Block:
    """Lines stacked in one column (a headline cluster or a run of body lines)."""

    lines: list[Line]
    headline: bool = False
    owner: int = -1  # index of the owning headline block, -1: none yet

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def y0(self) -> float:
        return self.lines[0].y0

    @property
    def y1(self) -> float:
        return self.lines[-1].y1

    def over(self, other: Block) -> bool:
        """True when the blocks share a column: they overlap by half the narrower one's
        width (a fifth when one is a headline: a centred headline over three columns covers
        only part of the outer ones)."""
        inter = min(self.x1, other.x1) - max(self.x0, other.x0)
        share = 0.2 if self.headline != other.headline else 0.5
        return inter > 0 and inter >= share * min(self.x1 - self.x0, other.x1 - other.x0)


@dataclass
class Region:
    """A story found on a page: title, subtitle (kicker and deck), body paragraphs."""

    title: str
    subtitle: str
    paragraphs: list[str]
    top: float
    left: float
    conf: float = 1.0
    headline_lines: list[str] = field(default_factory=list)
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # its lines' bounding box
