"""Chat handlers without a browser: escaping, friendly errors, limits, examples, login throttle."""

from __future__ import annotations

import asyncio

import pytest

from qa.errors import InputError, QAError
from qa.settings import Settings
from ui.archive import about_text, example_questions
from ui.auth import ThrottledAuth
from ui.handlers import SessionGate, chat_text, check_chars, prepare_question, respond

ROWS = [
    {
        "id": "lib-1",
        "title": "图书馆新馆开馆",
        "date": "2024-04-09",
        "text": "本报讯 4月9日，图书馆新馆正式开馆。馆长王晓雯介绍了新馆。",
    },
    {
        "id": "rain-2",
        "title": "区里召开防汛工作会议",
        "date": "2024-03-04",
        "text": "本报讯 3月4日，区长李明远主持召开防汛工作会议并讲话。",
    },
]


@pytest.fixture(scope="module")
def hash_index(hash_index_of) -> str:
    """Two small articles indexed with the hash encoder (plumbing, no model)."""
    return hash_index_of(ROWS)


def test_chat_text_is_escaped_and_keeps_markers():
    s = chat_text('李明远<img src="http://h/p.gif">[1]')
    assert "<img" not in s and "&lt;img src=&quot;http://h/p.gif&quot;&gt;[1]" in s


def test_bad_characters_are_named():
    assert check_chars("谁？") == "谁？"
    with pytest.raises(InputError, match="U\\+D800 at character 2"):
        check_chars("谁\ud800")
    with pytest.raises(InputError, match="0xff"):
        check_chars("谁\udcff")


def test_long_question_is_cut_and_said():
    q, cut = prepare_question("问" * 500, Settings(max_encoded_question_chars=300))
    assert cut and len(q) == 300
    assert prepare_question(" 谁？ ") == ("谁？", False)


def test_errors_are_one_friendly_escaped_line(tmp_path):
    question = "<b>谁</b>主持了会议？"
    _, history, sources, answers, _ = respond(str(tmp_path / "none"), question, [], [], "", "en")
    user, bot = history
    assert user["content"] == chat_text(question)
    assert bot["content"].startswith("Error: ") and "qa ingest" in bot["content"]
    assert "\n" not in bot["content"] and answers == [None] and sources == ""


def test_unexpected_errors_do_not_leak(tmp_path, monkeypatch):
    import ui.handlers

    def boom(*a, **k):
        raise RuntimeError("/secret/path exploded")

    monkeypatch.setattr(ui.handlers, "ask", boom)
    _, history, *_ = respond(str(tmp_path), "谁？", [], [], "", "zh")
    assert "secret" not in history[-1]["content"] and "出错" in history[-1]["content"]


def test_session_gate():
    gate = SessionGate(1)
    with gate.enter("s1"), gate.enter("s2"), pytest.raises(QAError, match="still being"):
        gate.enter("s1").__enter__()  # the second question of s1 is refused
    with gate.enter("s1"):
        pass


def test_header_and_examples_come_from_the_served_archive(hash_index, tmp_path):
    assert about_text(hash_index, "en") == (
        "This archive holds 2 articles from 1 pages, dated 2024-03-04 – 2024-04-09."
    )
    ex = example_questions(hash_index)
    assert ex == ["谁是馆长？", "图书馆新馆开馆是什么时候？"]
    assert example_questions(tmp_path / "none") == []


def test_login_is_a_coroutine_function_for_gradio():
    import inspect

    # gradio awaits auth only when inspect.iscoroutinefunction(auth) is True
    assert inspect.iscoroutinefunction(ThrottledAuth({"ann": "pw"}).login)


def test_login_is_throttled_after_failures():
    now = [0.0]
    auth = ThrottledAuth(
        {"ann": "pw"}, max_failures=3, lockout_s=10, fail_delay_s=0, clock=lambda: now[0]
    )
    assert asyncio.run(auth.login("ann", "pw"))
    for _ in range(3):
        assert not asyncio.run(auth.login("ann", "bad"))
    assert auth.locked("ann") == 10
    assert not asyncio.run(auth.login("ann", "pw"))  # locked: even the right password fails
    now[0] = 10.5
    assert not asyncio.run(auth.login("ann", "bad"))  # 4th failure: locked twice as long
    assert auth.locked("ann") == 20
    now[0] = 31
    assert asyncio.run(auth.login("ann", "pw")) and auth.locked("ann") == 0
    for _ in range(3):  # unknown names share one counter and never pass
        assert not asyncio.run(auth.login(f"eve{_}", "pw"))
    assert auth.locked("mallory") > 0 and auth.locked("ann") == 0
