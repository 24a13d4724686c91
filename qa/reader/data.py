"""Training examples for the span reader from ../shared/train (SQuAD 2.0 style).

Per training question: one window holding the answer (positive), and as "no answer" windows
(label position 0, ``<s>``): with probability ``p_own`` a window of its own context without
the answer, and with probability ``p_other`` the best-matching window of the top passage
*retrieved for the question from other contexts* (char-bigram TF-IDF) — the negatives that
teach the refusal what an unrelated but similar passage looks like. Contexts whose
``crc32(context_id) % 10 == 0`` are held out.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa.reader.tokens import Encoded, Window, encode, token_span, windows


@dataclass(frozen=True)
class Question:
    """One training question over a context."""

    qid: str
    context_id: str
    question: str
    answers: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Example:
    """One window with its gold start/end positions (0, 0 = no answer)."""

    ids: tuple[int, ...]
    start: int
    end: int
    first: int  # first passage position (positions 1..first-1 and the last are never labels)


def held_out(context_id: str) -> bool:
    """The fixed ~10 % of contexts kept out of training."""
    return zlib.crc32(context_id.encode("utf-8")) % 10 == 0


def read_train(folder: Path) -> tuple[dict[str, str], list[Question]]:
    """Contexts by id and questions, from every ``*.jsonl`` in ``folder`` (sorted)."""
    contexts: dict[str, str] = {}
    qs: list[Question] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            contexts[r["context_id"]] = r["context"]
            ans = tuple((a["text"], int(a["start"])) for a in r["answers"])
            qs.append(Question(r["id"], r["context_id"], r["question"], ans))
    return contexts, qs


def other_context(contexts: dict[str, str], qs: list[Question]) -> dict[str, str]:
    """For each question id, the best-matching context that is not its own (TF-IDF bigrams)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = list(contexts)
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True)
    C = vec.fit_transform([contexts[c] for c in ids])
    Q = vec.transform([q.question for q in qs])
    sims = (Q @ C.T).tocsr()
    out: dict[str, str] = {}
    for k, q in enumerate(qs):
        row = sims.getrow(k)
        order = row.indices[np.argsort(-row.data)]
        for j in order:
            if ids[j] != q.context_id:
                out[q.qid] = ids[j]
                break
    return out


def best_window(ws: list[Window], question: str, text: str) -> Window:
    """The window sharing most question characters' bigrams with its passage text."""
    grams = {question[i : i + 2] for i in range(len(question) - 1)}

    def overlap(w: Window) -> int:
        st = [x for x in w.starts if x >= 0]
        en = [x for x in w.ends if x >= 0]
        if not st:
            return 0
        t = text[min(st) : max(en)]
        return sum(1 for i in range(len(t) - 1) if t[i : i + 2] in grams)

    return max(ws, key=overlap)


def examples_for(
    q: Question, q_ids: list[int], enc: Encoded, other: tuple[str, Encoded] | None, cfg: Any, rng
) -> list[Example]:
    """The positive and sampled negative windows of one question."""
    ws = windows(q_ids, enc, max_len=cfg.max_len, bos=cfg.bos, eos=cfg.eos)
    text, start = q.answers[0][0], q.answers[0][1]
    pos, neg = [], []
    for w in ws:
        span = token_span(w, start, start + len(text))
        (pos if span else neg).append((w, span))
    out: list[Example] = []
    if pos:
        w, (a, b) = pos[int(rng.integers(len(pos)))]
        out.append(Example(w.ids, a, b, w.first))
    if neg and rng.random() < cfg.p_own:
        w = neg[int(rng.integers(len(neg)))][0]
        out.append(Example(w.ids, 0, 0, w.first))
    if other is not None and rng.random() < cfg.p_other:
        otext, oenc = other
        ow = windows(q_ids, oenc, max_len=cfg.max_len, bos=cfg.bos, eos=cfg.eos)
        bw = best_window(ow, q.question, otext)
        out.append(Example(bw.ids, 0, 0, bw.first))
    return out


def encode_all(tok: Any, contexts: dict[str, str]) -> dict[str, Encoded]:
    """Every context tokenised once, with offsets."""
    return {cid: encode(tok, text) for cid, text in contexts.items()}
