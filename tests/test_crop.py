"""Provenance of PDF articles: every article knows its file, page and region; a citation names
file and page; the viewer shows "page N of FILE.pdf", the page crop and a note on low OCR
confidence (pages rendered by tests/pdfgen.py)."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="the pdf extra (pypdfium2) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 (dev extra) renders the test pages")

from pdfgen import find_cjk_font, render, text_in_box  # noqa: E402
from PIL import Image  # noqa: E402

from qa.api import ask  # noqa: E402
from qa.index.build import build_index  # noqa: E402
from qa.index.store import load_index  # noqa: E402
from qa.ingest.crop import CropError, page_crop, source_page  # noqa: E402
from qa.ingest.pdf import read_pdf  # noqa: E402
from qa.ingest.pdf_records import Region  # noqa: E402
from qa.ingest.stories import Story, join_jumps, to_article  # noqa: E402
from qa.records import Article, Person  # noqa: E402
from ui.render import sources_html  # noqa: E402

FONT = find_cjk_font()
LEAD = "青禾区春季植树行动全面启动"


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> tuple[Path, list[Article]]:
    if FONT is None:
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    path = tmp_path_factory.mktemp("pdf") / "qinghe.pdf"
    render(path, FONT)
    arts, problems = read_pdf(path)
    assert problems == []
    return path, arts


def test_every_article_knows_its_file_page_and_region(paper) -> None:
    path, arts = paper
    for a in arts:
        assert a.file == "qinghe.pdf" and a.ocr_confidence is None  # relative: issue 13
        name, page = source_page(a.source)
        assert name == "qinghe.pdf" and len(a.page_box) == 4
        inside = text_in_box(path, page, a.page_box)
        assert re.sub(r"\s+", "", a.title) in inside, a.title
        assert re.sub(r"\s+", "", a.text)[:12] in inside, a.title


def test_citation_names_file_and_page_and_viewer_shows_the_crop(paper, tmp_path) -> None:
    path, arts = paper
    build_index(tmp_path / "ix", arts, encoders=["hash"])
    ans = ask(f"{LEAD}的活动由谁主持？", index=tmp_path / "ix")
    lead = next(a for a in arts if a.title == LEAD)
    c = next(c for c in ans.citations if c.article_id == lead.id)
    assert c.source == "qinghe.pdf#p1"
    loaded = {a.id: a for a in load_index(tmp_path / "ix").articles}
    assert loaded[lead.id].page_box == lead.page_box and loaded[lead.id].file == lead.file
    html = sources_html(ans, loaded, "en", [str(path.parent)])
    assert "page 1 of qinghe.pdf" in html
    uri = re.search(r"src='data:image/png;base64,([^']+)'", html)
    assert uri, "no page crop in the viewer"
    crop = Image.open(io.BytesIO(base64.b64decode(uri.group(1))))
    full = page_crop(replace(lead, page_box=(0.0, 0.0, 1.0, 1.0)), roots=[str(path.parent)])
    assert 100 < crop.width < full.width and 100 < crop.height < full.height
    assert "qinghe.pdf 第 1 版" in sources_html(ans, loaded, "zh")


def test_no_crop_when_the_file_is_gone(paper) -> None:
    path, arts = paper
    with pytest.raises(CropError, match="qinghe.pdf is no longer at /nonexistent"):
        page_crop(replace(arts[0], file="/nonexistent/qinghe.pdf"))
    with pytest.raises(CropError, match="no page region"):
        page_crop(replace(arts[0], page_box=()), roots=[str(path.parent)])


def _story(conf: float, page: int = 1, chars: int = 40) -> Story:
    region = Region("标题", "", ["正文" * (chars // 2)], 0.0, 0.0, conf=conf)
    region.box = (0.1, 0.2, 0.5, 0.6)
    return Story(page, region, list(region.paragraphs))


def test_ocr_confidence_is_kept_per_article_and_weighted_over_jumps() -> None:
    scanned = to_article(_story(0.6234), "scan.pdf", 0, 2024, None, "/x/scan.pdf")
    assert scanned.ocr_confidence == 0.623 and scanned.page_box == (0.1, 0.2, 0.5, 0.6)
    assert to_article(_story(1.0), "paper.pdf", 0, 2024, None).ocr_confidence is None
    head, cont = _story(0.9, 1, 60), _story(0.6, 2, 20)
    head.jump_to, cont.jump_from = "2", "1"
    (joined,) = join_jumps([head, cont])
    assert joined.region.conf == pytest.approx((0.9 * 60 + 0.6 * 20) / 80)


def test_article_fields_round_trip_and_old_records_load() -> None:
    a = Article("a1", "t", "正文。", "s.pdf#p2", ocr_confidence=0.8, page_box=(0, 0, 1, 0.5))
    assert Article.from_dict(a.to_dict()) == a
    old = {k: v for k, v in a.to_dict().items() if k not in ("ocr_confidence", "page_box", "file")}
    assert Article.from_dict(old).ocr_confidence is None and Article.from_dict(old).page_box == ()
    with pytest.raises(ValueError, match="ocr_confidence"):
        Article("a2", "t", "正文。", "s", ocr_confidence=1.5)


def test_low_confidence_article_is_searchable_and_marked(tmp_path) -> None:
    low = Article(
        "low",
        "青禾县防汛推进会召开",
        "本报讯 6月3日，青禾县召开防汛工作推进会。县长柯明远主持会议并讲话。",
        "scan.pdf#p1",
        people=(Person("柯明远", "县长"),),
        ocr_confidence=0.62,
    )
    good = Article(
        "good",
        "青禾县植树活动启动",
        "本报讯 3月12日，青禾县植树活动启动。副县长林素华参加活动。",
        "scan.pdf#p2",
        people=(Person("林素华", "副县长"),),
        ocr_confidence=0.97,
    )
    build_index(tmp_path / "ix", [low, good], encoders=["hash"])
    ans = ask("谁主持了防汛工作推进会？", index=tmp_path / "ix")
    assert ans.found and ans.short == "柯明远" and ans.citations[0].article_id == "low"
    html = sources_html(ans, {"low": low, "good": good}, "en")
    assert "low OCR confidence (0.62)" in html and "class='low-ocr'" in html
    ans = ask("谁参加了植树活动？", index=tmp_path / "ix")
    assert ans.citations[0].article_id == "good"
    cards = sources_html(ans, {"low": low, "good": good}, "en").split("<details class='source'")
    card = next(c for c in cards if good.title in c)
    assert "low-ocr" not in card and "OCR ⚠" not in card
