"""Inner-product FAISS index over L2-normalised vectors (cosine similarity).

Exact ``IndexFlatIP`` up to ``flat_max`` vectors, HNSW above it; the kind is recorded in the
index manifest. Gotcha (faiss): when fewer than k results exist, FAISS pads with label ``-1``
and score ``-inf``/garbage; :func:`search` drops those, so callers never see a ``-1``.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any, Literal

import numpy as np

Kind = Literal["flat", "hnsw"]
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 512


def _faiss() -> Any:
    import faiss

    return faiss


def _empty(dim: int, kind: Kind) -> Any:
    faiss = _faiss()
    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    ix = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    ix.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    ix.hnsw.efSearch = HNSW_EF_SEARCH
    return ix


def kind(index: Any) -> Kind:
    """'flat' or 'hnsw'."""
    return "hnsw" if type(index).__name__.startswith("IndexHNSW") else "flat"


def build(vectors: np.ndarray, *, flat_max: int) -> tuple[Any, Kind]:
    """A new index over ``vectors`` (n, dim): flat when n <= flat_max, else HNSW."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    k: Kind = "flat" if len(vectors) <= flat_max else "hnsw"
    ix = _empty(vectors.shape[1], k)
    if len(vectors):
        ix.add(vectors)
    return ix, k


def extend(index: Any, vectors: np.ndarray, *, flat_max: int) -> Any:
    """Append ``vectors``; switches flat → HNSW when the total passes ``flat_max``."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if kind(index) == "flat" and index.ntotal + len(vectors) > flat_max:
        old = index.reconstruct_n(0, index.ntotal) if index.ntotal else vectors[:0]
        return build(np.concatenate([old, vectors]), flat_max=flat_max)[0]
    if len(vectors):
        index.add(vectors)
    return index


def search(index: Any, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-``k`` (scores, ids) per query row; rows shorter than k when the index is small.

    Returns arrays of shape (n_queries, m) with m = min(k, ntotal); never a ``-1`` label.
    """
    q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
    scores, ids = index.search(q, k)
    if (ids < 0).any():  # HNSW may return fewer than k: keep each row's valid prefix
        m = int((ids >= 0).sum(axis=1).min())
        scores, ids = scores[:, :m], ids[:, :m]
    return scores, ids


def save(index: Any, path: Path) -> None:
    """Write atomically (temp file + rename)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}.tmp")
    _faiss().write_index(index, str(tmp))
    os.replace(tmp, path)


def load(path: Path) -> Any:
    """Read an index written by :func:`save`; HNSW gets its search depth back."""
    ix = _faiss().read_index(str(path))
    if kind(ix) == "hnsw":
        ix.hnsw.efSearch = HNSW_EF_SEARCH
    return ix
