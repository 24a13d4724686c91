"""Issue 13 leftovers: `qa ingest` of a folder of PDFs records files relative to the folder
(and the folder in the index), prints page progress and names file and page in its citation
lines; the page crop is the cited passage's region, not the whole article's (pages rendered
by tests/pdfgen.py)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="the pdf extra (pypdfium2) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 (dev extra) renders the test pages")

from pdfgen import find_cjk_font, render, text_in_box  # noqa: E402

from qa.cli.main import main  # noqa: E402
from qa.index.chunk import chunk_articles  # noqa: E402
from qa.index.store import load_index  # noqa: E402
from qa.ingest.crop import MARGIN, CropError, crop_box, locate, recorded_roots  # noqa: E402
from qa.ingest.files import ingest_paths, scan_folders  # noqa: E402
from qa.records import Article  # noqa: E402
from qa.settings import DEFAULT  # noqa: E402
from ui.render import sources_html  # noqa: E402

FONT = find_cjk_font()
LEAD = "青禾区春季植树行动全面启动"  # its headline spans three columns of page 1


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> Path:
    if FONT is None:
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    folder = tmp_path_factory.mktemp("papers")
    (folder / "2024").mkdir()
    render(folder / "2024" / "qinghe.pdf", FONT)
    return folder


def test_ingest_help_names_pdfs_and_images(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for word in (".pdf", ".png", ".jpg", ".tif", "OCR", ".txt", ".jsonl"):
        assert word in out, word


def test_files_are_relative_to_the_folder_and_progress_counts_pages(papers) -> None:
    reports = []
    result = ingest_paths([papers], progress=reports.append)
    assert result.problems == () and result.roots == (str(papers.absolute()),)
    assert {a.file for a in result.articles} == {"2024/qinghe.pdf"}
    assert [p.done for p in reports] == [1, 2, 3] and {p.total for p in reports} == {3}
    assert reports[-1].eta_seconds == 0 and reports[-1].per_minute > 0
    assert "3/3 pages" in str(reports[-1]) and "qinghe.pdf" in str(reports[-1])
    assert scan_folders([papers]) == (str((papers / "2024").absolute()),)  # for --ray
    single = ingest_paths([papers / "2024" / "qinghe.pdf"])
    assert {a.file for a in single.articles} == {"qinghe.pdf"}
    assert single.roots == (str((papers / "2024").absolute()),)


def test_cli_citations_name_page_and_file_and_crops_follow_the_folder(
    papers, tmp_path, capsys
) -> None:
    bad = tmp_path / "in"
    shutil.copytree(papers, bad)
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    ix = tmp_path / "ix"
    assert main(["ingest", str(bad), "--index", str(ix), "--encoders", "hash"]) == 0
    err = capsys.readouterr().err
    assert "broken.pdf: not a readable PDF" in err and len(err.strip().splitlines()) == 1
    assert recorded_roots(ix) == (str(bad.absolute()),)
    assert main(["ask", f"{LEAD}的活动由谁主持？", "--index", str(ix)]) == 0
    out = capsys.readouterr().out
    assert "page 1 of qinghe.pdf" in out and "#p" not in out
    assert main(["articles", "--index", str(ix)]) == 0
    assert "page 2 of qinghe.pdf, article 1" in capsys.readouterr().out
    lead = next(a for a in load_index(ix).articles if a.title == LEAD)
    assert locate(lead, recorded_roots(ix)) == bad / "2024" / "qinghe.pdf"
    bad.rename(tmp_path / "moved")
    with pytest.raises(CropError, match=rf"2024/qinghe.pdf is not in .*{bad}.*moved"):
        locate(lead, recorded_roots(ix))


def test_old_indexes_with_absolute_files_still_crop(papers) -> None:
    (a, *_) = ingest_paths([papers]).articles
    old = replace(a, file=str((papers / a.file).resolve()))  # as indexes stored it before
    assert Article.from_dict(json.loads(json.dumps(old.to_dict()))) == old
    assert locate(old, ()) == (papers / a.file).resolve()


def test_crop_is_the_passage_region_not_the_whole_article(papers) -> None:
    path = papers / "2024" / "qinghe.pdf"
    lead = next(a for a in ingest_paths([papers]).articles if a.title == LEAD)
    x0, y0, x1, y1 = lead.page_box
    far = text_in_box(path, 1, (x1 - 0.2, y0, x1, y1))  # the article's right-most column
    assert len(far) > 50
    first, *_, last = chunk_articles([lead], DEFAULT)  # the first begins column 1
    box = crop_box(lead, path, 1, [(first.start, first.end)])
    assert box[2] < x1 - 0.2, "the crop of a first-column passage reaches the far column"
    assert box[3] - box[1] < 0.8 * (y1 - y0) + 2 * MARGIN
    inside = text_in_box(path, 1, box)
    passage = re.sub(r"\s+", "", first.text)
    assert passage[:12] in inside and passage[-12:] in inside
    # the story's last passage is on page 2 (下转第2版): page 1 shows the article's region
    region = (x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN)
    assert crop_box(lead, path, 1, [(last.start, last.end)]) == pytest.approx(region)


def test_viewer_says_where_the_file_was_looked_for_when_it_moved(papers, tmp_path) -> None:
    from qa.records import Answer, Citation

    lead = next(a for a in ingest_paths([papers]).articles if a.title == LEAD)
    c = Citation(1, lead.id, lead.title, lead.date, lead.source, lead.text[:30], 0, 30)
    ans = Answer("q", True, "x", "x [1]", (c,))
    html = sources_html(ans, {lead.id: lead}, "en", [str(tmp_path)])
    assert "class='page-crop-missing'" in html and "2024/qinghe.pdf is not in" in html
    assert str(tmp_path) in html and "page 1 of qinghe.pdf" in html
    assert "page-crop-img" in sources_html(ans, {lead.id: lead}, "en", [str(papers)])


def test_the_crop_shows_the_answering_passages_first() -> None:
    from qa.records import Citation
    from ui.render import crop_spans

    def cite(n: int, s: int, e: int, ans: tuple | None = None) -> Citation:
        a0, a1 = ans or (None, None)
        return Citation(n, "a", "t", "", "x.pdf#p1", "", s, e, a0, a1)

    assert crop_spans([cite(1, 0, 50), cite(2, 100, 150, (110, 112))], 300) == [(100, 150)]
    assert crop_spans([cite(1, 0, 50), cite(2, 40, 90)], 60) == [(0, 60)]
