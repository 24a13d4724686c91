"""The retriever over a Milvus index: the same question analysis, candidates and fusion as
:class:`qa.retrieval.search.Retriever`, with each signal's top list searched in Milvus.

Per question: one sparse search (our BM25 weights), one HNSW search per encoder, then one
fetch of the candidates' vectors and BM25 weights, scored here exactly as the directory index
scores them (inner products), z-scored and fused by the shared code.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np

from qa.index.milvus_data import MilvusIndexData, load_milvus, read_manifest
from qa.index.sparse_bm25 import sparse_dot
from qa.records import Query
from qa.retrieval.fuse import FusionWeights
from qa.retrieval.search import Retriever
from qa.settings import DEFAULT, Settings

log = logging.getLogger(__name__)

_CACHE: dict[str, tuple[str, MilvusRetriever]] = {}
_LOCK = threading.Lock()


class _QueryVector:
    """Stands where the directory retriever keeps every passage's BM25 score: the question's
    sparse vector (candidates are scored against their fetched weights)."""

    def __init__(self, vector: dict[int, float]) -> None:
        self.vector = vector


class MilvusRetriever(Retriever):
    """Searches a Milvus index (see module docstring). Thread-safe like :class:`Retriever`."""

    data: MilvusIndexData

    def __init__(
        self,
        data: MilvusIndexData,
        settings: Settings = DEFAULT,
        weights: FusionWeights | None = None,
    ) -> None:
        super().__init__(data, settings, weights)
        self.count = len(data.passages)

    def _dense(self, name: str, question: str, n: int) -> tuple[np.ndarray, np.ndarray, Any]:
        from embeddings.registry import get_encoder

        qv = get_encoder(name).encode_queries([question])[0]
        field = self.data.dense[name].field
        scores, ids = self.data.store.search(field, np.asarray(qv, np.float32).tolist(), n,
                                             self.count)  # fmt: skip
        return scores, ids, qv

    def _bm25_candidates(
        self,
        query: Query,
        n: int,
        refs: dict[str, np.ndarray],
        cand: set[int],
        tm: dict[str, float],
    ) -> Any:
        """The top ``n`` by BM25 from Milvus; the reference list is padded with the zeros the
        directory index's full score array would give (same z-scores)."""
        import time

        t = time.perf_counter()
        qvec = self.data.bm25.query_vector(dict(query.bm25_terms))  # type: ignore[attr-defined]
        scores, ids = np.zeros(0, np.float32), np.zeros(0, np.int64)
        if qvec:
            scores, ids = self.data.store.search("bm25", qvec, n, self.count)
        keep = scores > 0
        ref = np.zeros(min(n, self.count), np.float32)
        ref[: int(keep.sum())] = scores[keep][: len(ref)]
        refs["bm25"] = ref
        cand.update(int(i) for i in ids[keep])
        tm["bm25"] = time.perf_counter() - t
        return _QueryVector(qvec)

    def _candidate_scores(
        self, ids: np.ndarray, bm_all: Any, qvecs: dict[str, np.ndarray]
    ) -> dict[str, np.ndarray]:
        """One fetch of the candidates' vectors and BM25 weights; inner products here."""
        fields = [self.data.dense[n].field for n in qvecs]
        if bm_all is not None:
            fields.append("bm25")
        rows = self.data.store.fetch(ids, fields)
        scores: dict[str, np.ndarray] = {}
        if bm_all is not None:
            q = bm_all.vector
            scores["bm25"] = np.array(
                [sparse_dot(q, rows[int(i)]["bm25"]) for i in ids], np.float32
            )
        for name, qv in qvecs.items():
            f = self.data.dense[name].field
            vecs = np.array([rows[int(i)][f] for i in ids], np.float32)
            scores[name] = vecs @ np.asarray(qv, np.float32) if len(ids) else np.zeros(0)
        return scores


def get_milvus_retriever(uri: str, settings: Settings = DEFAULT) -> MilvusRetriever:
    """The cached retriever of ``uri``, reloaded when the manifest names another generation
    (one small read per question, like the directory index's CURRENT)."""
    with _LOCK:
        cached = _CACHE.get(uri)
        store = cached[1].data.store if cached else None
        if store is not None:
            manifest = read_manifest(store)
            gen = manifest["store"]["generation"] if manifest else None
            if gen == cached[0]:
                return cached[1]
        log.info("loading Milvus index %s", uri)
        data = load_milvus(uri, store)
        r = MilvusRetriever(data, settings)
        _CACHE[uri] = (data.generation, r)
        return r


def forget(uri: str) -> None:
    """Drop the cached retriever of ``uri`` (tests; a process that re-creates the file)."""
    with _LOCK:
        _CACHE.pop(uri, None)
