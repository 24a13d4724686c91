"""Chunking and encoding on a Ray cluster, feeding the ordinary build (``qa ingest --ray``).

The driver finds the articles the target index does not hold yet (as the build will), has
Ray tasks chunk them, and sends batches of passages to encoder actors — one per worker CPU,
each loading its models once. Every finished batch is written by the driver into the
target's resumable encoding cache (``INDEX/cache/<encoder>/`` or the Milvus target's cache),
under the same name :func:`embeddings.cache.encode_resumable` gives it. The ordinary build
(:func:`qa.index.build.build_index` or :func:`qa.index.milvus_build.build_milvus`) then finds
every batch encoded and writes the index through the same store. A killed driver or worker
loses only unfinished batches: a re-run skips the cached ones.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa.index.build import _unseen, dense_document
from qa.index.chunk import chunk_articles
from qa.index.milvus_uri import is_milvus_uri
from qa.index.store import current_name, encoder_slug, stored_articles
from qa.ingest.distributed import connect_ray
from qa.records import Article, Passage
from qa.settings import DEFAULT, Settings

log = logging.getLogger(__name__)

BATCH = 256  # = encode_resumable's batch, so the build finds these shards
IN_FLIGHT = 2  # batches queued per actor


@dataclass(frozen=True)
class RayReport:
    """What a distributed encoding did: batches in all, reused from the cache, encoded."""

    passages: int
    batches: int
    reused: int
    encoded: int
    workers: int
    seconds: float


class EncoderActor:
    """Holds the encoders of one worker (loaded on first use, once per actor)."""

    def encode(self, name: str, texts: list[str]) -> np.ndarray:
        from embeddings.registry import get_encoder

        return np.asarray(get_encoder(name).encode_passages(texts), np.float32)


def _known_and_cache(target: str | Path, rebuild: bool) -> tuple[list[Article], Path]:
    """Articles the target already holds (those a build skips) and its encoding cache."""
    if is_milvus_uri(target):
        from qa.index.milvus_data import open_store, read_state

        store = open_store(str(target), create=True)
        state = read_state(store)
        return (state.articles if state else []), store.target.cache_dir()
    root = Path(target)
    known = stored_articles(root) if current_name(root) else []
    return known, root / "cache"


def _chunk(ray: Any, articles: list[Article], settings: Settings, workers: int) -> list[Passage]:
    size = max(1, -(-len(articles) // (workers * 4)))
    task = ray.remote(chunk_articles)
    parts = [task.remote(articles[s : s + size], settings) for s in range(0, len(articles), size)]
    return [p for part in ray.get(parts) for p in part]


def ray_encode(
    address: str,
    target: str | Path,
    articles: Sequence[Article],
    *,
    encoders: Sequence[str] | None = None,
    settings: Settings = DEFAULT,
    rebuild: bool = False,
    num_cpus: int | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> RayReport:
    """Encode on Ray what a build of ``articles`` into ``target`` will need.

    Args:
        address: ``auto`` or a Ray cluster's ``host:port`` (see :func:`connect_ray`).
        target: the index directory or ``milvus:`` address the build will write.
        encoders: default: the index's encoders, else ``settings.encoders``.
        on_batch: called with the number of batches written so far (progress; tests).
    """
    t0 = time.perf_counter()
    ray = connect_ray(address, num_cpus=num_cpus)
    known, cache = _known_and_cache(target, rebuild)
    if rebuild:
        articles, known = [*known, *articles], []
    encoders = list(encoders or _index_encoders(target) or settings.encoders)
    workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
    new = _unseen(articles, {a.id for a in known})
    texts = [dense_document(p) for p in _chunk(ray, new, settings, workers)]
    jobs = _pending(encoders, texts, cache)
    n_batches = len(encoders) * -(-len(texts) // BATCH)
    actor = ray.remote(num_cpus=1)(EncoderActor)
    pool = [actor.remote() for _ in range(min(workers, max(1, len(jobs))))]
    _run(ray, pool, jobs, on_batch)
    for a in pool:
        ray.kill(a)
    seconds = time.perf_counter() - t0
    return RayReport(len(texts), n_batches, n_batches - len(jobs), len(jobs), len(pool), seconds)


def _index_encoders(target: str | Path) -> list[str]:
    if is_milvus_uri(target):
        from qa.index.milvus_data import open_store, read_manifest

        m = read_manifest(open_store(str(target), create=True))
    else:
        from qa.index.store import read_manifest as dir_manifest

        m = dir_manifest(Path(target)) if current_name(Path(target)) else None
    return [e["name"] for e in m["encoders"]] if m else []


def _pending(
    encoders: Sequence[str], texts: list[str], cache: Path
) -> list[tuple[str, list[str], Path]]:
    """(encoder, batch texts, shard file) of every batch not in the cache yet."""
    from embeddings.cache import shard_path
    from embeddings.registry import get_encoder

    jobs = []
    for name in encoders:
        enc = get_encoder(name)
        d = cache / encoder_slug(name)
        d.mkdir(parents=True, exist_ok=True)
        for s in range(0, len(texts), BATCH):
            batch = texts[s : s + BATCH]
            path = shard_path(d, enc, batch)
            if not _cached(path, len(batch), enc.dim):
                jobs.append((name, batch, path))
    return jobs


def _cached(path: Path, n: int, dim: int) -> bool:
    if not path.is_file():
        return False
    try:
        return np.load(path, allow_pickle=False, mmap_mode="r").shape == (n, dim)
    except (OSError, ValueError):
        return False


def _run(
    ray: Any,
    pool: list[Any],
    jobs: list[tuple[str, list[str], Path]],
    on_batch: Callable[[int], None] | None,
) -> None:
    """Keep every actor busy (``IN_FLIGHT`` batches each); write each batch as it ends."""
    from embeddings.cache import save_shard

    todo, running, done, sent = list(reversed(jobs)), {}, 0, 0
    while todo or running:
        while todo and len(running) < IN_FLIGHT * len(pool):
            name, batch, path = todo.pop()
            running[pool[sent % len(pool)].encode.remote(name, batch)] = path
            sent += 1
        ready, _ = ray.wait(list(running), num_returns=1)
        for ref in ready:
            save_shard(running.pop(ref), ray.get(ref))
            done += 1
            if on_batch is not None:
                on_batch(done)
    log.info("encoded %d batches on %d Ray workers", done, len(pool))
