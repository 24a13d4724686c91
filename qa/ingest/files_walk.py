"""Which files an ingest reads: folders walked (symlinks followed once), questions files
skipped, each file with the folder it was named by (its ``root``: articles record their
``file`` relative to it)."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from qa.ingest.results import IngestProblem

log = logging.getLogger(__name__)
SUFFIXES = (".txt", ".jsonl")
# ---- PDFs and page scans (qa.ingest.pdf, the `pdf` extra) ----
SCAN_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUFFIXES += SCAN_SUFFIXES


def is_questions_file(path: Path) -> bool:
    """A JSONL of evaluation questions ({"question", "answers"}, no "text"), not a corpus."""
    if path.suffix.lower() != ".jsonl":
        return False
    try:
        with open(path, encoding="utf-8-sig") as f:
            first = next((line for line in f if line.strip()), "")
        row = json.loads(first)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(row, dict) and "question" in row and "text" not in row


def _dir_files(root: Path) -> list[Path]:
    """Files under ``root`` with a known suffix (any case), sorted; symlinked folders are
    followed, each real folder walked once (a link back up the tree is not a loop)."""
    found: list[Path] = []
    seen: set[str] = set()
    for here, dirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:
            log.info("skipping %s: the folder %s is already read", here, real)
            dirs.clear()
            continue
        seen.add(real)
        found += [Path(here, f) for f in files if Path(f).suffix.lower() in SUFFIXES]
    return sorted(f for f in found if f.is_file())


def _walk_rooted(paths: Sequence[str | Path]) -> Iterator[tuple[Path, Path] | IngestProblem]:
    """(file, root) to read, in order — ``root`` is the folder named (or the folder of a file
    named): articles record their file relative to it; problems for what was named
    explicitly but cannot be read."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in _dir_files(p):
                if is_questions_file(f):
                    log.info("skipping %s: a questions file, not a corpus", f)
                else:
                    yield f, p
        elif not p.exists():
            yield IngestProblem(str(p), None, "no such file or directory")
        elif is_questions_file(p):
            yield IngestProblem(
                str(p), None, "a questions file (question/answers rows), not a corpus: "
                "use `qa eval` for it",
            )  # fmt: skip
        elif p.suffix.lower() in SUFFIXES:
            yield p, p.parent
        else:
            yield IngestProblem(
                str(p), None, f"unsupported file type {p.suffix or '(none)'!r}; use .txt, "
                ".jsonl, .pdf or a page image (.png, .jpg, .jpeg, .tif, .tiff)",
            )  # fmt: skip


def _walk(paths: Sequence[str | Path]) -> Iterator[Path | IngestProblem]:
    """Files to read, in order; problems for what was named explicitly but cannot be read."""
    for item in _walk_rooted(paths):
        yield item if isinstance(item, IngestProblem) else item[0]


def scan_folders(paths: Sequence[str | Path]) -> tuple[str, ...]:
    """The folders holding the PDFs and images under ``paths`` (absolute): the source roots
    of articles read one file at a time (``qa ingest --ray``), whose ``file`` is a name."""
    return tuple(dict.fromkeys(
        str(f.parent.absolute()) for f in _walk(paths)
        if isinstance(f, Path) and f.suffix.lower() in SCAN_SUFFIXES
    ))  # fmt: skip


def relative_file(f: Path, root: Path) -> str:
    """``f`` relative to ``root`` with ``/`` separators (the ``file`` an article records)."""
    return Path(os.path.relpath(f.absolute(), root.absolute())).as_posix()
