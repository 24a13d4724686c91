"""Save docs/screenshot-zh.png and docs/screenshot-en.png: a conversation with sources open.

    .venv/bin/python scripts/screenshots.py [--index DIR]

Starts the chat on a free port over the index (default: the project's .qa_index) and drives
Debian's chromium with Playwright (no browser download).
"""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _shot(page, questions: list[str], out: Path) -> None:
    for i, q in enumerate(questions, 1):
        page.locator("#question textarea").fill(q)
        page.locator("#send").click()
        page.wait_for_function(
            "n => document.querySelectorAll('#chat .bot, #chat [data-testid=\"bot\"]').length >= n",
            arg=i,
            timeout=60000,
        )
        page.locator("#sources details.source").first.wait_for(timeout=30000)
    page.wait_for_timeout(500)
    page.locator("#sources details.source summary").first.click()
    page.wait_for_timeout(300)
    page.screenshot(path=str(out), full_page=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from qa.api import resolve_index
    from ui.app import serve

    ap = argparse.ArgumentParser()
    ap.add_argument("--index")
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = serve(str(resolve_index(args.index)), port=port, block=False)
    url = f"http://127.0.0.1:{port}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url, wait_until="domcontentloaded")
        page.locator("#question textarea").wait_for(timeout=60000)
        _shot(
            page,
            ["谁主持了二季度产业发展暨经济工作推进会？", "二七区与中交投资的合作规模是多少？"],
            ROOT / "docs" / "screenshot-zh.png",
        )
        page.goto(url, wait_until="domcontentloaded")
        page.locator("#lang label:has-text('English')").click()
        page.wait_for_timeout(500)
        _shot(
            page,
            [
                "Who chaired the flood meeting?",
                "Which cities did the investment promotion team visit?",
            ],
            ROOT / "docs" / "screenshot-en.png",
        )
        browser.close()
    demo.close()


if __name__ == "__main__":
    main()
