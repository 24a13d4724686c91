"""The learned span ranker: a logistic model over :mod:`qa.answering.features`.

The model is a JSON file (``qa/data/reader_model.json``: feature names, standardisation,
weights, the refusal threshold, how and on what it was trained) written by
``make train-reader``. Loaded lazily, once; without it (or with ``NEWSQA_RANKER=off``) the
answer step falls back to the rule score; ``NEWSQA_RANKER=<file>.json`` loads another file.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from qa.answering.candidates import Candidate

log = logging.getLogger(__name__)
MODEL_FILE = "reader_model.json"
# question types whose answer is a typed span (a person, date, place, number, organisation):
# when the rules propose one, the model chooses among those only (see :func:`eligible`)
TYPED_QTYPES = frozenset({"who", "when", "where", "number", "org"})
# dates and amounts are a closed class: the rules' patterns read every way a paper prints them,
# so when they find none there is no answer (a place or a foreign name may escape the rules)
CLOSED_QTYPES = frozenset({"when", "number"})


def eligible(qtype: str, cands: Sequence[Candidate]) -> list[int]:
    """Indices of the candidates the model may choose for a question of type ``qtype``.

    A who/when/where/number/org question is answered with a span of its type whenever the
    rules found one in the searched sentences; word n-grams and clauses compete only for
    what/why/how questions, or when no typed span exists — and never for a date or an amount
    (:data:`CLOSED_QTYPES`: none found is a refusal). Encyclopedia training data taught the
    model to prefer free phrases, which on newspaper text beat the right name or date.
    """
    if qtype in TYPED_QTYPES:
        typed = [i for i, c in enumerate(cands) if c.features.get("typed") == 1.0]
        if typed or qtype in CLOSED_QTYPES:
            return typed
    return list(range(len(cands)))


@dataclass(frozen=True)
class Ranker:
    """Scores candidates: logit = w · standardised features + b; probability = sigmoid."""

    version: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float  # least probability of the best span for an answer (else refusal)
    types: tuple[str, ...] = ()  # question types it beat the rules on (held out); others: rules

    def matrix(self, cands: Sequence[Candidate]) -> np.ndarray:
        """Raw feature matrix of ``cands`` (missing features are 0)."""
        x = np.zeros((len(cands), len(self.features)), np.float64)
        index = {name: i for i, name in enumerate(self.features)}
        for r, c in enumerate(cands):
            for name, v in c.features.items():
                j = index.get(name)
                if j is not None:
                    x[r, j] = v
        return x

    def probabilities(self, cands: Sequence[Candidate]) -> np.ndarray:
        """P(span is the answer) for each candidate."""
        if not cands:
            return np.zeros(0)
        z = ((self.matrix(cands) - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
            "types": list(self.types),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Ranker:
        n = len(d["features"])
        arrays = [np.asarray(d[k], np.float64) for k in ("mean", "scale", "weights")]
        if any(a.shape != (n,) for a in arrays):
            raise ValueError(f"ranker model: mean/scale/weights must have {n} values")
        return cls(
            d["version"],
            tuple(d["features"]),
            *arrays,
            float(d["bias"]),
            float(d.get("threshold", 0.0)),
            tuple(d.get("types", ())),
        )


def read_model(path: Path) -> Ranker:
    """The model in ``path`` (ValueError naming the file when it is not a ranker model)."""
    try:
        return Ranker.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, KeyError, TypeError, ValueError) as e:
        raise ValueError(f"{path}: not a ranker model ({e})") from e


@cache
def load_ranker() -> Ranker | None:
    """The packaged model, or None when absent or switched off (``NEWSQA_RANKER=off``);
    ``NEWSQA_RANKER=<path>`` loads another model file (to compare trained variants)."""
    env = os.environ.get("NEWSQA_RANKER", "")
    if env.lower() in ("off", "0", "no"):
        return None
    if env.endswith(".json"):
        return read_model(Path(env))
    res = files("qa").joinpath("data", MODEL_FILE)
    if not res.is_file():
        log.info("no %s: answers use the rule score", MODEL_FILE)
        return None
    model = read_model(Path(str(res)))
    log.info("span ranker %s (%d features)", model.version, len(model.features))
    return model
