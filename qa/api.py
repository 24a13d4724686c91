"""The one code path behind the CLI, the UI and the evaluation: ``ask()``.

Indexes are loaded once per process and shared read-only; a new generation written by an
ingest (CLI or UI) is picked up on the next question without a restart.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import replace
from pathlib import Path

from qa.errors import InputError
from qa.index.store import current_name, load_index
from qa.records import Answer
from qa.retrieval.search import Retriever
from qa.settings import DEFAULT, Settings
from qa.validate import check_text

log = logging.getLogger(__name__)

_CACHE: dict[Path, tuple[str | None, Retriever]] = {}
_LOCK = threading.Lock()


def default_index() -> Path:
    """``$QA_INDEX``, else ``.qa_index`` in the project checkout, else a per-user directory."""
    env = os.environ.get("QA_INDEX")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").is_file():
        return root / ".qa_index"
    return Path.home() / ".local" / "share" / "newsqa" / "index"


def resolve_index(index: str | os.PathLike[str] | None) -> Path:
    return Path(index) if index else default_index()


def get_retriever(
    index: str | os.PathLike[str] | None = None, settings: Settings = DEFAULT
) -> Retriever:
    """The cached retriever of ``index``, reloaded when CURRENT names another generation.

    CURRENT is read once per question; a damaged live generation is served from the previous
    one (see :func:`qa.index.store.load_index`) and not reloaded until CURRENT changes.
    """
    root = resolve_index(index).resolve()
    name = current_name(root)
    with _LOCK:
        cached = _CACHE.get(root)
        if cached is None or name is None or cached[0] != name:
            log.info("loading index %s (%s)", root, name or "?")
            cached = (name, Retriever(load_index(root, name=name), settings))
            _CACHE[root] = cached
        return cached[1]


def warm(index: str | os.PathLike[str] | None = None, *, background: bool = False) -> None:
    """Load the index and every model a first question would wait for (server start).

    With ``background=True`` only the index is loaded now; the encoders, the English
    dictionary and the pinyin map of the vocabulary (seconds on a large archive) load in a
    thread, so the server is up sooner; a question that comes first waits for what it needs.
    """
    r = get_retriever(index)

    def models() -> None:
        ask("谁主持了会议？", index=index)
        r.warm()
        ask("Who chaired the meeting?", index=index)

    if background:
        threading.Thread(target=models, name="warm-models", daemon=True).start()
    else:
        models()


def check_question(question: object, settings: Settings = DEFAULT) -> str:
    """The stripped question; InputError when empty, not a string or too long."""
    if not isinstance(question, str):
        raise InputError(f"question must be a string, got {type(question).__name__}")
    q = check_text(question.strip())
    if not q:
        raise InputError("question is empty: ask something, e.g. 谁主持了会议？")
    if len(q) > settings.max_question_chars:
        raise InputError(
            f"question has {len(q)} characters; at most {settings.max_question_chars} are allowed"
        )
    return q


def ask(
    question: str, *, index: str | os.PathLike[str] | None = None, k: int | None = None
) -> Answer:
    """Answer ``question`` from the archive, with numbered citations.

    Args:
        question: Chinese or English question.
        index: index directory (default: ``$QA_INDEX`` or the project's ``.qa_index``).
        k: at most this many citations (default ``Settings.k``).

    Raises:
        InputError: empty or over-long question. IndexMissingError: no index yet.

    >>> ask("谁主持了二季度产业发展暨经济工作推进会？").short  # doctest: +SKIP
    '樊惠林'
    """
    from qa.answering import answer, not_a_question, not_a_question_reply
    from qa.query import make_query

    text = check_question(question)
    k = DEFAULT.k if k is None else k
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InputError(f"k must be a whole number of at least 1, got {k!r}")
    n = DEFAULT.max_encoded_question_chars
    cut, text = len(text) > n, text[:n]
    r = get_retriever(index)
    query = make_query(text, r)
    if not_a_question(query):
        return not_a_question_reply(query)
    ans = answer(query, r.search(query, max(k * 4, 20)), r.articles, k=k)
    return _note_cut(ans, n) if cut else ans


def _note_cut(ans: Answer, n: int) -> Answer:
    note = (
        f"(Only the first {n} characters of the question were used.) "
        if ans.lang == "en"
        else f"（问题较长，只用了前{n}个字。）"
    )
    return replace(ans, text=note + ans.text)
