"""The index on disk: a directory of generations, switched atomically.

Layout::

    INDEX/CURRENT                 name of the live generation (replaced with os.replace)
    INDEX/gen-…/manifest.json     versions, encoders, tokenizer, chunking, counts, file digests
    INDEX/gen-…/articles.jsonl    one Article a line
    INDEX/gen-…/passages.jsonl    one Passage a line
    INDEX/gen-…/bm25/             token ids (.npy), vocabulary and parameters (.json)
    INDEX/gen-…/dense/<enc>.faiss one FAISS index per encoder
    INDEX/cache/<enc>/            resumable encoding shards of an unfinished ingest

A build writes and fsyncs a whole new generation and only then points CURRENT at it, so a
crash leaves the previous index usable. The previous generation is kept until the next build,
so a reader that started loading it finishes. Loading checks every file against the manifest
(size and SHA-256) and the records against each other; a damaged live generation falls back
to the previous one with a warning. No pickle anywhere.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from qa.errors import IndexCorruptError, IndexFormatError, IndexMissingError
from qa.index.data import IndexData
from qa.index.manifest import check_records, file_digests, verify_files
from qa.index.people import load_people, write_people
from qa.records import Article, Passage
from qa.settings import FORMAT_VERSION

log = logging.getLogger(__name__)
T = TypeVar("T")
_RETRIES = 3  # a reader whose generation vanished under it (two builds meanwhile) tries again

__all__ = ["IndexData", "current_generation", "load_index", "read_manifest", "write_generation"]


def encoder_slug(name: str) -> str:
    """File-name-safe form of an encoder name (``st:/x/y`` → ``st_x_y``)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "encoder"


def current_name(root: Path) -> str | None:
    """The name written in ``CURRENT`` (one small read), or None."""
    try:
        return (root / "CURRENT").read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def current_generation(root: Path) -> Path | None:
    """The live generation directory, or None when ``root`` holds no index."""
    name = current_name(root)
    gen = root / name if name else None
    return gen if gen is not None and (gen / "manifest.json").is_file() else None


def generations(root: Path) -> list[Path]:
    """Complete generation directories, newest first (names start with their build time)."""
    if not root.is_dir():
        return []
    gens = [p for p in root.iterdir() if p.name.startswith("gen-") and p.is_dir()]
    return sorted(gens, key=lambda p: p.name, reverse=True)


def _missing(root: Path) -> IndexMissingError:
    return IndexMissingError(f"no index at {root}: run `qa ingest PATH --index {root}` first")


