"""Uploaded PDFs and page scans are kept in the index directory (``uploads/``), so the page
crops of their articles still render after the server's upload cache is cleared; that folder
is recorded as the articles' source root like a folder given to ``qa ingest``.

A file with the name of a different file already kept is stored as ``name-<hash>.pdf``; the
same file uploaded again is not copied twice. Copies whose file gave no article are removed.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from qa.index.manifest import sha256
from qa.ingest.files_walk import SCAN_SUFFIXES

log = logging.getLogger(__name__)
UPLOADS = "uploads"


def keep(index_dir: Path, path: Path) -> tuple[Path, bool]:
    """(where the upload is kept under ``index_dir/uploads``, whether it was copied now)."""
    folder = index_dir / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if target.exists():
        digest = sha256(path)
        if sha256(target) == digest:
            return target, False
        target = folder / f"{path.stem}-{digest[:8]}{path.suffix}"
        if target.exists():
            return target, False
    shutil.copyfile(path, target)
    return target, True


def stage(index: str, paths: Sequence[str]) -> tuple[list[str], list[Path]]:
    """(paths to ingest, copies made now): PDFs and scans kept under a directory index;
    other files, and every file for a Milvus index, read where they are."""
    if index.startswith("milvus:"):
        return list(paths), []
    out, made = [], []
    for p in map(Path, paths):
        if p.suffix.lower() in SCAN_SUFFIXES and p.is_file():
            target, copied = keep(Path(index), p)
            out.append(str(target))
            if copied:
                made.append(target)
        else:
            out.append(str(p))
    return out, made


def drop_unused(made: Iterable[Path], used_files: set[str]) -> None:
    """Remove the copies made now whose file gave no article (a bad upload is not kept)."""
    for p in made:
        if p.name not in used_files:
            log.info("removing %s: no article was read from it", p)
            p.unlink(missing_ok=True)
