"""Scanned pages → articles through offline OCR (RapidOCR models shipped in the wheel): the
rendered test newspaper rasterised at 200 dpi, rotated 0.4° with noise."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="the pdf extra (pypdfium2) is not installed")
pytest.importorskip("rapidocr_onnxruntime", reason="the pdf extra (rapidocr) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 (dev extra) renders the test pages")

from pdfgen import char_accuracy, find_cjk_font, rasterise, render  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from qa.errors import InputError  # noqa: E402
from qa.ingest.files import ingest_paths  # noqa: E402
from qa.ingest.ocr import frames, full_width, load_image, skew  # noqa: E402
from qa.ingest.pdf import read_pdf  # noqa: E402
from qa.ingest.reflow import normalize_spacing  # noqa: E402

FONT = find_cjk_font()


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """(scanned PDF, page PNGs, stories); OCR results cached in a fresh directory."""
    if FONT is None:
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    d = tmp_path_factory.mktemp("scans")
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_OCR_CACHE", str(d / "cache"))
    stories = render(d / "paper.pdf", FONT)
    pngs = rasterise(d / "paper.pdf", d, dpi=200, angle=0.4)
    images = [Image.open(p) for p in pngs]
    scanned = d / "scanned.pdf"
    images[0].save(scanned, save_all=True, append_images=images[1:], resolution=200)
    yield scanned, pngs, stories
    mp.undo()


@pytest.mark.slow
def test_scanned_pdf_titles_and_bodies(scans, caplog, monkeypatch) -> None:
    scanned, _, stories = scans
    with caplog.at_level(logging.INFO, logger="qa.ingest"):
        arts, problems = read_pdf(scanned)
    assert problems == []
    by_title = {a.title: a for a in arts}
    right = [s for s in stories if s.title in by_title]
    assert len(right) / len(stories) >= 0.95, sorted(by_title)
    for s in right:
        a = by_title[s.title]
        assert char_accuracy(normalize_spacing(s.text), a.text) >= 0.97, s.title
        assert a.subtitle == (s.subtitle or s.kicker)
        assert a.source == f"scanned.pdf#p{s.page}"
    assert "OCR confidence" in caplog.text
    # a second run (an interrupted batch resumed) reads the OCR cache: same ids, no OCR
    import qa.ingest.ocr as ocr

    monkeypatch.setattr(ocr, "_engine", lambda: pytest.fail("OCR ran again"))
    again, _ = read_pdf(scanned)
    assert [a.id for a in again] == [a.id for a in arts]


@pytest.mark.slow
def test_page_images_and_bad_images_in_one_batch(scans, tmp_path) -> None:
    _, pngs, stories = scans
    page3 = tmp_path / pngs[2].name
    page3.write_bytes(pngs[2].read_bytes())
    Image.new("L", (60, 40), 255).save(tmp_path / "icon.png")
    Image.new("L", (900, 700), 255).save(tmp_path / "blank.jpg")
    (tmp_path / "fake.tif").write_bytes(b"not an image at all")
    result = ingest_paths([tmp_path])
    titles = {a.title for a in result.articles}
    assert {s.title for s in stories if s.page == 3} <= titles
    msgs = {Path(p.path).name: str(p) for p in result.problems}
    assert "too small" in msgs["icon.png"]
    assert "no text found" in msgs["blank.jpg"]
    assert "not a readable image" in msgs["fake.tif"]


def test_load_image_rejects_what_is_not_a_page(tmp_path) -> None:
    Image.new("L", (100, 100)).save(tmp_path / "small.png")
    (tmp_path / "text.png").write_text("hello")
    for name, msg in (("small.png", "too small"), ("text.png", "not a readable image")):
        with pytest.raises(InputError, match=msg):
            load_image(tmp_path / name)


def test_full_width_punctuation_only_next_to_chinese() -> None:
    assert full_width("会议指出,要坚持(试点):好!") == "会议指出，要坚持（试点）：好！"
    assert full_width("3.5, 1:2 (a)") == "3.5, 1:2 (a)"


def test_skew_and_frames() -> None:
    quads = [[[0, 0], [100, 1], [100, 11], [0, 10]], [[0, 50], [100, 51], [100, 61], [0, 60]]]
    assert skew(quads) == pytest.approx(0.01, abs=1e-3)
    img = Image.new("L", (1000, 1200), 255)
    ImageDraw.Draw(img).rectangle((600, 100, 900, 700), outline=0, width=3)
    ImageDraw.Draw(img).line((50, 50, 950, 50), fill=0, width=3)  # a rule, not a frame
    (box,) = frames(img, 0.0)
    assert box.x0 == pytest.approx(600, abs=4) and box.y1 == pytest.approx(700, abs=4)
