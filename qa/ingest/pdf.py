"""Newspaper PDFs and page scans → Article records (the ``pdf`` extra: pypdfium2, and
rapidocr-onnxruntime for scans).

A page with a text layer gives characters with their boxes; they are joined into lines
(size = the characters' box height, a stand-in for the font size) and drawn frames are kept
as sidebars. A page without text (a scan inside a PDF) and an image file (PNG, JPEG, TIFF)
go through offline OCR (:mod:`qa.ingest.ocr`). Both then follow the same layout
(:mod:`qa.ingest.pdf_layout`) and metadata (:mod:`qa.ingest.stories`) steps.

Bad input (encrypted, corrupt, empty or oversized PDFs, pages without text) becomes
:class:`PdfProblem` naming the file and page; the rest of the file is still read.

>>> arts, problems = read_pdf(Path("paper.pdf"))                 # doctest: +SKIP
>>> arts[0].source                                               # doctest: +SKIP
'paper.pdf#p1'
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.ingest.dates import infer_year, issue_year_month
from qa.ingest.pdf_gutters import split_gutters
from qa.ingest.pdf_layout import Line, Rect, Region, body_size, page_furniture, read_layout
from qa.ingest.stories import Story, join_jumps, to_article, to_story
from qa.records import Article

log = logging.getLogger(__name__)
PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
MAX_PAGES = 200  # a newspaper issue has far fewer; more is a book or a mistake
MIN_TEXT_CHARS = 20  # fewer characters in the text layer: a scanned page, OCR it
OCR_DPI = 200
_BREAK = 0.8  # a gap wider than this share of the size breaks a line (a column gutter)


@dataclass(frozen=True)
class PdfProblem:
    """A file or page that could not be read: ``paper.pdf: page 3: no text found``."""

    path: str
    page: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: page {self.page}" if self.page else self.path
        return f"{where}: {self.message}"


def _chars(textpage: Any, height: float) -> list[tuple[str, float, float, float, float]]:
    """(char, x0, y0, x1, y1) of the text layer, y downwards; generated spaces skipped."""
    import pypdfium2.raw as raw

    out = []
    l_, r_, b_, t_ = (ctypes.c_double() for _ in range(4))
    rect = raw.FS_RECTF()
    for i in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        c = chr(raw.FPDFText_GetUnicode(textpage, i))
        if c in "\r\n\x00\ufffe":
            continue
        if raw.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(rect)):
            x0, x1, top, bot = rect.left, rect.right, rect.top, rect.bottom
        else:
            raw.FPDFText_GetCharBox(textpage, i, l_, r_, b_, t_)
            x0, x1, top, bot = l_.value, r_.value, t_.value, b_.value
        out.append((c, x0, height - top, x1, height - bot))
    return out


def chars_to_lines(chars: list[tuple[str, float, float, float, float]]) -> list[Line]:
    """Characters in stream order joined into lines: a new line where the baseline moves,
    the size changes or a gap opens (a column gutter); a small gap inside becomes a space."""
    lines: list[Line] = []
    cur: list[tuple[str, float, float, float, float]] = []

    def flush() -> None:
        text = "".join(c[0] for c in cur)
        if text.strip():
            size = max(c[4] - c[2] for c in cur if not c[0].isspace())
            xs = [c for c in cur if not c[0].isspace()]
            y0 = min(c[2] for c in xs)
            lines.append(Line(text.strip(), xs[0][1], y0, xs[-1][3], y0 + size, size))
        cur.clear()

    for ch in chars:
        if cur:
            last = next((c for c in reversed(cur) if not c[0].isspace()), cur[-1])
            size = last[4] - last[2]
            h = ch[4] - ch[2]
            gap = ch[1] - last[3]
            if ch[0].isspace():
                cur.append(ch)
                continue
            if abs(ch[4] - last[4]) > 0.3 * size or abs(h - size) > 0.1 * size or gap < -0.5 * size:
                flush()
            elif gap > _BREAK * size:
                if gap > 3 * size:
                    flush()
                else:
                    cur.append((" ", last[3], last[2], ch[1], last[4]))
        if not ch[0].isspace() or cur:
            cur.append(ch)
    if cur:
        flush()
    return lines


def _frames(page: Any, height: float) -> list[Rect]:
    """Stroked, unfilled rectangles large enough to frame text (sidebars, brief columns)."""
    import pypdfium2.raw as raw

    out = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if right - left < 30 or top - bottom < 30:
            continue
        raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
        if stroke.value and not fill.value:
            out.append(Rect(left, height - top, right, height - bottom))
    return out


def text_layer(page: Any) -> tuple[list[Line], list[Rect], float, float]:
    """(lines, frames, width, height) of a PDF page's text layer."""
    width, height = page.get_size()
    tp = page.get_textpage()
    try:
        lines = chars_to_lines(_chars(tp.raw, height))
    finally:
        tp.close()
    return lines, _frames(page, height), width, height


