"""A PDF uploaded in the browser: the status box ends with what was added and the bad file's
line, and the cited article's viewer shows "page 1 of qinghe.pdf" with the passage's crop
(headless Debian chromium, Playwright from PyPI; a hash-encoder index of its own)."""

from __future__ import annotations

import pytest
from test_ui_browser import ARGS, CHROMIUM, _ask, _wait_answer, pytestmark  # noqa: F401

pytest.importorskip("pypdfium2", reason="the pdf extra (pypdfium2) is not installed")
pytest.importorskip("fpdf", reason="fpdf2 (dev extra) renders the test pages")

from pdfgen import find_cjk_font, render  # noqa: E402

ROWS = [{"id": "lib-1", "title": "图书馆新馆开馆", "text": "本报讯 4月9日，图书馆新馆正式开馆。"}]


def test_pdf_upload_in_browser(hash_index_of, tmp_path) -> None:
    from conftest import free_port
    from playwright.sync_api import sync_playwright

    from ui.app import serve

    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    paper, broken = tmp_path / "qinghe.pdf", tmp_path / "broken.pdf"
    render(paper, font)
    broken.write_bytes(b"%PDF-1.4 garbage")
    port = free_port()
    demo = serve(hash_index_of(ROWS), port=port, block=False)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
            page.get_by_text("添加版面").first.click()
            page.locator("#upload input[type=file]").set_input_files([str(paper), str(broken)])
            page.locator("#index-btn").click()
            page.wait_for_function(
                "() => (document.querySelector('#ingest-status textarea')?.value || '')"
                ".startsWith('新增')",
                timeout=120000,
            )
            status = page.locator("#ingest-status textarea").input_value()
            assert "broken.pdf" in status and "qinghe.pdf" not in status, status
            _ask(page, "青禾区春季植树行动全面启动的活动由谁主持？")
            _wait_answer(page, 1)
            card = page.locator("#sources details.source").first
            card.locator("summary").first.click()
            assert "qinghe.pdf 第 1 版" in card.inner_text()
            assert card.locator("img.page-crop-img").count() == 1
            browser.close()
    finally:
        demo.close()
