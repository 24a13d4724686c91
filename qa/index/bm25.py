"""BM25 over token lists, stored as plain numpy arrays (no pickle).

The passage × term matrix holds precomputed BM25 weights (CSC), so a query is the weighted sum
of a few columns. Token ids per passage are kept (flat + offsets) so that appending new
passages never re-tokenises the old ones.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


@dataclass
class Vocabulary:
    """term ↔ id, append-only so stored token ids stay valid."""

    terms: list[str]
    ids: dict[str, int]

    @classmethod
    def empty(cls) -> Vocabulary:
        return cls([], {})

    def add(self, term: str) -> int:
        i = self.ids.get(term)
        if i is None:
            i = self.ids[term] = len(self.terms)
            self.terms.append(term)
        return i


class BM25:
    """Okapi BM25 with ``k1``/``b``; documents are lists of token ids.

    Build with :meth:`build`, append with :meth:`extend`, score with :meth:`scores`.
    """

    def __init__(
        self,
        vocab: Vocabulary,
        flat: np.ndarray,
        offsets: np.ndarray,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.vocab = vocab
        self.flat = flat if flat.dtype == np.int32 else flat.astype(np.int32)
        self.offsets = offsets.astype(np.int64, copy=False)
        self.k1, self.b = k1, b
        self._matrix = None
        self._df: np.ndarray | None = None

    @property
    def n_docs(self) -> int:
        return len(self.offsets) - 1

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> BM25:
        """Index token lists (one per passage)."""
        bm = cls(Vocabulary.empty(), np.zeros(0, np.int32), np.zeros(1, np.int64), k1, b)
        bm.extend(docs)
        return bm

    def extend(self, docs: Sequence[Sequence[str]]) -> None:
        """Append documents; existing token ids are untouched."""
        ids = [self.vocab.add(t) for d in docs for t in d]
        lens = np.fromiter((len(d) for d in docs), np.int64, count=len(docs))
        self.flat = np.concatenate([self.flat, np.asarray(ids, np.int32)])
        self.offsets = np.concatenate([self.offsets, self.offsets[-1] + np.cumsum(lens)])
        self._matrix = None

    def _build_matrix(self) -> None:
        from scipy import sparse

        n, v = self.n_docs, len(self.vocab.terms)
        rows = np.repeat(np.arange(n, dtype=np.int32), np.diff(self.offsets))
        tf = sparse.csr_matrix(
            (np.ones(len(self.flat), np.float32), (rows, self.flat)), shape=(n, v)
        )
        tf.sum_duplicates()
        dl = np.diff(self.offsets).astype(np.float32)
        avg = float(dl.mean()) if n else 1.0
        df = np.bincount(tf.indices, minlength=v).astype(np.float32)
        idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = self.k1 * (1 - self.b + self.b * dl / max(avg, 1e-9))
        tfv = tf.data
        row_of = np.repeat(np.arange(n), np.diff(tf.indptr))
        tf.data = (tfv * (self.k1 + 1) / (tfv + norm[row_of]) * idf[tf.indices]).astype(np.float32)
        self._matrix = tf.tocsc()
        self._df = df

    def scores(self, query: Sequence[str] | dict[str, float]) -> np.ndarray:
        """BM25 score of every document for ``query`` (tokens, or term → weight)."""
        if self._matrix is None:
            self._build_matrix()
        weights: dict[int, float] = {}
        items = query.items() if isinstance(query, dict) else ((t, 1.0) for t in query)
        for t, w in items:
            i = self.vocab.ids.get(t)
            if i is not None:
                weights[i] = weights.get(i, 0.0) + w
        out = np.zeros(self.n_docs, np.float32)
        m = self._matrix
        for i, w in weights.items():
            s, e = m.indptr[i], m.indptr[i + 1]
            out[m.indices[s:e]] += w * m.data[s:e]
        return out

    def doc_freq(self, term: str) -> int:
        """Number of passages containing ``term`` (0 if unknown)."""
        if self._matrix is None:
            self._build_matrix()
        i = self.vocab.ids.get(term)
        return 0 if i is None or self._df is None else int(self._df[i])

    def idf(self, term: str) -> float:
        n = self.n_docs
        df = self.doc_freq(term)
        return math.log1p((n - df + 0.5) / (df + 0.5))

    # --- persistence: .npy arrays + JSON, no pickle -------------------------------------
    def save(self, directory: Path) -> None:
        """Token ids (to extend later) and the weight matrix (to serve without rebuilding)."""
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "tokens_flat.npy", self.flat, allow_pickle=False)
        np.save(directory / "tokens_offsets.npy", self.offsets, allow_pickle=False)
        if self._matrix is None:
            self._build_matrix()
        m = self._matrix
        for name, arr in (
            ("data", m.data),
            ("indices", m.indices),
            ("indptr", m.indptr),
            ("df", self._df),
        ):
            np.save(directory / f"weights_{name}.npy", arr, allow_pickle=False)
        (directory / "vocab.json").write_text(
            json.dumps(self.vocab.terms, ensure_ascii=False), encoding="utf-8"
        )
        (directory / "params.json").write_text(json.dumps({"k1": self.k1, "b": self.b}))

    @classmethod
    def load(cls, directory: Path) -> BM25:
        terms = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        params = json.loads((directory / "params.json").read_text())
        vocab = Vocabulary(terms, {t: i for i, t in enumerate(terms)})
        # token ids are only needed to extend the index: map them, don't read them
        flat = np.load(directory / "tokens_flat.npy", allow_pickle=False, mmap_mode="r")
        offsets = np.load(directory / "tokens_offsets.npy", allow_pickle=False)
        bm = cls(vocab, flat, offsets, params["k1"], params["b"])
        if (directory / "weights_data.npy").is_file():
            from scipy import sparse

            parts = {
                n: np.load(directory / f"weights_{n}.npy", allow_pickle=False)
                for n in ("data", "indices", "indptr", "df")
            }
            shape = (len(offsets) - 1, len(terms))
            bm._matrix = sparse.csc_matrix(
                (parts["data"], parts["indices"], parts["indptr"]), shape=shape
            )
            bm._df = parts["df"]
        else:
            bm._build_matrix()
        return bm
