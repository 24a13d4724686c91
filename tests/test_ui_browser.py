"""The real server driven by headless Debian chromium (Playwright from PyPI, no download)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian chromium is not installed (apt-get install chromium)",
    ),
]


def _ask(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    page.locator("#send").click()


def _wait_answer(page, n_bot: int, timeout: float = 60000) -> str:
    bots = page.locator("#chat .bot, #chat [data-testid='bot']")
    bots.nth(n_bot - 1).wait_for(timeout=timeout)
    page.wait_for_function(
        "n => document.querySelectorAll('#sources details.source').length > 0",
        arg=n_bot,
        timeout=timeout,
    )
    return bots.nth(n_bot - 1).inner_text()


def test_chat_in_browser_chinese_and_english(server, seed_index, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(server, wait_until="domcontentloaded")
        page.locator("#question textarea").wait_for(timeout=60000)

        _ask(page, "谁主持了二季度产业发展暨经济工作推进会？")
        reply = _wait_answer(page, 1)
        assert "樊惠林" in reply and "[1]" in reply
        mark = page.locator("#sources mark.answer-span").first
        mark.wait_for(timeout=30000)
        assert mark.inner_text() == "樊惠林"
        page.locator("#sources details.source summary").first.click()  # open the article
        page.locator("#sources details[open] .passage-hl").first.wait_for(timeout=10000)
        page.screenshot(path=str(tmp_path / "zh.png"), full_page=True)

        # 👍 on the reply appends the vote to feedback.jsonl in the index directory
        feedback = seed_index / "feedback.jsonl"
        before = feedback.read_text("utf-8").count("\n") if feedback.exists() else 0
        page.locator("#chat button[aria-label='Like']").first.click()
        for _ in range(50):
            if feedback.exists() and feedback.read_text("utf-8").count("\n") > before:
                break
            page.wait_for_timeout(100)
        last = json.loads(feedback.read_text("utf-8").splitlines()[-1])
        assert last["vote"] == "up" and "樊惠林" in last["answer"] and last["citations"]

        _ask(
            page, "Who chaired the second-quarter industrial development and economic work meeting?"
        )
        page.wait_for_function(
            "() => [...document.querySelectorAll('#chat .bot, #chat [data-testid=\"bot\"]')]"
            ".some(e => e.innerText.includes('chaired'))",
            timeout=60000,
        )
        assert page.locator("#sources mark.answer-span").first.inner_text() == "樊惠林"
        page.screenshot(path=str(tmp_path / "en.png"), full_page=True)
        assert not dialogs  # nothing from the archive ran as script
        browser.close()
    assert (tmp_path / "zh.png").stat().st_size > 10000


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _evil_index(root: Path, port: int) -> Path:
    """Two articles; the first holds markup that would fetch, link and overlay if rendered."""
    from qa.index.build import build_index
    from qa.ingest.files import corpus_article

    text = (
        f'本报讯 5月4日，区长李明远主持召开防汛工作会议<img src="http://127.0.0.1:{port}/p.gif">'
        f'并讲话<a href="http://127.0.0.1:{port}/a">链接</a>'
        f'<b style="position:fixed;top:0;left:0;width:100%;height:100%">遮罩</b>'
        f"<style>body{{background:url(http://127.0.0.1:{port}/bg.gif)}}</style>"
        "。会议要求各单位做好准备[1]。"
    )
    rows = [
        {"id": "evil-1", "title": "区里召开防汛工作会议", "text": text, "date": "2024-05-04"},
        {
            "id": "ok-2",
            "title": "图书馆新馆开馆",
            "date": "2024-04-09",
            "text": "本报讯 4月9日，图书馆新馆正式开馆。馆长王晓雯介绍了新馆。",
        },
    ]
    arts = [corpus_article(r, "evil.jsonl", i) for i, r in enumerate(rows)]
    build_index(root, arts, encoders=["hash"])
    return root


def test_markup_in_articles_and_questions_stays_text(tmp_path):
    """Replies and questions are escaped: no fetch, no link, no overlay, [n] kept."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    from ui.app import serve

    hits: list[str] = []

    class Trap(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    trap = ThreadingHTTPServer(("127.0.0.1", 0), Trap)
    threading.Thread(target=trap.serve_forever, daemon=True).start()
    tport = trap.server_address[1]
    index = _evil_index(tmp_path / "evil", tport)
    port = _free_port()
    demo = serve(str(index), port=port, block=False)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
            page.locator("#question textarea").wait_for(timeout=60000)
            _ask(page, "谁主持了防汛工作会议？")
            first = _wait_answer(page, 1)
            _ask(
                page,
                f'谁主持了<img src="http://127.0.0.1:{tport}/q.gif">'
                f'<a href="http://127.0.0.1:{tport}/qa">这个</a>防汛工作会议？[2]',
            )
            page.wait_for_function(
                "() => document.querySelectorAll('#chat .bot, #chat [data-testid=\"bot\"]')"
                ".length >= 2",
                timeout=60000,
            )
            page.wait_for_timeout(1500)  # time for any image or style fetch to start
            chat = page.locator("#chat")
            text = chat.inner_text()
            assert "李明远" in first and "[1]" in first
            assert '<img src="http://127.0.0.1' in text and "<a href=" in text  # shown as text
            assert "防汛工作会议？[2]" in text  # the question's own marker survives
            assert chat.locator("a").count() == 0
            assert chat.locator("img[src*='127.0.0.1'], [style*='fixed']").count() == 0
            assert not page.evaluate(  # no <style> from the article reached the page
                "() => [...document.querySelectorAll('style')].some("
                "s => s.textContent.includes('127.0.0.1'))"
            )
            browser.close()
    finally:
        demo.close()
        trap.shutdown()
    assert not [u for u in requests if f":{tport}/" in u]
    assert hits == []
