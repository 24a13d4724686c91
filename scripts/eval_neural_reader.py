"""Held-out scores of the neural reader: F1/EM on own contexts, and the refusal curve.

Negatives are the best-matching passage retrieved for the question from *other* contexts
(char-bigram TF-IDF), i.e. the question's own context is left out. The threshold on the
no-answer margin is the one maximising (1 − false refusals) + abstention.
"""

from __future__ import annotations

import logging
from collections import Counter

import numpy as np

log = logging.getLogger(__name__)


def char_f1(pred: str, gold: str) -> float:
    """Character-overlap F1 ignoring spaces (the usual Chinese MRC measure)."""
    p = [c for c in pred if not c.isspace()]
    g = [c for c in gold if not c.isspace()]
    common = sum((Counter(p) & Counter(g)).values())
    if not common:
        return 0.0
    pr, rc = common / len(p), common / len(g)
    return 2 * pr * rc / (pr + rc)


def _curve(pos: np.ndarray, neg: np.ndarray) -> tuple[float, list[dict]]:
    cands = np.unique(np.concatenate([pos, neg]))
    best, best_t = -1.0, 0.0
    rows = []
    for t in np.quantile(cands, np.linspace(0, 1, 41)):
        fr = float(np.mean(pos <= t))
        ab = float(np.mean(neg <= t))
        rows.append(
            {
                "threshold": round(float(t), 3),
                "false_refusal": round(fr, 3),
                "abstention": round(ab, 3),
            }
        )
        if (1 - fr) + ab > best:
            best, best_t = (1 - fr) + ab, float(t)
    return best_t, rows


def evaluate(contexts: dict[str, str], qs: list, pool: list[str]) -> dict:
    """Scores of the saved reader on the held-out questions ``qs``."""
    from qa.reader import data
    from qa.reader.infer import NeuralReader

    reader = NeuralReader()
    pool_ctx = {c: contexts[c] for c in pool}
    other = data.other_context(pool_ctx, qs)
    f1s, ems, pos, neg = [], [], [], []
    for q in qs:
        text = contexts[q.context_id]
        sp = reader.best_spans(q.question, [text])[0]
        pred = text[sp.start : sp.end]
        golds = [t for t, _ in q.answers]
        f1s.append(max(char_f1(pred, g) for g in golds))
        ems.append(float(any(pred.strip() == g.strip() for g in golds)))
        pos.append(sp.margin)
        if q.qid in other:
            neg.append(reader.best_spans(q.question, [contexts[other[q.qid]]])[0].margin)
    t, rows = _curve(np.array(pos), np.array(neg))
    pos_a = np.array(pos)
    f1_thr = float(np.mean(np.where(pos_a > t, f1s, 0.0)))
    out = {
        "heldout_questions": len(qs),
        "heldout_f1": round(float(np.mean(f1s)), 4),
        "heldout_em": round(float(np.mean(ems)), 4),
        "heldout_f1_at_threshold": round(f1_thr, 4),
        "threshold": round(t, 3),
        "heldout_false_refusal": round(float(np.mean(pos_a <= t)), 4),
        "heldout_abstention": round(float(np.mean(np.array(neg) <= t)), 4),
        "refusal_curve": rows,
    }
    for r in rows[::4]:
        log.info(
            "threshold %.2f false refusals %.3f abstention %.3f",
            r["threshold"],
            r["false_refusal"],
            r["abstention"],
        )
    return out
