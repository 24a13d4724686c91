"""A deterministic scale corpus: real benchmark sentences recombined into synthetic articles.

Dense vectors for 10k–100k passages cannot be encoded in a session (e5 runs ≈15 passages/s
here, ≈2 h per 100k), so scale runs use mixtures of real passage vectors of the same encoder:
FAISS and fusion cost depend on the count and dimension of vectors, not on their meaning.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np

from qa.index.chunk import sentence_spans
from qa.records import Article

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"


def sentences() -> list[str]:
    """All sentences of the shared corpora, in file order."""
    out = []
    for name in ("cmrc2018_dev", "drcd_dev_zhs", "xquad_zh"):
        for line in (SHARED / name / "corpus.jsonl").read_text("utf-8").splitlines():
            text = json.loads(line)["text"]
            out.extend(text[s:e] for s, e in sentence_spans(text))
    return out


def scale_articles(n_passages: int, seed: int = 0) -> list[Article]:
    """Synthetic articles holding at least ``n_passages`` passages (≈2.5 each)."""
    rng = random.Random(seed)
    sents = sentences()
    arts = []
    i = 0
    while len(arts) * 2 < n_passages:
        body = "".join(rng.choice(sents) for _ in range(rng.randint(6, 12)))
        title = rng.choice(sents)[:18].rstrip("，。、")
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        arts.append(
            Article(
                id=f"scale-{seed}-{i:06d}",
                title=title,
                text=body,
                source=f"scale-{i // 8:05d}.txt",
                date=f"{month}月{day}日",
                date_iso=f"2023-{month:02d}-{day:02d}",
                position=i % 8,
            )
        )
        i += 1
    return arts


def mixed_vectors(real: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """``n`` unit vectors, each the normalised mix of two real vectors."""
    rng = np.random.default_rng(seed)
    a = real[rng.integers(0, len(real), n)]
    b = real[rng.integers(0, len(real), n)]
    w = rng.uniform(0.5, 0.9, (n, 1)).astype(np.float32)
    v = w * a + (1 - w) * b
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
