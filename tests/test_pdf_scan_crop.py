"""The crop of a passage on a scanned page: located in the OCR lines cached when the page was
read (the viewer never runs OCR), not the whole article's region; without the cache, the
article's region (page 1 of the test newspaper, rasterised at 200 dpi, rotated 0.4°)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="the pdf extra (pypdfium2) is not installed")
pytest.importorskip("rapidocr_onnxruntime", reason="the pdf extra (rapidocr) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 (dev extra) renders the test pages")

from pdfgen import find_cjk_font, rasterise, render  # noqa: E402
from PIL import Image  # noqa: E402

from qa.index.chunk import chunk_articles  # noqa: E402
from qa.ingest import crop_passage  # noqa: E402
from qa.ingest.crop import MARGIN, crop_box  # noqa: E402
from qa.ingest.pdf import read_pdf  # noqa: E402
from qa.settings import DEFAULT  # noqa: E402

pytestmark = pytest.mark.slow
LEAD = "青禾区春季植树行动全面启动"


def test_scanned_passage_crop_comes_from_the_ocr_cache(tmp_path: Path, monkeypatch) -> None:
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    monkeypatch.setenv("QA_OCR_CACHE", str(tmp_path / "cache"))
    render(tmp_path / "paper.pdf", font)
    (png, *_) = rasterise(tmp_path / "paper.pdf", tmp_path, dpi=200, angle=0.4)
    scanned = tmp_path / "scan.pdf"
    Image.open(png).save(scanned, resolution=200)
    arts, _ = read_pdf(scanned)
    lead = next(a for a in arts if a.title == LEAD)
    first = chunk_articles([lead], DEFAULT)[0]
    x0, y0, x1, y1 = lead.page_box
    box = crop_box(lead, scanned, 1, [(first.start, first.end)])
    assert box[2] < x1 - 0.2 and box[0] >= x0 - 2 * MARGIN, (box, lead.page_box)
    assert box[3] - box[1] < 0.8 * (y1 - y0) + 2 * MARGIN
    crop_passage.page_runs.cache_clear()
    monkeypatch.setenv("QA_OCR_CACHE", str(tmp_path / "empty"))
    region = (x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN)
    assert crop_box(lead, scanned, 1, [(first.start, first.end)]) == pytest.approx(region)
