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

from qa import __version__
from qa.errors import IndexFormatError, QAError
from qa.index.bm25 import BM25
from qa.index.chunk import chunk_articles
from qa.index.store import (
    IndexData,
    current_generation,
    encoder_slug,
    load_index,
    write_generation,
)
from qa.records import Article, Passage
from qa.settings import DEFAULT, FORMAT_VERSION, Settings
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
    return f"{p.title}\n{p.text}" if p.title else p.text


@contextmanager
def _lock(root: Path):
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise QAError(f"another ingest is writing to {root}; try again when it ends") from e
        yield


def _check_encoders(old: IndexData, encoders: Sequence[str]) -> None:
    if list(encoders) != old.encoders:
        raise IndexFormatError(
            f"index at {old.root} uses encoders {old.encoders}; asked for {list(encoders)}: "
            "use the same encoders or a new --index directory"
        )


def _encode_new(
    root: Path, encoders: Sequence[str], old: IndexData | None, new_passages: list[Passage],
    settings: Settings, progress: bool,
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


def _manifest(
    encoders: dict[str, Any], tok: TokenizerConfig, articles: list[Article],
    passages: list[Passage], settings: Settings, created: str | None, seconds: float,
) -> dict[str, Any]:
    from embeddings import faiss_index
    from embeddings.registry import get_encoder

    return {
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        "created": created or time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "build_seconds": round(seconds, 3),
        "encoders": [
            {"name": n, "dim": get_encoder(n).dim, "index": faiss_index.kind(ix), "count": ix.ntotal}
            for n, ix in encoders.items()
        ],
        # the user words themselves are derived from articles.jsonl; the hash checks them
        "tokenizer": {**tok.to_manifest(), "bigrams": tok.bigrams, "search_mode": tok.search_mode},
        "chunking": {k: getattr(settings, k) for k in
                     ("passage_target", "passage_min", "passage_max", "passage_overlap")},
        "bm25": {"k1": settings.bm25_k1, "b": settings.bm25_b, "title_boost": settings.title_boost},
        "counts": {"articles": len(articles), "passages": len(passages),
                   "sources": len({a.source for a in articles})},
    }


def _bm25(old: IndexData | None, cfg: TokenizerConfig, new: list[Passage],
          everything: list[Passage], settings: Settings) -> BM25:
    """Append the new passages when the user dictionary is unchanged; otherwise re-tokenise
    every passage, so one dictionary holds for all of them (and for the questions)."""
    tok = Tokenizer(cfg)

    def docs(ps: list[Passage]) -> list[list[str]]:
        return [tok.tokenize(passage_document(p, settings.title_boost)) for p in ps]

    if old is not None and old.tokenizer_config == cfg:
        old.bm25.extend(docs(new))
        return old.bm25
    return BM25.build(docs(everything), k1=settings.bm25_k1, b=settings.bm25_b)


def build_index(
    root: Path, articles: Sequence[Article], *, settings: Settings = DEFAULT,
    encoders: Sequence[str] | None = None, progress: bool = False,
) -> BuildReport:
    """Add ``articles`` to the index at ``root`` (created if missing); atomic and resumable."""
    t0 = time.perf_counter()
    root = Path(root)
    with _lock(root):
        old = load_index(root) if current_generation(root) else None
        if encoders is None:
            encoders = old.encoders if old else list(settings.encoders)
        if old is not None:
            _check_encoders(old, encoders)
        known = {a.id for a in old.articles} if old else set()
        new, seen = [], set(known)
        for a in articles:
            if a.id not in seen:
                seen.add(a.id)
                new.append(a)
        if old is not None and not new:
            return BuildReport(0, len(articles), 0, len(old.articles), len(old.passages),
                               time.perf_counter() - t0)
        all_articles = (old.articles if old else []) + new
        new_passages = chunk_articles(new, settings)
        all_passages = (old.passages if old else []) + new_passages
        tok_cfg = TokenizerConfig(bigrams=settings.bigrams, user_words=user_words(all_articles))
        bm25 = _bm25(old, tok_cfg, new_passages, all_passages, settings)
        dense = _encode_new(root, encoders, old, new_passages, settings, progress)
        seconds = time.perf_counter() - t0
        manifest = _manifest(dense, tok_cfg, all_articles, all_passages, settings,
                             old.manifest.get("created") if old else None, seconds)
        write_generation(root, manifest, all_articles, all_passages, bm25, dense)
        shutil.rmtree(root / "cache", ignore_errors=True)
        return BuildReport(len(new), len(articles) - len(new), len(new_passages),
                           len(all_articles), len(all_passages), seconds)
