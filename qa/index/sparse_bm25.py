"""Our BM25 as sparse vectors, for an engine that scores sparse inner products (Milvus).

A document's vector holds, per term id, the saturated term frequency
``tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl))``; a question's vector holds, per term, its
weight times the term's idf. Their inner product is exactly the BM25 score of
:class:`qa.index.bm25.BM25` (same tokens, same k1/b), so the engine ranks as the directory
index does. idf sits on the question side so that adding passages only changes document
frequencies (kept here), never the stored vectors. ``avgdl`` is the one approximation: a
passage keeps the average length of the index at the time it was written.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from qa.index.bm25 import Vocabulary


class SparseBM25:
    """Vocabulary, document frequencies and lengths; makes document and question vectors."""

    def __init__(
        self,
        vocab: Vocabulary,
        df: np.ndarray,
        n_docs: int,
        total_len: int,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.vocab = vocab
        self.df = df.astype(np.int64, copy=False)
        self.n_docs = n_docs
        self.total_len = total_len
        self.k1, self.b = k1, b

    @classmethod
    def empty(cls, k1: float = 1.2, b: float = 0.75) -> SparseBM25:
        return cls(Vocabulary.empty(), np.zeros(0, np.int64), 0, 0, k1, b)

    def add(self, docs: Sequence[Sequence[str]]) -> list[dict[int, float]]:
        """Count ``docs`` (token lists) in and return their document vectors."""
        counts = [Counter(self.vocab.add(t) for t in d) for d in docs]
        df = np.zeros(len(self.vocab.terms), np.int64)
        df[: len(self.df)] = self.df
        for c in counts:
            df[list(c)] += 1
        self.df = df
        self.n_docs += len(docs)
        self.total_len += sum(len(d) for d in docs)
        avg = max(self.total_len / max(self.n_docs, 1), 1e-9)
        out = []
        for d, c in zip(docs, counts, strict=True):
            norm = self.k1 * (1 - self.b + self.b * len(d) / avg)
            out.append({i: tf * (self.k1 + 1) / (tf + norm) for i, tf in c.items()})
        return out

    def doc_freq(self, term: str) -> int:
        i = self.vocab.ids.get(term)
        return 0 if i is None else int(self.df[i])

    def idf(self, term: str) -> float:
        df = self.doc_freq(term)
        return math.log1p((self.n_docs - df + 0.5) / (df + 0.5))

    def query_vector(self, terms: dict[str, float]) -> dict[int, float]:
        """term → weight (as :meth:`BM25.scores` takes it) → term id → weight·idf."""
        out: dict[int, float] = {}
        for t, w in terms.items():
            i = self.vocab.ids.get(t)
            if i is not None and w > 0:
                out[i] = out.get(i, 0.0) + w
        return {i: w * self.idf(self.vocab.terms[i]) for i, w in out.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "k1": self.k1,
            "b": self.b,
            "n_docs": self.n_docs,
            "total_len": self.total_len,
            "terms": self.vocab.terms,
            "df": self.df.tolist(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SparseBM25:
        terms = list(d["terms"])
        vocab = Vocabulary(terms, {t: i for i, t in enumerate(terms)})
        df = np.asarray(d["df"], np.int64)
        return cls(vocab, df, int(d["n_docs"]), int(d["total_len"]), d["k1"], d["b"])
