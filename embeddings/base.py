"""The encoder interface: texts → L2-normalised float32 matrix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """A dense text encoder. Queries and passages may be encoded differently (e5 prefixes).

    Constructors are cheap; weights load on first use, once.
    """

    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray: ...


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """C-contiguous float32 rows of unit length (zero rows stay zero)."""
    x = np.ascontiguousarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    np.maximum(norms, 1e-12, out=norms)
    return np.ascontiguousarray(x / norms, dtype=np.float32)


def batches(n: int, size: int) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` covering ``range(n)`` in steps of ``size``."""
    return [(s, min(n, s + size)) for s in range(0, n, size)]


def progress_bar(total: int, desc: str, enabled: bool):
    """A tqdm bar with ETA when enabled, else a no-op object with ``update``/``close``."""
    if enabled:
        from tqdm import tqdm

        return tqdm(total=total, desc=desc, unit="passage", dynamic_ncols=True)

    class _Null:
        def update(self, n: int = 1) -> None: ...

        def close(self) -> None: ...

    return _Null()
