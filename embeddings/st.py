"""Any sentence-transformers model by name or local path (``st:<name-or-path>``).

There is no model hub here: a name resolves only if the model is in the local cache, a path
must hold the model. Loading fails with a message that says so.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from embeddings.base import normalize_rows


class STEncoder:
    """A sentence-transformers model; dimension known after loading."""

    def __init__(self, model: str, batch: int = 32) -> None:
        if not model:
            raise ValueError("sentence-transformers encoder needs a model name or path: st:<model>")
        self.model = model
        self.name = f"st:{model}"
        self.batch = batch
        self._m: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._m is None:
            with self._lock:
                if self._m is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    from sentence_transformers import SentenceTransformer

                    try:
                        self._m = SentenceTransformer(self.model, device="cpu")
                    except Exception as e:  # noqa: BLE001 - many loader errors; one message
                        raise ValueError(
                            f"cannot load sentence-transformers model {self.model!r} offline "
                            f"(no model hub here): give a local path that holds the model ({e})"
                        ) from e
        return self._m

    @property
    def dim(self) -> int:  # type: ignore[override]
        m = self._load()
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    def _encode(self, texts: Sequence[str], progress: bool) -> np.ndarray:
        m = self._load()
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        v = m.encode(
            list(texts),
            batch_size=self.batch,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return normalize_rows(v)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)

    def encode_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return self._encode(texts, progress)