def on_page(regions: list[Region], width: float, height: float) -> list[Region]:
    """The regions with their boxes as fractions of the page (0..1), whatever its unit."""
    for r in regions:
        x0, y0, x1, y1 = r.box
        r.box = (
            max(0.0, x0 / width),
            max(0.0, y0 / height),
            min(1.0, x1 / width),
            min(1.0, y1 / height),
        )
    return regions


def _page_stories(page: Any, n: int, name: str) -> tuple[list[Story], list[str]]:
    """Stories and furniture lines of page ``n`` (1-based), OCR'd when it has no text."""
    lines, frames, width, height = text_layer(page)
    if sum(len(ln.text) for ln in lines) < MIN_TEXT_CHARS:
        from qa.ingest.ocr import ocr_image

        image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
        lines, frames, width, height = ocr_image(image, f"{name}#p{n}")
        lines = split_gutters(lines, body_size(lines))
    regions = on_page(read_layout(lines, width, height, frames), width, height)
    return [to_story(n, r) for r in regions], page_furniture(lines, height)


_LOAD_ERRORS = {
    3: "not a readable PDF (corrupt, truncated or no page tree)",
    4: "encrypted PDF (password required); decrypt it first",
    5: "PDF with an unsupported security handler; decrypt it first",
    6: "PDF page tree is broken",
}


def _open(path: Path) -> Any:
    """The opened document; InputError for encrypted, corrupt, empty or oversized files."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise InputError(_LOAD_ERRORS.get(e.err_code, "not a readable PDF")) from None
    n = len(doc)
    if n == 0 or n > MAX_PAGES:
        doc.close()
        if n == 0:
            raise InputError("PDF has no pages")
        raise InputError(f"{n} pages, more than the {MAX_PAGES} allowed for one newspaper file")
    return doc


def articles_from_stories(
    pages: list[tuple[list[Story], list[str]]], name: str, year: int | None, file: str = ""
) -> list[Article]:
    """Articles of a file's pages (jumps joined), dated by each page's edition line;
    ``file`` is the path they were read from."""
    issues = [None if year else issue_year_month(*furn) for _, furn in pages]
    stories = join_jumps([s for st, _ in pages for s in st])
    all_text = [p for s in stories for p in s.paragraphs]
    fallback = year or infer_year(*all_text)
    out, pos = [], {}
    for s in stories:
        issue = issues[s.page - 1] if s.page - 1 < len(issues) else None
        y, m = (issue if issue else (fallback, None)) if not year else (year, None)
        k = pos[s.page] = pos.get(s.page, -1) + 1
        if s.paragraphs:
            out.append(to_article(s, name, k, y, m, file))
    return out


def count_pages(path: Path) -> int:
    """Pages of a PDF (1 for an image, 0 when it cannot be opened): the total of a progress
    report, before the file is read."""
    if path.suffix.lower() not in PDF_SUFFIXES:
        return 1
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return 0
    try:
        return min(len(doc), MAX_PAGES)
    finally:
        doc.close()


def read_pdf(
    path: Path,
    *,
    year: int | None = None,
    file: str | None = None,
    page_done: Callable[[int], None] | None = None,
) -> tuple[list[Article], list[PdfProblem]]:
    """Articles of a newspaper PDF (text layer, or OCR for scanned pages) and the problems.

    ``file`` is the path recorded on every article (default: the file name; the crop viewer
    resolves it against the index's source roots); ``page_done(n)`` is called after page ``n``.

    Raises:
        InputError: the file is encrypted, corrupt, has no pages or too many.
    """
    doc = _open(path)
    pages, problems = [], []
    try:
        for n in range(1, len(doc) + 1):
            page = doc[n - 1]
            try:
                stories, furniture = _page_stories(page, n, path.name)
            except (InputError, OSError, RuntimeError) as e:  # PdfiumError is a RuntimeError
                problems.append(PdfProblem(str(path), n, str(e) or type(e).__name__))
                stories, furniture = [], []
            finally:
                page.close()
            if not stories and not any(p.page == n for p in problems):
                problems.append(PdfProblem(str(path), n, "no article found on the page"))
            pages.append((stories, furniture))
            if page_done:
                page_done(n)
    finally:
        doc.close()
    return articles_from_stories(pages, path.name, year, file or path.name), problems


def read_image(
    path: Path,
    *,
    year: int | None = None,
    file: str | None = None,
    page_done: Callable[[int], None] | None = None,
) -> tuple[list[Article], list[PdfProblem]]:
    """Articles of a scanned page image (PNG, JPEG, TIFF) through offline OCR (``file`` and
    ``page_done`` as in :func:`read_pdf`).

    Raises:
        InputError: not an image, or no text found on it.
    """
    from qa.ingest.ocr import load_image, ocr_image

    lines, frames, width, height = ocr_image(load_image(path), path.name)
    lines = split_gutters(lines, body_size(lines))
    regions = on_page(read_layout(lines, width, height, frames), width, height)
    stories = [to_story(1, r) for r in regions]
    if page_done:
        page_done(1)
    if not stories:
        raise InputError("no article found on the scanned page")
    pages = [(stories, page_furniture(lines, height))]
    return articles_from_stories(pages, path.name, year, file or path.name), []
