"""Fusion of ranked signals that knows when a signal is worthless.

Each signal's scores are z-normalised per question against its own top-N list (scores on
different scales are never added raw). Weights depend on the question's language: Chinese BM25
is strong for Chinese questions and worthless for English ones unless its terms were translated;
USE is the best cross-lingual signal and weak on Chinese news. A signal whose list is flat (all
top scores equal, e.g. BM25 with no matching term) gets no weight at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class FusionWeights:
    """Per-language weights of each signal (missing signal = weight 0)."""

    zh: dict[str, float] = field(default_factory=lambda: {"bm25": 1.0, "e5": 0.7, "use": 0.2})
    en: dict[str, float] = field(default_factory=lambda: {"bm25": 0.3, "e5": 1.0, "use": 0.7})
    en_name_bm25: float = 1.0  # an English question naming someone the archive knows

    def for_lang(self, lang: Lang) -> dict[str, float]:
        return self.zh if lang == "zh" else self.en


def zparams(ref: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of a signal's top-N scores (std 0 for a flat list)."""
    if ref.size == 0:
        return 0.0, 0.0
    return float(ref.mean()), float(ref.std())


def fuse(
    scores: Mapping[str, np.ndarray],
    refs: Mapping[str, np.ndarray],
    weights: Mapping[str, float],
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Weighted sum of per-signal z-scores over the same candidates.

    Args:
        scores: signal → scores of the candidate passages (same order for every signal).
        refs: signal → that signal's own top-N scores, the reference for its z-scores.
        weights: signal → weight; signals with a flat reference list are dropped.

    Returns:
        (fused scores, signal → z-scores).
    """
    n = len(next(iter(scores.values()))) if scores else 0
    total = np.zeros(n, np.float32)
    zs: dict[str, np.ndarray] = {}
    for name, s in scores.items():
        mu, sd = zparams(refs.get(name, np.zeros(0)))
        if sd <= 1e-9:
            continue
        z = ((s - mu) / sd).astype(np.float32)
        zs[name] = z
        total += weights.get(name, 0.0) * z
    return total, zs
