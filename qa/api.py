"""The one code path behind the CLI, the UI and the evaluation: ``ask()``.

Indexes are loaded once per process and shared read-only; a new generation written by an
ingest (CLI or UI) is picked up on the next question without a restart.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from qa.conversation import Context
from qa.errors import InputError
from qa.index.milvus_uri import is_milvus_uri
from qa.index.store import current_name, load_index
from qa.printed import as_printed, simplified_hits, simplified_view
from qa.records import Answer, Article, Hit, Passage, Query
from qa.retrieval.search import Retriever
from qa.settings import DEFAULT, Settings
from qa.text.t2s import to_simplified
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
    uri = index or os.environ.get("QA_INDEX")
    if is_milvus_uri(uri):
        from qa.retrieval.milvus_search import get_milvus_retriever

        return get_milvus_retriever(str(uri), settings)
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
        from qa.answering.archive import warm_archive  # date index, postings: archive questions

        warm_archive(simplified_view(r, r.articles), r.data.bm25, r.passages)

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
    question: str,
    *,
    index: str | os.PathLike[str] | None = None,
    k: int | None = None,
    history: Sequence[str | Answer] = (),
) -> Answer:
    """Answer ``question`` from the archive, with numbered citations.

    Args:
        question: Chinese or English question (traditional characters are read as Simplified).
        index: index directory (default: ``$QA_INDEX`` or the project's ``.qa_index``), or
            a ``milvus:`` address (``milvus:///path/index.db``, ``milvus://host:19530``).
        k: at most this many citations (default ``Settings.k``).
        history: the earlier turns of a chat, oldest first: their questions (re-asked) or
            their Answers. A follow-up (那次会议, it, 他, 还有吗) is answered from the article
            the last answer cited (see :mod:`qa.conversation`).

    Raises:
        InputError: empty or over-long question. IndexMissingError: no index yet.

    >>> ask("谁主持了二季度产业发展暨经济工作推进会？").short  # doctest: +SKIP
    '樊惠林'
    """
    from qa.conversation import context

    text = check_question(question)
    k = DEFAULT.k if k is None else k
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InputError(f"k must be a whole number of at least 1, got {k!r}")
    n = DEFAULT.max_encoded_question_chars
    cut, text = len(text) > n, text[:n]
    r = get_retriever(index)
    ctx = context(history, lambda q, h: ask(q, index=index, k=k, history=h)) if history else None
    ans = replace(_answer(to_simplified(text), r, k, ctx), question=text)
    return _note_cut(ans, n) if cut else ans


def _answer(text: str, r: Retriever, k: int, ctx: Context | None) -> Answer:
    """Follow-up, then the archive's own questions (people, dates), then extractive."""
    from qa.answering import not_a_question, not_a_question_reply
    from qa.answering.archive import archive_answer, printed_count
    from qa.conversation import answer_follow_up
    from qa.query import make_query

    query = make_query(text, r)
    view = simplified_view(r, r.articles)

    def extractive(q: Query, *, focus: Sequence[str] = (), exclude: Sequence[str] = ()) -> Answer:
        return _extractive(q, r, view, k, focus=focus, exclude=exclude)

    if ctx is not None:
        ans = answer_follow_up(query, ctx, r, view, k, extractive)
        if ans is not None:
            return as_printed(ans, r.articles)
    special = archive_answer(
        query, r.data.people, view, k=k, printed=printed_count(r.data.bm25, r.passages)
    )
    if special is not None:
        return as_printed(special, r.articles)
    if not_a_question(query):
        return not_a_question_reply(query)
    return as_printed(extractive(query), r.articles)


def _extractive(
    query: Query,
    r: Retriever,
    view: dict[str, Article],
    k: int,
    *,
    focus: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Answer:
    """The extractive answer from the hits (only of ``focus`` articles, none of ``exclude``),
    those dated in the asked range first, read in Simplified characters."""
    from qa.answering import answer
    from qa.answering.archive import prefer_dates, prefer_person

    hits = r.search(query, max(k * 4, 20))
    if focus:
        hits = focus_hits(hits, focus, r.passages)
    if exclude:
        hits = [h for h in hits if h.passage.article_id not in exclude]
    hits = prefer_person(hits, query, r.passages, view, r.data.people)
    hits = simplified_hits(prefer_dates(hits, query, view), view)
    return answer(query, hits, view, k=k)


def focus_hits(hits: Sequence[Hit], ids: Sequence[str], passages: Sequence[Passage]) -> list[Hit]:
    """The hits of articles ``ids``, then their other passages (a follow-up stays on topic)."""
    keep = [h for h in hits if h.passage.article_id in ids]
    seen = {h.passage.id for h in keep}
    rest = [Hit(p, 0.0) for p in passages if p.article_id in ids and p.id not in seen]
    return keep + rest


def _note_cut(ans: Answer, n: int) -> Answer:
    note = (
        f"(Only the first {n} characters of the question were used.) "
        if ans.lang == "en"
        else f"（问题较长，只用了前{n}个字。）"
    )
    return replace(ans, text=note + ans.text)
