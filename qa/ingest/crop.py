"""The page region an article came from, as an image: a PDF page rendered with pypdfium2 (or a
scanned page image) cut to the article's ``page_box``, for the viewer to show beside the text.

>>> png = page_crop_png(article)                                  # doctest: +SKIP
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"                             # doctest: +SKIP
True
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any

from qa.records import Article

log = logging.getLogger(__name__)
CROP_DPI = 110  # legible Chinese body type (about 14 px) in a small image
MARGIN = 0.01  # of the page, around the article's box
_PAGE = re.compile(r"^(.*)#p(\d+)$")


def source_page(source: str) -> tuple[str, int] | None:
    """(file name, page number) of a source like ``2023-05-31.pdf#p3``; None for other
    sources (a .txt page, a corpus)."""
    m = _PAGE.match(source)
    return (m.group(1), int(m.group(2))) if m else None


def _page_image(path: Path, page: int) -> Any:
    """Page ``page`` (1-based) of a PDF rendered at CROP_DPI, or the scanned image itself."""
    from PIL import Image

    if path.suffix.lower() != ".pdf":
        with Image.open(path) as im:
            return im.convert("L")
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[page - 1].render(scale=CROP_DPI / 72, grayscale=True).to_pil()
    finally:
        doc.close()


def page_crop(article: Article) -> Any | None:
    """The article's region of its first page as a PIL image; None when the article has no
    box, its file is gone or is no page file (logged, never raised: the viewer shows the text
    without the crop)."""
    from qa.ingest.pdf import IMAGE_SUFFIXES, PDF_SUFFIXES

    where = source_page(article.source)
    path = Path(article.file) if article.file else None
    if not (article.page_box and where and path):
        return None
    if path.suffix.lower() not in PDF_SUFFIXES + IMAGE_SUFFIXES or not path.is_file():
        log.info("%s: no page crop, %s is not a PDF or page image on disk", article.id, path)
        return None
    try:
        image = _page_image(path, where[1])
    except Exception as e:  # a moved, replaced or damaged file: the text is still shown
        log.warning("%s: page %d: no page crop (%s)", path, where[1], e)
        return None
    x0, y0, x1, y1 = article.page_box
    w, h = image.size
    box = (
        int(max(0.0, x0 - MARGIN) * w),
        int(max(0.0, y0 - MARGIN) * h),
        int(min(1.0, x1 + MARGIN) * w),
        int(min(1.0, y1 + MARGIN) * h),
    )
    return image.crop(box)


def page_crop_png(article: Article) -> bytes | None:
    """The article's page crop as PNG bytes (None as in :func:`page_crop`)."""
    image = page_crop(article)
    if image is None:
        return None
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
