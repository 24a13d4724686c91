"""PDF text layer → articles: reading order over columns, headlines by size, boxes, jumps,
furniture and captions dropped, bad files reported (pages rendered by tests/pdfgen.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="the pdf extra (pypdfium2) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 (dev extra) renders the test pages")

from pdfgen import char_accuracy, find_cjk_font, render  # noqa: E402

from qa.ingest.files import ingest_paths  # noqa: E402
from qa.ingest.pdf import chars_to_lines, read_pdf  # noqa: E402
from qa.ingest.pdf_layout import Line, read_layout  # noqa: E402
from qa.ingest.reflow import normalize_spacing  # noqa: E402

FONT = find_cjk_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no CJK font (apt-get install fonts-noto-cjk)")


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> tuple[Path, list]:
    if FONT is None:
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    path = tmp_path_factory.mktemp("pdf") / "qinghe.pdf"
    return path, render(path, FONT)


@pytest.fixture(scope="module")
def articles(paper):
    arts, problems = read_pdf(paper[0])
    assert problems == []
    return arts


@needs_font
def test_titles_and_bodies_match_what_was_rendered(paper, articles) -> None:
    stories = paper[1]
    by_title = {a.title: a for a in articles}
    right = [s for s in stories if s.title in by_title]
    assert len(right) / len(stories) >= 0.95, sorted(by_title)
    assert len(articles) == len(stories)  # no split or phantom stories
    for s in right:
        acc = char_accuracy(normalize_spacing(s.text), by_title[s.title].text)
        assert acc >= 0.995, (s.title, acc)


@needs_font
def test_subtitles_kickers_bylines_pages_and_dates(paper, articles) -> None:
    by_title = {a.title: a for a in articles}
    for s in paper[1]:
        a = by_title[s.title]
        assert a.subtitle == (s.subtitle or s.kicker)
        assert a.source == f"qinghe.pdf#p{s.page}"
        if s.byline:
            names = s.byline.split()
            assert a.reporters == (names[1],) and a.correspondents == (names[3],)
    lead = by_title["青禾区春季植树行动全面启动"]
    assert lead.date_iso.startswith("2023-")  # 11月 on a 2024年3月 page: the year before


@needs_font
def test_continued_story_is_joined_and_markers_dropped(paper, articles) -> None:
    lead = next(s for s in paper[1] if s.title == "青禾区春季植树行动全面启动")
    got = [a for a in articles if a.title == lead.title]
    assert len(got) == 1 and got[0].source.endswith("#p1")
    assert "下转" not in got[0].text and "上接" not in got[0].text
    assert got[0].text.endswith(normalize_spacing(lead.text)[-40:])


@needs_font
def test_furniture_captions_and_box_label_dropped(articles) -> None:
    text = "\n".join(a.text + a.title + a.subtitle for a in articles)
    for junk in ("责任编辑", "第1版", "星期五", "图为", "— 1 —"):
        assert junk not in text
    assert not any(a.title == "简讯" for a in articles)


@needs_font
def test_ids_are_stable_across_reads(paper, articles) -> None:
    again, _ = read_pdf(paper[0])
    assert [a.id for a in again] == [a.id for a in articles]


def _bad_files(d: Path) -> dict[str, Path]:
    import pypdfium2 as pdfium
    from fpdf import FPDF

    files = {"corrupt": d / "corrupt.pdf", "empty": d / "empty.pdf"}
    files["corrupt"].write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF")
    pdfium.PdfDocument.new().save(files["empty"])
    big = pdfium.PdfDocument.new()
    for _ in range(300):
        big.new_page(100, 100)
    files["big"] = d / "big.pdf"
    big.save(files["big"])
    enc = FPDF()
    enc.add_page()
    enc.set_font("helvetica")
    enc.text(10, 10, "secret")
    enc.set_encryption(owner_password="o", user_password="u")
    files["encrypted"] = d / "encrypted.pdf"
    enc.output(str(files["encrypted"]))
    blank = FPDF()
    blank.add_page()
    blank.set_font("helvetica")
    blank.text(10, 10, "only a few words here")
    files["blank"] = d / "blank.pdf"
    blank.output(str(files["blank"]))
    return files


@needs_font
def test_bad_pdfs_are_one_line_problems_and_the_batch_goes_on(paper, tmp_path) -> None:
    bad = _bad_files(tmp_path)
    good = tmp_path / "good.pdf"
    good.write_bytes(paper[0].read_bytes())
    result = ingest_paths([tmp_path])
    assert len(result.articles) == len(paper[1])
    msgs = {Path(p.path).stem: str(p) for p in result.problems}
    assert "encrypted PDF" in msgs["encrypted"]
    assert "not a readable PDF" in msgs["corrupt"] and "not a readable PDF" in msgs["empty"]
    assert "300 pages" in msgs["big"]
    assert set(bad) <= set(msgs)
    assert all("\n" not in m and m.startswith(str(tmp_path)) for m in msgs.values())


def test_characters_join_into_lines_split_at_gutters() -> None:
    chars = [(c, 10.0 + 9 * i, 100.0, 19.0 + 9 * i, 109.0) for i, c in enumerate("某县召开")]
    chars += [(c, 200.0 + 9 * i, 100.0, 209.0 + 9 * i, 109.0) for i, c in enumerate("会议")]
    chars += [(c, 10.0 + 9 * i, 113.0, 19.0 + 9 * i, 122.0) for i, c in enumerate("部署")]
    assert [ln.text for ln in chars_to_lines(chars)] == ["某县召开", "会议", "部署"]


def test_headline_below_its_body_owns_it() -> None:
    body = [
        Line("本报讯 某县召开会议，部署工作。", 10, 10 + 13 * k, 150, 23 + 13 * k, 13)
        for k in range(3)
    ]
    head = Line("某县召开会议", 30, 60, 130, 90, 30)
    other = [
        Line("本报讯 另一篇稿件的正文。", 200, 10 + 13 * k, 340, 23 + 13 * k, 13) for k in range(3)
    ]
    regions = read_layout([*body, head, *other], 400, 600)
    titles = sorted(r.title for r in regions)
    assert titles == ["", "某县召开会议"]
