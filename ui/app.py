"""The Gradio chat: answers with [n] markers, sources beside them, article viewer, upload.

No ``from __future__ import annotations`` here: Gradio reads the ``gr.LikeData`` and
``gr.Request`` annotations of the handlers at run time to inject the event data.

``build_app(index)`` makes the Blocks; ``serve()`` launches it on 127.0.0.1 unless told
otherwise. The chat, the ``/ask`` API endpoint, the CLI and the evaluation share ``ask()``.
Questions (chat and ``/ask``) share one concurrency group of ``Settings.ui_concurrency``;
ingest has its own group of one and runs in a worker process (``ui.ingest``).
What the server exposes and its limits: docs/SECURITY.md.
"""

import logging
import os
from types import SimpleNamespace
from typing import Any

from qa.api import resolve_index
from qa.errors import QAError
from qa.ingest.files_walk import SUFFIXES
from qa.settings import DEFAULT, Settings
from ui.archive import about_text, example_questions
from ui.auth import ThrottledAuth
from ui.browse import articles_html, choices, people_html
from ui.handlers import SessionGate, add_turn, ask_dict, friendly, respond, vote
from ui.i18n import t
from ui.ingest import stream_ingest
from ui.render import CSS, esc

log = logging.getLogger(__name__)
LANGS = {"中文": "zh", "English": "en"}
ASK_GROUP, INGEST_GROUP = "ask", "ingest"
UPLOAD_TYPES = list(SUFFIXES)  # what `qa ingest` reads: .txt .jsonl .pdf and page images


def about_html(index: str, lang: str) -> str:
    """The header line about the archive, escaped (it can hold an error message)."""
    return f"<p class='about'>{esc(about_text(index, lang))}</p>"


def _chat_column(gr: Any, c: SimpleNamespace, index: str, settings: Settings) -> None:
    c.chat = gr.Chatbot(elem_id="chat", render_markdown=False, height=460, show_label=False)
    c.question = gr.Textbox(
        placeholder=t("placeholder", "zh"),
        show_label=False,
        elem_id="question",
        max_lines=3,
        max_length=settings.max_question_chars,
    )
    with gr.Row():
        c.send = gr.Button(t("send", "zh"), variant="primary", elem_id="send")
        c.clear = gr.Button(t("clear", "zh"), elem_id="clear")
    examples = example_questions(index)
    if examples:
        gr.Examples(examples, inputs=c.question, label=t("examples", "zh"))


def _side_column(gr: Any, c: SimpleNamespace) -> None:
    c.sources = gr.HTML(elem_id="sources")
    with gr.Accordion(t("upload", "zh"), open=False) as c.upload_box:
        c.files = gr.File(file_count="multiple", file_types=UPLOAD_TYPES, elem_id="upload")
        c.index_btn = gr.Button(t("index", "zh"), elem_id="index-btn")
        c.status = gr.Textbox(elem_id="ingest-status", show_label=False, interactive=False, lines=2)


def _layout(gr: Any, index: str, settings: Settings) -> SimpleNamespace:
    c = SimpleNamespace(answers=gr.State([]), last=gr.State(""), lang=gr.State("zh"))
    gr.Markdown(f"## {t('title', 'zh')} · {t('title', 'en')}")
    c.about = gr.HTML(about_html(index, "zh"), elem_id="about")
    c.lang_pick = gr.Radio(list(LANGS), value="中文", label=t("lang", "zh"), elem_id="lang")
    with gr.Tabs():
        with gr.Tab(t("tab_chat", "zh"), elem_id="tab-chat"), gr.Row():
            with gr.Column(scale=3):
                _chat_column(gr, c, index, settings)
            with gr.Column(scale=2):
                _side_column(gr, c)
        with gr.Tab(t("tab_archive", "zh"), elem_id="tab-archive"):
            _archive_tab(gr, c, index)
    return c


def _archive_tab(gr: Any, c: SimpleNamespace, index: str) -> None:
    """Articles by date, filtered by month, source and person; the people of the archive."""
    months, sources, people = choices(index)
    with gr.Row():
        c.month = gr.Dropdown(["", *months], value="", label=t("month", "zh"), elem_id="f-month")
        c.source = gr.Dropdown(["", *sources], value="", label=t("page", "zh"), elem_id="f-src")
        c.person = gr.Dropdown(["", *people], value="", label=t("person", "zh"), elem_id="f-who")
    c.archive = gr.HTML(articles_html(index), elem_id="archive")
    with gr.Accordion(t("people", "zh"), open=False):
        c.people = gr.HTML(people_html(index), elem_id="people")
    for box in (c.month, c.source, c.person):
        box.change(
            lambda m, s, p, lg: articles_html(index, m, s, p, lg),
            [c.month, c.source, c.person, c.lang],
            [c.archive],
            api_visibility="private",
        )


