"""Build or extend an index in Milvus (``qa ingest --store milvus://…``).

The same steps as :func:`qa.index.build.build_index` — unseen articles, sentence-aligned
passages, our tokenizer, resumable encoding — written to Milvus instead of a directory:
passages as rows (new ``pid``s after the old ones), then the articles, BM25 statistics and
people as blobs of a new generation, then the manifest that names it. Readers only see
``pid < manifest count``, so an interrupted build changes nothing they read; a re-run
overwrites its partial rows (upsert) and reuses its encoded batches.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Sequence
from typing import Any

from qa.errors import IndexFormatError
from qa.index.build import BuildReport, _dims, _unseen, dense_document, passage_document
from qa.index.chunk import chunk_articles
from qa.index.manifest import build_manifest, differences, settings_part
from qa.index.milvus_data import MilvusState, open_store, people_json, read_state
from qa.index.milvus_store import MilvusStore
from qa.index.sparse_bm25 import SparseBM25
from qa.index.store import encoder_slug
from qa.records import Article, Passage
from qa.settings import DEFAULT, Settings
from qa.text.tokenize import Tokenizer, TokenizerConfig, user_words


def build_milvus(
    uri: str,
    articles: Sequence[Article],
    *,
    settings: Settings = DEFAULT,
    encoders: Sequence[str] | None = None,
    progress: bool = False,
    rebuild: bool = False,
) -> BuildReport:
    """Add ``articles`` to the Milvus index at ``uri`` (created if missing).

    With ``rebuild=True`` the stored articles and ``articles`` are indexed afresh (the
    collections are dropped and re-created).

    Raises:
        IndexFormatError: the index was built with other settings or encoders, or its
        collection has another schema (the message names the URI and the difference).
    """
    t0 = time.perf_counter()
    store = open_store(uri, create=True)
    old = read_state(store)
    if rebuild:
        articles = [*(old.articles if old else []), *articles]
        store.drop()
        old = None
    if encoders is None:
        encoders = [e["name"] for e in old.manifest["encoders"]] if old else list(settings.encoders)
    dims = _dims(encoders)
    part = settings_part(settings, dims, TokenizerConfig(bigrams=settings.bigrams))
    if old is not None:
        diffs = differences(old.manifest, part)
        if diffs:
            raise IndexFormatError(
                f"{uri} was built with other settings ({'; '.join(diffs)}): ingest with its "
                f"settings, into another collection, or with --rebuild"
            )
    store.ensure(dims)
    new = _unseen(articles, {a.id for a in old.articles} if old else set())
    n_old = len(old.articles) if old else 0
    if old is not None and not new:
        total = old.manifest["counts"]["passages"]
        return BuildReport(0, len(articles), 0, n_old, total, time.perf_counter() - t0)
    return _write(store, old, new, len(articles), part, encoders, settings, progress, t0)


def _old_passages(store: MilvusStore, old: MilvusState | None) -> list[Passage]:
    return store.passages(old.manifest["counts"]["passages"]) if old else []


def _sparse(
    store: MilvusStore,
    old: MilvusState | None,
    old_passages: list[Passage],
    new_passages: list[Passage],
    cfg: TokenizerConfig,
    settings: Settings,
) -> tuple[SparseBM25, list[dict[int, float]]]:
    """BM25 statistics and the new passages' vectors. When the user dictionary changed,
    every old passage is re-tokenised and its ``bm25`` field rewritten (as the directory
    index re-tokenises), so one dictionary holds for all passages and for questions."""
    tok = Tokenizer(cfg)

    def docs(ps: list[Passage]) -> list[list[str]]:
        return [tok.tokenize(passage_document(p, settings.title_boost)) for p in ps]

    if old is not None and _tokenizer_of(old) == cfg:
        bm = old.bm25
    else:
        bm = SparseBM25.empty(settings.bm25_k1, settings.bm25_b)
        if old_passages:
            _rewrite_sparse(store, bm.add(docs(old_passages)))
    return bm, bm.add(docs(new_passages))


def _tokenizer_of(old: MilvusState) -> TokenizerConfig:
    t = old.manifest["tokenizer"]
    return TokenizerConfig(
        bigrams=t["bigrams"], search_mode=t["search_mode"], user_words=user_words(old.articles)
    )


def _rewrite_sparse(store: MilvusStore, vectors: list[dict[int, float]]) -> None:
    fields = [f["name"] for f in store.client.describe_collection(store.target.passages)["fields"]]
    for s in range(0, len(vectors), 1000):
        rows = store.rows(s, min(len(vectors), s + 1000), [f for f in fields if f != "pid"])
        for r in rows:
            r["bm25"] = vectors[int(r["pid"])] or {0: 1e-9}
        store.upsert_rows(rows)


def encode_to_cache(
    store: MilvusStore, encoders: Sequence[str], passages: list[Passage], progress: bool
) -> dict[str, Any]:
    """Vectors of ``passages`` per encoder, through the resumable cache of the target."""
    from embeddings.cache import encode_resumable
    from embeddings.registry import get_encoder

    texts = [dense_document(p) for p in passages]
    cache = store.target.cache_dir()
    return {
        n: encode_resumable(get_encoder(n), texts, cache / encoder_slug(n), progress=progress)
        for n in encoders
    }


def _write(
    store: MilvusStore,
    old: MilvusState | None,
    new: list[Article],
    asked: int,
    part: dict[str, Any],
    encoders: Sequence[str],
    settings: Settings,
    progress: bool,
    t0: float,
) -> BuildReport:
    """Encode and write ``new`` after ``old``; commit with the manifest."""
    all_articles = (old.articles if old else []) + new
    old_passages = _old_passages(store, old)
    new_passages = chunk_articles(new, settings)
    cfg = TokenizerConfig(bigrams=settings.bigrams, user_words=user_words(all_articles))
    bm, new_sparse = _sparse(store, old, old_passages, new_passages, cfg, settings)
    vectors = encode_to_cache(store, encoders, new_passages, progress)
    store.upsert_passages(len(old_passages), new_passages, vectors, new_sparse)
    total = len(old_passages) + len(new_passages)
    gen = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    jsonl = "\n".join(json.dumps(a.to_dict(), ensure_ascii=False) for a in all_articles)
    store.put_blob(f"{gen}/articles", jsonl)
    store.put_blob(f"{gen}/bm25", json.dumps(bm.to_dict(), ensure_ascii=False))
    store.put_blob(f"{gen}/people", people_json(all_articles))
    seconds = time.perf_counter() - t0
    counts = {"articles": len(all_articles), "passages": total}
    counts["sources"] = len({a.source for a in all_articles})
    created = old.manifest.get("created") if old else None
    info = {n: ("hnsw", total) for n in encoders}
    manifest = build_manifest(part, info, cfg, counts, created, seconds)
    manifest["store"] = {"kind": "milvus", "uri": store.target.uri, "generation": gen}
    store.flush()
    store.put_blob("manifest", json.dumps(manifest, ensure_ascii=False))  # the commit
    store.flush()
    if old is not None:
        store.delete_blobs(old.manifest["store"]["generation"] + "/")
    shutil.rmtree(store.target.cache_dir(), ignore_errors=True)
    return BuildReport(len(new), asked - len(new), len(new_passages), len(all_articles), total,
                       seconds)  # fmt: skip
