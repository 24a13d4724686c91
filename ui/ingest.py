"""The upload box: size limits, then ingest + index build in a worker process with a timeout.

The parent only checks file sizes; parsing and encoding run in :func:`ui.worker.run_in_worker`,
so a page that hangs the parser or eats memory costs a process, not the server. The server's
retriever picks up the new index generation on the next question.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from qa.errors import QAError
from qa.settings import DEFAULT, Settings
from ui.i18n import t
from ui.worker import WorkerTimeout, run_in_worker

log = logging.getLogger(__name__)


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


def ingest_job(index: str, paths: list[str]) -> dict[str, Any]:
    """Run in the worker: ingest ``paths`` into ``index``; counts and problem lines."""
    from qa.index.build import build_index
    from qa.ingest.files import ingest_paths

    result = ingest_paths(paths)
    out: dict[str, Any] = {"problems": [str(p) for p in result.problems], "added": None}
    if result.articles:
        rep = build_index(Path(index), result.articles)
        out.update(
            added=rep.added_articles, passages=rep.added_passages, skipped=rep.skipped_articles
        )
    return out


def run_ingest(index: str, files: list[Any] | None, lang: str, settings: Settings = DEFAULT) -> str:
    """The status text of one upload: refusals, or what was added and each problem."""
    paths = upload_paths(files)
    if not paths:
        return t("no_files", lang)
    refused = check_sizes(paths, lang, settings)
    if refused:
        return "\n".join(refused)
    try:
        out = run_in_worker(ingest_job, (index, paths), settings.ingest_timeout_s)
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