def _wire_chat(
    gr: Any, c: SimpleNamespace, index: str, settings: Settings, gate: SessionGate
) -> None:
    def on_message(message, history, answers, last, lang, request: gr.Request):
        try:
            with gate.enter(getattr(request, "session_hash", None) or "?"):
                return respond(index, message, history, answers, last, lang, settings)
        except QAError as e:  # busy: the refusal is the reply
            return "", add_turn(history, message, friendly(e, lang)), "", [*answers, None], last

    outs = [c.question, c.chat, c.sources, c.answers, c.last]
    ins = [c.question, c.chat, c.answers, c.last, c.lang]
    for event in (c.send.click, c.question.submit):
        event(
            on_message,
            ins,
            outs,
            api_visibility="private",
            concurrency_id=ASK_GROUP,
            concurrency_limit=settings.ui_concurrency,
        )
    c.clear.click(
        lambda: ([], "", [], ""),
        None,
        [c.chat, c.sources, c.answers, c.last],
        api_visibility="private",
    )

    def on_like(answers, data: gr.LikeData):
        try:
            vote(resolve_index(index), answers, data.index, data.liked)
        except OSError as e:
            log.warning("feedback not saved: %s", e)

    c.chat.like(on_like, [c.answers], None, api_visibility="private")


def _wire_ingest(gr: Any, c: SimpleNamespace, index: str, settings: Settings) -> None:
    def on_ingest(files, lang):
        # a generator: the status box shows pages done, pages/min and ETA while PDFs are read
        status = ""
        try:
            for status in stream_ingest(index, files, lang, settings):
                yield status, gr.update()
        except Exception as e:  # one line in the status box, never a blank "Error"
            status = friendly(e, lang)
        yield status, about_html(index, lang)

    c.index_btn.click(
        on_ingest,
        [c.files, c.lang],
        [c.status, c.about],
        api_visibility="private",
        concurrency_id=INGEST_GROUP,
        concurrency_limit=1,
    )


def _wire_lang(gr: Any, c: SimpleNamespace, index: str) -> None:
    def switch(choice):
        lg = LANGS.get(choice, "zh")
        return (
            lg,
            gr.update(placeholder=t("placeholder", lg)),
            gr.update(value=t("send", lg)),
            gr.update(value=t("clear", lg)),
            about_html(index, lg),
            gr.update(label=t("upload", lg)),
            gr.update(value=t("index", lg)),
        )

    c.lang_pick.change(
        switch,
        c.lang_pick,
        [c.lang, c.question, c.send, c.clear, c.about, c.upload_box, c.index_btn],
        api_visibility="private",
    )


def _wire_api(gr: Any, index: str, settings: Settings, gate: SessionGate) -> None:
    def ask_api(question: str, request: gr.Request) -> dict:
        """Answer a question; returns the Answer as a dict (same as qa ask --json)."""
        try:
            with gate.enter(getattr(request, "session_hash", None) or "?"):
                return ask_dict(index, question, settings)
        except QAError as e:
            raise gr.Error(str(e)) from e
        except Exception as e:
            raise gr.Error(friendly(e, "en")) from e

    gr.api(
        ask_api, api_name="ask", concurrency_id=ASK_GROUP, concurrency_limit=settings.ui_concurrency
    )


def build_app(index: str, settings: Settings = DEFAULT) -> Any:
    """The chat page over the index at ``index``, with the limits of ``settings``."""
    import gradio as gr

    gate = SessionGate(settings.max_inflight_per_session)
    with gr.Blocks(title=t("title", "zh"), analytics_enabled=False) as demo:
        c = _layout(gr, index, settings)
        _wire_chat(gr, c, index, settings, gate)
        _wire_ingest(gr, c, index, settings)
        _wire_lang(gr, c, index)
        _wire_api(gr, index, settings, gate)
        # the header follows ingests made elsewhere (CLI, another tab): refresh per page load
        demo.load(lambda lg: about_html(index, lg), [c.lang], [c.about], api_visibility="private")
    demo.queue(max_size=settings.ui_queue_size, default_concurrency_limit=settings.ui_concurrency)
    return demo


def serve(
    index: str,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: tuple[str, str] | None = None,
    block: bool = True,
    settings: Settings = DEFAULT,
) -> Any:
    """Launch the chat; binds to 127.0.0.1 unless ``host`` says otherwise.

    ``auth`` (user, password) protects the page; failed logins are throttled (``ui.auth``).
    """
    import gradio as gr

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    theme = gr.themes.Default(
        font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
        font_mono=["monospace"],
    )
    check = None
    if auth:
        check = ThrottledAuth(
            {auth[0]: auth[1]},
            max_failures=settings.login_max_failures,
            lockout_s=settings.login_lockout_s,
        )
    demo = build_app(index, settings)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=check.login if check else None,
        prevent_thread_lock=not block,
        theme=theme,
        css=CSS,
        quiet=True,
        footer_links=["api"],
        max_file_size=settings.max_upload_bytes,
    )
    return demo
