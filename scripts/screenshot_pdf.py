"""Save docs/screenshot-pdf-crop.png: an answer from a newspaper PDF, its source opened on
"page 1 of qinghe.pdf" with the page crop the passage came from.

    .venv/bin/python scripts/screenshot_pdf.py

Renders the invented three-page test newspaper (tests/pdfgen.py, needs fonts-noto-cjk),
ingests it into a temporary index like ``qa ingest folder/``, starts the chat on a free port
and drives Debian's chromium with Playwright (no browser download).
"""

from __future__ import annotations

import socket
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
QUESTION = "青禾区春季植树行动由谁主持？"
OUT = ROOT / "docs" / "screenshot-pdf-crop.png"


def _index(folder: Path, index: Path) -> None:
    from pdfgen import find_cjk_font, render

    from qa.index.build import build_index
    from qa.ingest.crop import record_roots
    from qa.ingest.files import ingest_paths

    font = find_cjk_font()
    if font is None:
        raise SystemExit("no CJK font: apt-get install fonts-noto-cjk")
    folder.mkdir()
    render(folder / "qinghe.pdf", font)
    result = ingest_paths([folder])
    build_index(index, result.articles)
    record_roots(index, result.roots)  # as `qa ingest` does: where the crops find the PDF


def _shot(url: str) -> None:
    from playwright.sync_api import sync_playwright

    from scripts.screenshots import ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url, wait_until="domcontentloaded")
        page.locator("#question textarea").wait_for(timeout=60000)
        page.locator("#question textarea").fill(QUESTION)
        page.locator("#send").click()
        card = page.locator("#sources details.source").first
        card.wait_for(timeout=60000)
        card.locator("summary").first.click()
        crop = card.locator("details.page-crop").first
        crop.locator("summary").click()
        crop.locator("img.page-crop-img").wait_for(timeout=10000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(OUT), full_page=True)
        browser.close()


def main() -> None:
    from ui.app import serve

    with tempfile.TemporaryDirectory() as d:
        _index(Path(d) / "papers", Path(d) / "index")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        demo = serve(str(Path(d) / "index"), port=port, block=False)
        try:
            _shot(f"http://127.0.0.1:{port}/")
        finally:
            demo.close()
    print(OUT)


if __name__ == "__main__":
    main()
