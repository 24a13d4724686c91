"""A deterministic hashing encoder (character n-grams → buckets). For plumbing tests only."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from embeddings.base import normalize_rows


class HashEncoder:
    """Character 1–2-grams hashed into ``dim`` buckets; no model, no meaning beyond overlap."""

    name = "hash"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, np.float32)
        for n in (1, 2):
            for i in range(len(text) - n + 1):
                v[zlib.crc32(text[i : i + n].encode()) % self.dim] += 1.0
        return v

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return normalize_rows(np.stack([self._vec(t) for t in texts]))

    def encode_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return self.encode_queries(texts)
