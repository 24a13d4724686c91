"""The upload box takes PDFs and page images like `qa ingest`: progress while pages are read
(pages done, pages/min, ETA), one line per bad file naming it (and its page), the PDF kept in
the index so its page crops render (a small paper rendered by tests/pdfgen.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="the pdf extra (pypdfium2) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 (dev extra) renders the test pages")

from pdfgen import find_cjk_font, render  # noqa: E402
from PIL import Image  # noqa: E402

from qa.api import ask, get_retriever  # noqa: E402
from qa.ingest.crop import recorded_roots  # noqa: E402
from ui.app import UPLOAD_TYPES  # noqa: E402
from ui.ingest import run_ingest, stream_ingest  # noqa: E402
from ui.render import sources_html  # noqa: E402
from ui.state import index_roots  # noqa: E402

FONT = find_cjk_font()
LEAD = "青禾区春季植树行动全面启动"
ROWS = [{"id": "lib-1", "title": "图书馆新馆开馆", "text": "本报讯 4月9日，图书馆新馆正式开馆。"}]


@pytest.fixture
def uploads(tmp_path) -> list[str]:
    """What Gradio hands over: files in upload folders of their own."""
    if FONT is None:
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    paper = tmp_path / "a" / "qinghe.pdf"
    render(paper, FONT)
    broken = tmp_path / "b" / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    tiny = tmp_path / "c" / "logo.png"
    Image.new("L", (120, 80), 255).save(tiny)
    return [str(paper), str(broken), str(tiny)]


def test_upload_accepts_what_qa_ingest_reads() -> None:
    assert {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt", ".jsonl"} <= set(UPLOAD_TYPES)


def test_pdf_upload_reports_progress_bad_files_and_keeps_the_pdf(hash_index_of, uploads) -> None:
    index = hash_index_of(ROWS)
    progress: list[str] = []
    status = run_ingest(index, uploads, "en", on_progress=progress.append)
    first, *problems = status.splitlines()
    assert first.startswith("Added ") and "articles" in first, status
    assert len(problems) == 2, status
    assert problems[0].startswith("- broken.pdf: not a readable PDF"), status
    assert problems[1].startswith("- logo.png: image of 120x80 px is too small"), status
    assert "/a/" not in status and index not in status
    assert progress and all("pages/min" in p and "ETA" in p for p in progress)
    assert re.search(r"Ingesting: 3/5 pages · [\d.]+ pages/min · ETA \S+", progress[2])
    assert progress[-1].startswith("Ingesting: 5/5 pages")
    kept = Path(index) / "uploads"
    assert sorted(p.name for p in kept.iterdir()) == ["qinghe.pdf"]  # bad uploads not kept
    assert recorded_roots(index) == (str(kept.absolute()),)
    ans = ask(f"{LEAD}的活动由谁主持？", index=index)
    html = sources_html(ans, get_retriever(index).articles, "en", index_roots(index))
    assert "page 1 of qinghe.pdf" in html and "class='page-crop-img'" in html


def test_same_pdf_again_is_kept_once_and_skipped(hash_index_of, uploads) -> None:
    index = hash_index_of(ROWS)
    run_ingest(index, uploads[:1], "en")
    status = run_ingest(index, uploads[:1], "zh")
    assert status.startswith("新增 0 篇文章")
    assert [p.name for p in (Path(index) / "uploads").iterdir()] == ["qinghe.pdf"]


def test_stream_shows_progress_then_the_status(hash_index_of, uploads) -> None:
    index = hash_index_of(ROWS)
    seen = list(stream_ingest(index, uploads[:1], "zh"))
    assert seen[-1].startswith("新增 ")
    assert all(s.startswith("正在导入") and "每分钟" in s for s in seen[:-1])
    assert json.loads((Path(index) / "sources.json").read_text("utf-8"))["roots"]
