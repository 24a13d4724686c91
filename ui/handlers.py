"""Chat, vote and API handlers of the page, without Gradio: plain functions the app wires up.

Every message put into the chat is HTML-escaped here: Gradio renders HTML in chat messages
(it only strips scripts), so an article or question holding ``<img src=…>`` would otherwise make
each reader's browser fetch it. Every failure becomes one friendly line, never a blank "Error".
"""

from __future__ import annotations

import html
import logging
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qa.api import ask, get_retriever
from qa.errors import InputError, QAError
from qa.records import Answer
from qa.settings import DEFAULT, Settings
from qa.validate import check_text
from ui.i18n import t
from ui.render import sources_html
from ui.state import append_feedback, index_roots

log = logging.getLogger(__name__)
HISTORY_TURNS = 3  # earlier questions a follow-up may lean on


def chat_text(text: str) -> str:
    """Text as it goes into a chat message: escaped, so it shows as typed (``[n]`` kept)."""
    return html.escape(text, quote=True)


check_chars = check_text  # the same check as the API and the CLI


def prepare_question(message: str, settings: Settings = DEFAULT) -> tuple[str, bool]:
    """(question to ask, whether it was cut to ``max_encoded_question_chars``)."""
    q = check_chars((message or "").strip())
    n = settings.max_encoded_question_chars
    return (q[:n], True) if len(q) > n else (q, False)


class SessionGate:
    """At most ``limit`` questions in flight per session; more are refused with one line."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._busy: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def enter(self, key: str) -> Iterator[None]:
        with self._lock:
            if self._busy[key] >= self.limit:
                raise QAError(
                    f"{self.limit} questions from this session are still being "
                    "answered; wait for them before asking more"
                )
            self._busy[key] += 1
        try:
            yield
        finally:
            with self._lock:
                self._busy[key] -= 1
                if self._busy[key] <= 0:
                    del self._busy[key]


def friendly(e: Exception, lang: str) -> str:
    """One line for the user: the project error's own message, else a generic line (logged)."""
    if isinstance(e, QAError):
        return t("error", lang) + str(e)
    log.exception("unexpected error in the chat")
    return t("error", lang) + t("internal_error", lang)


def add_turn(history: list, message: str, reply: str) -> list:
    """``history`` with the question and the reply appended, both escaped."""
    return [
        *history,
        {"role": "user", "content": chat_text(message)},
        {"role": "assistant", "content": chat_text(reply)},
    ]


def respond(
    index: str,
    message: str,
    history: list,
    answers: list,
    last: str,
    lang: str,
    settings: Settings = DEFAULT,
) -> tuple[str, list, str, list, str]:
    """One chat turn → (question box, history, sources HTML, answers, last person)."""
    message = (message or "").strip()
    if not message:
        return "", history, sources_html(Answer("", False, "", ""), {}, lang), answers, last
    try:
        question, cut = prepare_question(message, settings)
        # the earlier questions of this chat: ask() resolves 那次会议 / 他 / 还有吗 against them
        earlier = [a["question"] for a in answers if a][-HISTORY_TURNS:]
        ans = ask(question, index=index, history=earlier)
        arts = get_retriever(index).articles
    except Exception as e:  # one friendly line in the chat, whatever went wrong
        return "", add_turn(history, message, friendly(e, lang)), "", [*answers, None], last
    reply = ans.text
    if cut:
        reply = t("question_cut", lang).format(n=settings.max_encoded_question_chars) + reply
    if ans.found and ans.qtype == "who":
        last = ans.short
    return (
        "",
        add_turn(history, message, reply),
        sources_html(ans, arts, lang, index_roots(index)),
        [*answers, ans.to_dict()],
        last,
    )


def vote(index_dir: Path, answers: list, index: Any, liked: bool) -> None:
    """Append a 👍/👎 on chat message ``index`` (user, bot, user, bot…) to feedback.jsonl."""
    i = index[0] if isinstance(index, (list, tuple)) else index
    k = int(i) // 2
    if 0 <= k < len(answers) and answers[k]:
        a = answers[k]
        append_feedback(
            index_dir,
            {
                "question": a["question"],
                "answer": a["text"],
                "citations": a["citations"],
                "vote": "up" if liked else "down",
            },
        )


def ask_dict(index: str, question: object, settings: Settings = DEFAULT) -> dict:
    """The ``/ask`` endpoint: ask()'s Answer as a dict; QAError with one line on bad input.

    The question is cut to ``max_encoded_question_chars`` like in the chat.
    """
    if not isinstance(question, str):
        raise InputError(f"question must be a string, got {type(question).__name__}")
    q, _ = prepare_question(question, settings)
    return ask(q, index=index).to_dict()
