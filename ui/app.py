"""The Gradio chat: answers with [n] markers, sources beside them, article viewer, upload.

No ``from __future__ import annotations`` here: Gradio reads the ``gr.LikeData`` annotation of
the vote handler at run time to inject the event data.

``build_app(index)`` makes the Blocks; ``serve()`` launches it on 127.0.0.1 unless told
otherwise. The chat, the ``/ask`` API endpoint, the CLI and the evaluation share ``ask()``.
"""


import json
import logging
import os
from pathlib import Path
from typing import Any

from qa.api import ask, get_retriever, resolve_index
from qa.errors import QAError
from qa.records import Answer
from qa.text.cjk import is_chinese
from ui.i18n import t
from ui.render import CSS, sources_html
from ui.state import append_feedback, resolve_followup

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
LANGS = {"中文": "zh", "English": "en"}


def about_text(index: str, lang: str) -> str:
    """'This archive holds N articles from P pages, dated …' from the loaded index."""
    try:
        arts = get_retriever(index).data.articles
    except QAError as e:
        return str(e)
    dates = sorted(a.date_iso for a in arts if a.date_iso)
    span = f"{dates[0]} – {dates[-1]}" if dates else "—"
    return t("about", lang).format(articles=len(arts), pages=len({a.source for a in arts}),
                                   dates=span)


def example_questions(n_each: int = 3) -> list[str]:
    """Answerable example questions from seeds/questions.jsonl, Chinese and English."""
    path = ROOT / "seeds" / "questions.jsonl"
    if not path.is_file():
        return []
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = [r for r in rows if r.get("answers")]
    zh = [r["question"] for r in rows if is_chinese(r["question"])]
    en = [r["question"] for r in rows if r["question"] not in zh]
    return zh[:n_each] + en[:n_each]


def _respond(index: str, message: str, history: list, answers: list, last: str, lang: str):
    message = (message or "").strip()
    if not message:
        return "", history, sources_html(Answer("", False, "", ""), {}, lang), answers, last
    query = resolve_followup(message, last)
    try:
        ans = ask(query, index=index)
    except QAError as e:
        reply = t("error", lang) + str(e)
        history = [*history, {"role": "user", "content": message},
                   {"role": "assistant", "content": reply}]
        return "", history, "", [*answers, None], last
    arts = get_retriever(index).articles
    history = [*history, {"role": "user", "content": message},
               {"role": "assistant", "content": ans.text}]
    if ans.found and ans.qtype == "who":
        last = ans.short
    return "", history, sources_html(ans, arts, lang), [*answers, ans.to_dict()], last


def _vote(index: str, answers: list, data: Any) -> None:
    i = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    k = int(i) // 2  # user, assistant, user, assistant…
    if 0 <= k < len(answers) and answers[k]:
        a = answers[k]
        append_feedback(resolve_index(index), {
            "question": a["question"], "answer": a["text"], "citations": a["citations"],
            "vote": "up" if data.liked else "down"})


def _ingest(index: str, files: list | None, lang: str):
    """Index uploaded files; gr.Progress(track_tqdm=True) follows build_index's bars."""
    from qa.index.build import build_index
    from qa.ingest.files import ingest_paths

    paths = [getattr(f, "name", f) for f in (files or [])]
    result = ingest_paths(paths)
    lines = [f"- {p}" for p in result.problems]
    if result.articles:
        rep = build_index(resolve_index(index), result.articles, progress=True)
        lines.insert(0, t("ingest_done", lang).format(
            added=rep.added_articles, passages=rep.added_passages, skipped=rep.skipped_articles))
    else:
        lines.insert(0, t("ingest_none", lang))
    return "\n".join(lines), about_text(index, lang)


def build_app(index: str) -> Any:
    """The chat page over the index at ``index``."""
    import gradio as gr

    with gr.Blocks(title=t("title", "zh"), analytics_enabled=False) as demo:
        answers = gr.State([])
        last = gr.State("")
        lang = gr.State("zh")
        gr.Markdown(f"## {t('title', 'zh')} · {t('title', 'en')}")
        about = gr.Markdown(about_text(index, "zh"), elem_id="about")
        lang_pick = gr.Radio(list(LANGS), value="中文", label=t("lang", "zh"), elem_id="lang")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(elem_id="chat", render_markdown=False, height=460,
                                  show_label=False)
                question = gr.Textbox(placeholder=t("placeholder", "zh"), show_label=False,
                                      elem_id="question", max_lines=3)
                with gr.Row():
                    send = gr.Button(t("send", "zh"), variant="primary", elem_id="send")
                    clear = gr.Button(t("clear", "zh"), elem_id="clear")
                gr.Examples(example_questions(), inputs=question, label=t("examples", "zh"))
            with gr.Column(scale=2):
                sources = gr.HTML(elem_id="sources")
                with gr.Accordion(t("upload", "zh"), open=False) as upload_box:
                    files = gr.File(file_count="multiple", file_types=[".txt", ".jsonl"],
                                    elem_id="upload")
                    index_btn = gr.Button(t("index", "zh"), elem_id="index-btn")
                    status = gr.Markdown(elem_id="ingest-status")

        def respond(message, history, answers_, last_, lang_):
            return _respond(index, message, history, answers_, last_, lang_)

        outs = [question, chat, sources, answers, last]
        ins = [question, chat, answers, last, lang]
        send.click(respond, ins, outs, api_visibility="private")
        question.submit(respond, ins, outs, api_visibility="private")
        clear.click(lambda: ([], "", [], ""), None, [chat, sources, answers, last],
                    api_visibility="private")

        def vote(answers_, data: gr.LikeData):
            _vote(index, answers_, data)

        chat.like(vote, [answers], None, api_visibility="private")

        def ingest(files_, lang_, progress=gr.Progress(track_tqdm=True)):  # noqa: B008 - gradio idiom
            return _ingest(index, files_, lang_)

        index_btn.click(ingest, [files, lang], [status, about], api_visibility="private")

        def switch(choice):
            lg = LANGS.get(choice, "zh")
            return (lg, gr.update(placeholder=t("placeholder", lg)), gr.update(value=t("send", lg)),
                    gr.update(value=t("clear", lg)), about_text(index, lg),
                    gr.update(label=t("upload", lg)), gr.update(value=t("index", lg)))

        lang_pick.change(switch, lang_pick, [lang, question, send, clear, about, upload_box,
                                             index_btn], api_visibility="private")

        def ask_api(question: str) -> dict:
            """Answer a question; returns the Answer as a dict (same as qa ask --json)."""
            try:
                return ask(question, index=index).to_dict()
            except QAError as e:
                raise gr.Error(str(e)) from e

        gr.api(ask_api, api_name="ask")
    demo.queue(default_concurrency_limit=4)
    return demo


def serve(index: str, host: str = "127.0.0.1", port: int = 7860,
          auth: tuple[str, str] | None = None, block: bool = True) -> Any:
    """Launch the chat; binds to 127.0.0.1 unless ``host`` says otherwise."""
    import gradio as gr

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    theme = gr.themes.Default(font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
                                    "sans-serif"], font_mono=["monospace"])
    demo = build_app(index)
    demo.launch(server_name=host, server_port=port, auth=auth, prevent_thread_lock=not block,
                theme=theme, css=CSS, quiet=True, footer_links=["api"])
    return demo
