"""The page region a passage came from, as an image: a PDF page rendered with pypdfium2 (or a
scanned page image) cut to the cited passages' box (:mod:`qa.ingest.crop_passage`), or to the
article's ``page_box`` when the passages cannot be located, for the viewer to show.

An article records its ``file`` relative to the folder it was ingested from (the file name
when the file itself was named); those folders are recorded per index in ``sources.json``
(:func:`record_roots`) and the file is looked for under each, newest first. Indexes built
before kept absolute paths; those are used as they are.

>>> png = page_crop_png(article, [(0, 40)], recorded_roots(index_dir))  # doctest: +SKIP
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"                                  # doctest: +SKIP
True
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa.errors import QAError
from qa.records import Article

log = logging.getLogger(__name__)
CROP_DPI = 110  # legible Chinese body type (about 14 px) in a small image
MARGIN = 0.01  # of the page, around the passage's (or the article's) box
SOURCES_FILE = "sources.json"  # in the index directory: the folders files were ingested from
_PAGE = re.compile(r"^(.*)#p(\d+)$")


class CropError(QAError):
    """No page crop: the article has no region, or its file is not where it was."""


def source_page(source: str) -> tuple[str, int] | None:
    """(file name, page number) of a source like ``2023-05-31.pdf#p3``; None for other
    sources (a .txt page, a corpus)."""
    m = _PAGE.match(source)
    return (m.group(1), int(m.group(2))) if m else None


def describe_source(source: str) -> str:
    """``page 3 of 2023-05-31.pdf`` for ``2023-05-31.pdf#p3``; other sources as they are."""
    where = source_page(source)
    return f"page {where[1]} of {where[0]}" if where else source


def recorded_roots(index_dir: str | Path) -> tuple[str, ...]:
    """The source folders recorded for the index at ``index_dir``, newest first (none when
    the file is missing or unreadable: logged)."""
    path = Path(index_dir) / SOURCES_FILE
    if not path.is_file():
        return ()
    try:
        roots = json.loads(path.read_text("utf-8")).get("roots", [])
        return tuple(str(r) for r in roots if isinstance(r, str))
    except (OSError, ValueError, AttributeError) as e:
        log.warning("%s: unreadable (%s); page crops of relative files are not shown", path, e)
        return ()


def record_roots(index_dir: str | Path, roots: Sequence[str]) -> None:
    """Put ``roots`` (absolute folders) first in the index's ``sources.json`` (atomic write)."""
    if not roots:
        return
    path = Path(index_dir) / SOURCES_FILE
    merged = list(dict.fromkeys([*roots, *recorded_roots(index_dir)]))
    tmp = path.with_name(f".{SOURCES_FILE}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"roots": merged}, ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, path)


def locate(article: Article, roots: Sequence[str] = ()) -> Path:
    """The PDF or image the article was read from.

    Raises:
        CropError: the article records no file, or the file is in none of ``roots`` (or no
            longer at its absolute path): the message names it and where it was looked for.
    """
    if not article.file:
        raise CropError(f"{article.source}: no source file recorded")
    f = Path(article.file)
    if f.is_absolute():
        if f.is_file():
            return f
        raise CropError(f"{f.name} is no longer at {f.parent} (moved or deleted?)")
    for root in roots:
        if (Path(root) / f).is_file():
            return Path(root) / f
    where = ", ".join(roots) if roots else "no source folder is recorded for this index"
    raise CropError(f"{article.file} is not in the folder it was ingested from ({where}): "
                    "moved or deleted? put it back or ingest it again")  # fmt: skip


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


def crop_box(
    article: Article, path: Path, page: int, spans: Sequence[tuple[int, int]] = ()
) -> tuple[float, ...]:
    """The box to show (fractions of the page, margin included): the passages ``spans``
    (offsets into the article's text) where they are found on the page, else the
    article's region."""
    from qa.ingest.crop_passage import passage_box

    texts = [article.text[s:e] for s, e in spans if 0 <= s < e]
    box = passage_box(path, page, article.page_box, texts) if texts else None
    x0, y0, x1, y1 = box or article.page_box
    return (max(0.0, x0 - MARGIN), max(0.0, y0 - MARGIN),
            min(1.0, x1 + MARGIN), min(1.0, y1 + MARGIN))  # fmt: skip


def page_crop(
    article: Article, spans: Sequence[tuple[int, int]] = (), roots: Sequence[str] = ()
) -> Any:
    """The region of the cited passages ``spans`` (the article's region without them) on
    the article's first page, as a PIL image.

    Raises:
        CropError: no region or page recorded, the file is not found (see :func:`locate`),
            or it cannot be rendered.
    """
    from qa.ingest.pdf import IMAGE_SUFFIXES, PDF_SUFFIXES

    where = source_page(article.source)
    if not (article.page_box and where):
        raise CropError(f"{article.source}: no page region recorded")
    path = locate(article, roots)
    if path.suffix.lower() not in PDF_SUFFIXES + IMAGE_SUFFIXES:
        raise CropError(f"{path.name} is not a PDF or page image")
    try:
        image = _page_image(path, where[1])
    except Exception as e:  # a replaced or damaged file: the text is still shown
        log.warning("%s: page %d: no page crop (%s)", path, where[1], e)
        raise CropError(f"{path.name}: page {where[1]} cannot be rendered") from None
    w, h = image.size
    x0, y0, x1, y1 = crop_box(article, path, where[1], spans)
    return image.crop((int(x0 * w), int(y0 * h), int(x1 * w), int(y1 * h)))


def page_crop_png(
    article: Article, spans: Sequence[tuple[int, int]] = (), roots: Sequence[str] = ()
) -> bytes:
    """:func:`page_crop` as PNG bytes (raises :class:`CropError` likewise)."""
    buf = io.BytesIO()
    page_crop(article, spans, roots).save(buf, format="PNG", optimize=True)
    return buf.getvalue()