def _manifest_of(gen: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as e:
        raise IndexCorruptError(f"{gen.name}/manifest.json cannot be read ({e})") from e
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        got = manifest.get("format_version") if isinstance(manifest, dict) else None
        raise IndexFormatError(
            f"index at {gen.parent} has format {got!r}; this version reads format "
            f"{FORMAT_VERSION}: re-ingest into a new --index directory, or run "
            f"`qa ingest --rebuild --index {gen.parent}`"
        )
    return manifest


def read_manifest(root: Path) -> dict[str, Any]:
    """Manifest of the live generation; raises IndexMissingError / IndexFormatError."""
    gen = current_generation(root)
    if gen is None:
        raise _missing(root)
    return _manifest_of(gen)


def _parse(gen: Path, what: str, fn: Callable[[], T]) -> T:
    """Run a reader; any failure but a vanished file becomes IndexCorruptError naming ``what``."""
    try:
        return fn()
    except FileNotFoundError:
        raise
    except Exception as e:  # noqa: BLE001 - json, numpy, faiss and records all fail differently
        raise IndexCorruptError(
            f"{gen.name}/{what} cannot be read ({type(e).__name__}: {e})"
        ) from e


def _read_jsonl(path: Path, cls: Any) -> list[Any]:  # one record per line
    with open(path, encoding="utf-8") as f:
        return [cls.from_dict(json.loads(line)) for line in f if line.strip()]


def load_generation(gen: Path, *, with_dense: bool = True, checksums: bool = True) -> IndexData:
    """Load and check one generation directory (IndexCorruptError when damaged)."""
    from embeddings import faiss_index
    from qa.index.bm25 import BM25

    manifest = _manifest_of(gen)
    problems = verify_files(gen, manifest, checksums=checksums)
    if problems:
        raise IndexCorruptError(f"{gen.name}: " + "; ".join(problems[:3]))
    articles = _parse(gen, "articles.jsonl", lambda: _read_jsonl(gen / "articles.jsonl", Article))
    passages = _parse(gen, "passages.jsonl", lambda: _read_jsonl(gen / "passages.jsonl", Passage))
    check_records(gen, articles, passages, manifest)
    bm25 = _parse(gen, "bm25/", lambda: BM25.load(gen / "bm25"))
    if bm25.n_docs != len(passages):
        raise IndexCorruptError(f"{gen.name}/bm25 has {bm25.n_docs} documents, not {len(passages)}")
    dense: dict[str, Any] = {}
    for e in manifest["encoders"] if with_dense else ():
        rel = f"dense/{encoder_slug(e['name'])}.faiss"
        ix = _parse(gen, rel, lambda rel=rel: faiss_index.load(gen / rel))
        if ix.ntotal != len(passages) or ix.d != e["dim"]:
            raise IndexCorruptError(
                f"{gen.name}/{rel} holds {ix.ntotal} vectors of {ix.d} "
                f"dimensions, not {len(passages)} of {e['dim']}"
            )
        dense[e["name"]] = ix
    people = _parse(gen, "people.json", lambda: load_people(gen, articles))
    return IndexData(gen.parent, gen.name, manifest, articles, passages, bm25, dense, people)


def _fallback(root: Path, broken: str, error: IndexCorruptError, **kw: Any) -> IndexData:
    """The newest intact generation other than ``broken``, with a warning; else the error."""
    for gen in generations(root):
        if gen.name == broken:
            continue
        try:
            data = load_generation(gen, **kw)
        except (IndexCorruptError, IndexFormatError, FileNotFoundError):
            continue
        log.warning(
            "index at %s: %s; answering from the previous generation %s. "
            "Run `qa ingest --rebuild --index %s` to repair it.",
            root,
            error,
            gen.name,
            root,
        )
        return data
    raise IndexCorruptError(
        f"index at {root} is damaged ({error}): run `qa ingest --rebuild --index {root}`"
    ) from error


def load_index(
    root: Path, *, with_dense: bool = True, checksums: bool = True, name: str | None = None
) -> IndexData:
    """Load the live generation of the index at ``root`` (``name``: CURRENT as already read).

    Raises:
        IndexMissingError: no index. IndexFormatError: another format version.
        IndexCorruptError: the live generation and every older one are damaged.
    """
    root = Path(root)
    for _ in range(_RETRIES):
        name = name or current_name(root)
        if name is None:
            raise _missing(root)
        try:
            return load_generation(root / name, with_dense=with_dense, checksums=checksums)
        except FileNotFoundError:
            if current_name(root) == name and not (root / name).is_dir():
                return _fallback(
                    root,
                    name,
                    IndexCorruptError(f"{name} is missing"),
                    with_dense=with_dense,
                    checksums=checksums,
                )
            name = None  # a build switched generations meanwhile: read CURRENT again
        except IndexCorruptError as e:
            return _fallback(root, name, e, with_dense=with_dense, checksums=checksums)
    raise IndexCorruptError(f"index at {root} kept changing while loading; try again")


def stored_articles(root: Path) -> list[Article]:
    """The articles of the newest generation whose articles.jsonl reads (for a rebuild)."""
    for gen in generations(Path(root)):
        try:
            return _read_jsonl(gen / "articles.jsonl", Article)
        except (OSError, ValueError, TypeError, KeyError) as e:
            log.warning("%s/articles.jsonl cannot be read (%s); trying an older one", gen.name, e)
    raise _missing(Path(root))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_jsonl(path: Path, records: Iterable[Any]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")


def _write_files(
    tmp: Path,
    manifest: dict[str, Any],
    articles: list[Article],
    passages: list[Passage],
    bm25: Any,
    dense: dict[str, Any],
) -> None:
    from embeddings import faiss_index

    _write_jsonl(tmp / "articles.jsonl", articles)
    _write_jsonl(tmp / "passages.jsonl", passages)
    write_people(tmp / "people.json", articles)
    bm25.save(tmp / "bm25")
    (tmp / "dense").mkdir()
    for enc, index in dense.items():
        faiss_index.save(index, tmp / "dense" / f"{encoder_slug(enc)}.faiss")
    manifest = {**manifest, "files": file_digests(tmp)}
    (tmp / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    for p in [*tmp.rglob("*"), tmp]:
        _fsync(p)  # files and directories reach the disk before CURRENT names them


def write_generation(
    root: Path,
    manifest: dict[str, Any],
    articles: list[Article],
    passages: list[Passage],
    bm25: Any,
    dense: dict[str, Any],
) -> Path:
    """Write a complete new generation, then switch CURRENT to it atomically.

    The generation that was live stays on disk until the next build (readers may be on it).
    """
    root.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    tmp = root / f".{name}.tmp"
    tmp.mkdir()
    previous = current_name(root)
    _write_files(tmp, {**manifest, "previous": previous}, articles, passages, bm25, dense)
    os.replace(tmp, root / name)
    cur_tmp = root / f".CURRENT.{uuid.uuid4().hex[:6]}"
    cur_tmp.write_text(name, encoding="utf-8")
    _fsync(cur_tmp)
    os.replace(cur_tmp, root / "CURRENT")
    _fsync(root)
    _remove_stale(root, keep={name, previous or name})
    return root / name


def _remove_stale(root: Path, keep: set[str]) -> None:
    """Remove older generations and temp dirs of crashed builds (never the live or previous)."""
    for p in root.iterdir():
        if p.name.startswith((".gen-", "gen-")) and p.name not in keep and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
