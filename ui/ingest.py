"""The upload box: size limits, then ingest + index build in a worker process with a timeout.

Page text (.txt), corpora (.jsonl), newspaper PDFs and page scans (.png, .jpg, .jpeg, .tif,
.tiff) go through the same :func:`qa.ingest.files.ingest_paths` as ``qa ingest``; the box
shows the pages done, pages per minute and the time left while they are read, then one line
per problem naming the file (and page).

The parent only checks file sizes; parsing and encoding run in :func:`ui.worker.run_in_worker`,
so a page that hangs the parser or eats memory costs a process, not the server. The server's
retriever picks up the new index generation on the next question.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from qa.errors import QAError
from qa.ingest.pdf_progress import Progress
from qa.ingest.pdf_progress import duration as english_duration
from qa.settings import DEFAULT, Settings
from ui.i18n import t
from ui.worker import WorkerTimeout, run_in_worker

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.5  # the upload box is updated at most this often


def human(n: int) -> str:
    """Bytes as ``1.5 MB`` / ``900 KB`` / ``12 B``."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.0f} KB" if n >= 1000 else f"{n} B"


def upload_paths(files: list[Any] | None) -> list[str]:
    """Paths of Gradio's uploaded files (str paths or objects with ``.name``)."""
    return [str(getattr(f, "name", f)) for f in (files or [])]


def check_sizes(paths: list[str], lang: str, settings: Settings = DEFAULT) -> list[str]:
    """One line per refusal: a file over ``max_upload_bytes`` (named), or the whole batch."""
    sizes = {p: os.path.getsize(p) for p in paths if os.path.isfile(p)}
    lines = [
        t("file_too_big", lang).format(
            name=Path(p).name, size=human(n), limit=human(settings.max_upload_bytes)
        )
        for p, n in sizes.items()
        if n > settings.max_upload_bytes
    ]
    total = sum(sizes.values())
    if not lines and total > settings.max_upload_batch_bytes:
        lines.append(
            t("batch_too_big", lang).format(
                size=human(total), limit=human(settings.max_upload_batch_bytes)
            )
        )
    return lines


def _short(problem: str, paths: list[str]) -> str:
    """A problem line without the server's upload directory in front of the file name."""
    for p in paths:
        problem = problem.replace(str(Path(p).parent) + os.sep, "")
    return problem


def ingest_job(
    index: str, paths: list[str], report: Callable[[Progress], None] | None = None
) -> dict[str, Any]:
    """Run in the worker: ingest ``paths`` into ``index`` (PDFs and scans kept in the index
    directory, see :mod:`ui.uploads`); counts and problem lines; ``report`` gets a
    :class:`~qa.ingest.pdf_progress.Progress` after every page."""
    from qa.index.build import build_index
    from qa.ingest.crop import record_roots
    from qa.ingest.files import ingest_paths
    from ui.uploads import drop_unused, stage

    staged, made = stage(index, paths)
    used: set[str] = set()
    try:
        result = ingest_paths(staged, progress=report)
        used = {a.file for a in result.articles}
    finally:  # a copy is kept only for a file that gave articles
        drop_unused(made, used)
    problems = [_short(str(p), staged) for p in result.problems]
    out: dict[str, Any] = {"problems": problems, "added": None}
    if result.articles and index.startswith("milvus:"):  # qa serve --index milvus:…
        from qa.index.milvus_build import build_milvus

        rep = build_milvus(index, result.articles)
        out.update(added=rep.added_articles, passages=rep.added_passages,
                   skipped=rep.skipped_articles)  # fmt: skip
    elif result.articles:
        rep = build_index(Path(index), result.articles)
        record_roots(index, result.roots)
        out.update(
            added=rep.added_articles, passages=rep.added_passages, skipped=rep.skipped_articles
        )
    return out


def progress_line(p: Progress, lang: str) -> str:
    """A progress report for the upload box: pages done, pages per minute, time left."""
    eta = p.eta_seconds
    left = duration(eta, lang) if eta is not None else "…"
    return t("ingest_progress", lang).format(
        done=p.done, total=p.total, rate=f"{p.per_minute:.1f}", eta=left, file=p.file
    )


def duration(seconds: float, lang: str) -> str:
    """``9 min 20 s`` / ``9 分 20 秒``."""
    text = english_duration(seconds)
    if lang == "en":
        return text
    return text.replace(" min", " 分").replace(" s", " 秒").replace(" h", " 小时")


def run_ingest(
    index: str,
    files: list[Any] | None,
    lang: str,
    settings: Settings = DEFAULT,
    on_progress: Callable[[str], None] | None = None,
) -> str:
    """The status text of one upload: refusals, or what was added and each problem (one
    line each, naming the file and page); ``on_progress`` gets a line after every page."""
    paths = upload_paths(files)
    if not paths:
        return t("no_files", lang)
    refused = check_sizes(paths, lang, settings)
    if refused:
        return "\n".join(refused)
    report = (lambda p: on_progress(progress_line(p, lang))) if on_progress else None
    try:
        out = run_in_worker(ingest_job, (index, paths), settings.ingest_timeout_s, report)
    except WorkerTimeout:
        log.warning("ingest of %s timed out after %s s", paths, settings.ingest_timeout_s)
        return t("ingest_timeout", lang).format(s=f"{settings.ingest_timeout_s:g}")
    except QAError as e:
        return t("error", lang) + str(e)
    lines = [f"- {_short(p, paths)}" for p in out["problems"]]
    if out["added"] is None:
        lines.insert(0, t("ingest_none", lang))
    else:
        lines.insert(
            0,
            t("ingest_done", lang).format(
                added=out["added"], passages=out["passages"], skipped=out["skipped"]
            ),
        )
    return "\n".join(lines)


def stream_ingest(
    index: str, files: list[Any] | None, lang: str, settings: Settings = DEFAULT
) -> Iterator[str]:
    """:func:`run_ingest` as the upload box sees it: a progress line after every page (at
    most a few a second), then the final status."""
    lines: queue.Queue[tuple[bool, str]] = queue.Queue()

    def work() -> None:
        try:
            status = run_ingest(index, files, lang, settings, lambda s: lines.put((False, s)))
        except Exception as e:  # one line in the status box, never a blank "Error"
            log.exception("upload failed")
            status = t("error", lang) + f"{type(e).__name__}: {e}"
        lines.put((True, status))

    threading.Thread(target=work, name="qa-ingest", daemon=True).start()
    shown = 0.0
    while True:
        done, text = lines.get()
        if done:
            yield text
            return
        if time.monotonic() - shown >= PROGRESS_EVERY_S:
            shown = time.monotonic()
            yield text
