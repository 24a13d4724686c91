"""Offline OCR of scanned pages: RapidOCR (PP-OCRv4 Chinese detection and recognition, ONNX
models shipped inside the ``rapidocr-onnxruntime`` wheel; nothing is downloaded).

Detected boxes become :class:`~qa.ingest.pdf_layout.Line` records, straightened by the page's
median skew, with the box height standing in for the font size and the recognition score as
``conf``. ASCII punctuation next to Chinese is made full-width (``,`` → ``，``).

Results are cached as JSON by the hash of the page's pixels (``$QA_OCR_CACHE``, default
``~/.cache/newsqa/ocr``; ``off`` disables it), so re-ingesting a folder of scans does not
OCR a page twice.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import re
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.ingest.pdf_layout import Line, Rect
from qa.text.cjk import CJK

log = logging.getLogger(__name__)
OCR_VERSION = "rapidocr-ppocrv4-1"  # part of the cache key: bump when settings change
MIN_SIDE = 400  # pixels: smaller is no newspaper page
MAX_PIXELS = 120_000_000
_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_NARROW = "，。、；：？！“”‘’（）《》·"
_HALF_NEAR_CJK = re.compile(rf"(?<=[{CJK}])[,:;()!?]|[,:;()!?](?=[{CJK}])")


def _threads() -> int:
    """Cores this process may use (the affinity mask, so a container's limit counts)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    """The RapidOCR engine, loaded once (models from the installed package).

    Recognition dominates a page (about 165 lines of 10-25 characters, about 80 % of the
    time; detection is one pass over the page, the layout well under a second). Settings,
    each measured in ``bench/pdf.py`` and docs/BENCHMARKS.md:

    - pages are upright: no angle classifier;
    - detection at full resolution (``max_side_len`` lifts the 2000 px cap; the default
      ``limit_type="min"`` never scales a page down). Scaling detection down (``limit_type=
      "max"``, which RapidOCR caps at 2000 px) halved its time but merged lines across a
      narrow column gutter: one story fell to 55 % character accuracy and another was lost;
    - one intra-op thread per core, one inter-op thread, and no spin-waiting: onnxruntime's
      spinning threads made recognition about twice as slow on a machine shared with other
      work (24.9 s against 12.9 s for a page's 169 lines), and it cost about nothing on a
      lightly loaded one (the option is set by wrapping RapidOCR's session options while
      the engine is built: RapidOCR has no setting for it);
    - recognition batches of 6 lines (the default): 1 was as fast, 12 or 24 lines padded to
      the widest were 1.6-2x slower.
    """
    from rapidocr_onnxruntime import RapidOCR
    from rapidocr_onnxruntime.utils import infer_engine

    session = infer_engine.OrtInferSession
    options = session._init_sess_opts

    def no_spin(config: dict[str, Any]) -> Any:
        opts = options(config)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return opts

    session._init_sess_opts = staticmethod(no_spin)
    try:
        return RapidOCR(
            max_side_len=4096,
            use_cls=False,
            intra_op_num_threads=_threads(),
            inter_op_num_threads=1,
            rec_batch_num=6,
        )
    finally:
        session._init_sess_opts = staticmethod(options)


def load_image(path: Path) -> Any:
    """A page image as a grayscale PIL image.

    Raises:
        InputError: not an image, or too small or too large to be a newspaper page.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                raise InputError(f"image of {im.width}x{im.height} px is too large for a page")
            image = im.convert("L")
    except (UnidentifiedImageError, OSError) as e:
        raise InputError(f"not a readable image ({type(e).__name__})") from None
    if min(image.size) < MIN_SIDE:
        w, h = image.size
        raise InputError(f"image of {w}x{h} px is too small for a newspaper page (min {MIN_SIDE})")
    return image


def _cache_path(key: str) -> Path | None:
    root = os.environ.get("QA_OCR_CACHE", str(Path.home() / ".cache" / "newsqa" / "ocr"))
    return None if root.lower() in ("off", "0", "") else Path(root) / f"{key}.json"


def _cache_of(arr: Any) -> Path | None:
    key = hashlib.sha1(arr.tobytes() + f"{arr.shape}{OCR_VERSION}".encode()).hexdigest()
    return _cache_path(key)


def _cached(cache: Path | None) -> list[tuple[list[list[float]], str, float]] | None:
    if cache and cache.exists():
        return [(q, t, s) for q, t, s in json.loads(cache.read_text("utf-8"))]
    return None


def _recognise(image: Any) -> list[tuple[list[list[float]], str, float]]:
    """(quad, text, score) of every detected text line, cached by the image's pixels."""
    import numpy as np

    arr = np.asarray(image.convert("L"))
    cache = _cache_of(arr)
    hit = _cached(cache)
    if hit is not None:
        return hit
    result, _ = _engine()(np.stack([arr] * 3, axis=-1))
    rows = [([[float(x), float(y)] for x, y in q], str(t), float(s)) for q, t, s in result or []]
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
        tmp.replace(cache)
    return rows


def skew(quads: list[list[list[float]]]) -> float:
    """The page's skew in radians: the median slope of the top edges of wide boxes."""
    angles = sorted(
        math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0])
        for q in quads
        if q[1][0] - q[0][0] > 3 * abs(q[3][1] - q[0][1])
    )
    return angles[len(angles) // 2] if angles else 0.0


def full_width(text: str) -> str:
    """ASCII punctuation next to a Chinese character made full-width (OCR reads ``，`` as ``,``)."""
    return _HALF_NEAR_CJK.sub(lambda m: _FULL[m.group(0)], text)


def _pitch_size(text: str, width: float, height: float) -> float:
    """A line's font size: the character pitch (width over characters; half-width ones and
    punctuation, whose ink is narrow, count about half) or the box height if smaller (box
    heights vary with padding and glyph shapes; Chinese type is set on a fixed pitch)."""
    units = sum(0.55 if c.isascii() else 0.6 if c in _NARROW else 1.0 for c in text)
    return min(height, width / units) if units >= 2 else height


def _rotate(pts: list[tuple[float, float]], a: float, w: float, h: float) -> tuple[float, ...]:
    """Bounding box (x0, y0, x1, y1) of points rotated by ``a`` about the page centre."""
    cx, cy, cos, sin = w / 2, h / 2, math.cos(a), math.sin(a)
    rot = [
        (cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos) for x, y in pts
    ]
    xs, ys = [p[0] for p in rot], [p[1] for p in rot]
    return min(xs), min(ys), max(xs), max(ys)


def to_lines(
    rows: list[tuple[list[list[float]], str, float]], a: float, w: float, h: float
) -> list[Line]:
    """OCR boxes as lines, rotated back by the page skew ``a``."""
    lines = []
    for quad, raw, score in rows:
        text = full_width(raw.strip())
        if text:
            x0, y0, x1, y1 = _rotate([(x, y) for x, y in quad], a, w, h)
            lines.append(Line(text, x0, y0, x1, y1, _pitch_size(text, x1 - x0, y1 - y0), score))
    return lines


def frames(image: Any, a: float) -> list[Rect]:
    """Drawn boxes (sidebar frames) of a page image: long straight strokes, rotated back by
    the page skew ``a``."""
    import cv2
    import numpy as np

    ink = (np.asarray(image.convert("L")) < 128).astype(np.uint8) * 255
    ink = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    k = max(40, min(ink.shape) // 12)
    across = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1))
    )
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    contours, _ = cv2.findContours(across | down, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if w > k and h > k:
            corners = [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
            out.append(Rect(*_rotate(corners, a, image.width, image.height)))
    return out


def ocr_image(image: Any, name: str) -> tuple[list[Line], list[Rect], float, float]:
    """(lines, frames, width, height) of a page image, in pixels.

    Raises:
        InputError: no text was found on the image.
    """
    rows = _recognise(image)
    if not rows:
        raise InputError("no text found by OCR (not a newspaper page?)")
    w, h = float(image.width), float(image.height)
    a = -skew([q for q, _, _ in rows])
    lines = to_lines(rows, a, w, h)
    log.info("%s: OCR found %d text lines, skew %.2f°", name, len(lines), math.degrees(-a))
    return lines, frames(image, a), w, h


def cached_lines(image: Any) -> list[Line] | None:
    """The lines :func:`ocr_image` gave for this image, from the OCR cache only (None when
    the page was not OCR'd here or the cache is off): the viewer never runs OCR."""
    import numpy as np

    try:
        rows = _cached(_cache_of(np.asarray(image.convert("L"))))
    except (OSError, ValueError) as e:
        log.info("OCR cache unreadable: %s", e)
        return None
    if not rows:
        return None
    w, h = float(image.width), float(image.height)
    return to_lines(rows, -skew([q for q, _, _ in rows]), w, h)
