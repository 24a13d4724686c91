"""The real server driven by headless Debian chromium (Playwright from PyPI, no download)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (apt-get install chromium)")]


def _ask(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    page.locator("#send").click()


def _wait_answer(page, n_bot: int, timeout: float = 60000) -> str:
    bots = page.locator("#chat .bot, #chat [data-testid='bot']")
    bots.nth(n_bot - 1).wait_for(timeout=timeout)
    page.wait_for_function(
        "n => document.querySelectorAll('#sources details.source').length > 0", arg=n_bot,
        timeout=timeout)
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

        _ask(page, "Who chaired the second-quarter industrial development and economic work meeting?")
        page.wait_for_function(
            "() => [...document.querySelectorAll('#chat .bot, #chat [data-testid=\"bot\"]')]"
            ".some(e => e.innerText.includes('chaired'))", timeout=60000)
        assert page.locator("#sources mark.answer-span").first.inner_text() == "樊惠林"
        page.screenshot(path=str(tmp_path / "en.png"), full_page=True)
        assert not dialogs  # nothing from the archive ran as script
        browser.close()
    assert (tmp_path / "zh.png").stat().st_size > 10000
