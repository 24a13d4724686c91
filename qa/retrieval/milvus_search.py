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
from qa.records import Query
from qa.retrieval.fuse import FusionWeights
from qa.retrieval.search import Retriever
from qa.settings import DEFAULT, Settings

log = logging.getLogger(__name__)

_CACHE: dict[str, tuple[str, MilvusRetriever]] = {}
_LOCK = threading.Lock()


class _Known:
    """A question's vector for one signal and the scores Milvus already returned for it
    (pid → score); stands where the directory retriever keeps the full BM25 score array or
    the question's dense vector. Only candidates missing here are scored afterwards."""

    def __init__(self, vector: Any, scores: np.ndarray, ids: np.ndarray) -> None:
        self.vector = vector
        self.known = dict(zip(ids.tolist(), scores.tolist(), strict=True))


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
        return scores, ids, _Known(np.asarray(qv, np.float32), scores, ids)

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
        return _Known(qvec, scores[keep], ids[keep])

    def _candidate_scores(self, ids: np.ndarray, bm_all: Any, qvecs: dict[str, Any]) -> dict:
        """Each signal's scores of the candidates: those its own search returned, the rest
        computed — BM25 by a sparse search restricted to them (exact; absent = 0), dense by
        inner products with their vectors, fetched in one call."""
        pids = [int(i) for i in ids]
        scores: dict[str, np.ndarray] = {}
        if bm_all is not None:
            scores["bm25"] = self._bm25_of(pids, bm_all)
        missing = {n: self._restricted(n, pids, k) for n, k in qvecs.items()}
        fields = [self.data.dense[n].field for n, m in missing.items() if m]
        rows = self.data.store.fetch(sorted({i for m in missing.values() for i in m}), fields)
        for name, k in qvecs.items():
            f = self.data.dense[name].field
            got = {i: float(np.dot(rows[i][f], k.vector)) for i in missing[name]}
            scores[name] = np.array([k.known.get(i, got.get(i)) for i in pids], np.float32)
        return scores

    def _restricted(self, name: str, pids: list[int], k: _Known) -> list[int]:
        """Score the candidates ``name``'s search did not return by a search restricted to
        them (Milvus scans so few rows exactly); those still missing are returned."""
        missing = [i for i in pids if i not in k.known]
        if missing:
            field, q = self.data.dense[name].field, k.vector.tolist()
            s, i = self.data.store.search(field, q, len(missing), self.count, missing)
            k.known.update(zip(i.tolist(), s.tolist(), strict=True))
        return [i for i in missing if i not in k.known]

    def _bm25_of(self, pids: list[int], q: _Known) -> np.ndarray:
        missing = [i for i in pids if i not in q.known]
        extra: dict[int, float] = {}
        if missing and q.vector:
            s, i = self.data.store.search("bm25", q.vector, len(missing), self.count, missing)
            extra = dict(zip(i.tolist(), s.tolist(), strict=True))
        return np.array([q.known.get(i, extra.get(i, 0.0)) for i in pids], np.float32)


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
