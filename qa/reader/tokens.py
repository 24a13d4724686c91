"""E5 token ids with exact character offsets, and the reader's ``<s> q </s></s> p </s>`` windows.

:class:`embeddings.e5fast.tokenizer.E5Tokenizer` maps each codepoint through the model's
normaliser (one codepoint may become several or none), collapses runs of spaces and puts a
``▁`` in front. :func:`encode` repeats that normalisation while remembering, for every
normalised character, the index of the source character it came from, so each token gets a
``(start, end)`` span in the original text (a token's leading ``▁`` is not part of its span).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embeddings.e5fast.tokenizer import META, E5Tokenizer


@dataclass(frozen=True)
class Encoded:
    """Content token ids of a text and each token's ``[start, end)`` in that text."""

    ids: tuple[int, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


@dataclass(frozen=True)
class Window:
    """One model input: ids and, for each position, the passage char span (-1 outside)."""

    ids: tuple[int, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    first: int  # index of the first passage token in ``ids``


def _normalized(tok: E5Tokenizer, text: str) -> tuple[str, list[int]]:
    text = text.split("\0", 1)[0]
    chars: list[str] = []
    src: list[int] = []
    for i, c in enumerate(text):
        for ch in tok._table.get(ord(c), c):
            if ch == " " and chars and chars[-1] == " ":
                continue
            chars.append(ch)
            src.append(i)
    if not chars or chars[0] != " ":
        chars.insert(0, " ")
        src.insert(0, -1)  # the added ``▁`` comes from no source character
    return "".join(chars).replace(" ", META), src


def encode(tok: E5Tokenizer, text: str) -> Encoded:
    """Ids equal to ``tok.ids(text)``, with source character spans."""
    norm, src = _normalized(tok, text)
    enc = tok._tok.encode(norm, add_special_tokens=False)
    ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    unk = tok.vocab.unk
    for i, (a, b) in zip(enc.ids, enc.offsets, strict=True):
        pieces = [(a + j, a + j + 1) for j in range(b - a)] if i == unk and b - a > 1 else [(a, b)]
        for pa, pb in pieces:
            if norm[pa] == META and pb - pa > 1:
                pa += 1
            ids.append(i)
            if src[pa] < 0:  # the added ``▁`` alone: an empty span before the text
                starts.append(0)
                ends.append(0)
                continue
            starts.append(src[pa])
            ends.append(src[pb - 1] + 1)
    return Encoded(tuple(ids), tuple(starts), tuple(ends))


def windows(
    q_ids: tuple[int, ...] | list[int],
    p: Encoded,
    *,
    max_len: int,
    bos: int,
    eos: int,
    max_q: int = 48,
) -> list[Window]:
    """Overlapping windows (stride half a window) over the passage tokens, question first."""
    q = list(q_ids)[:max_q]
    room = max(8, max_len - len(q) - 4)
    stride = max(1, room // 2)
    out: list[Window] = []
    n = len(p.ids)
    head = [bos, *q, eos, eos]
    pad = [-1] * len(head)
    for a in range(0, max(n, 1), stride):
        b = min(n, a + room)
        ids = (*head, *p.ids[a:b], eos)
        out.append(Window(ids, (*pad, *p.starts[a:b], -1), (*pad, *p.ends[a:b], -1), len(head)))
        if b >= n:
            break
    return out


def token_span(w: Window, start: int, end: int) -> tuple[int, int] | None:
    """Positions of the first and last token covering chars ``[start, end)``, if inside ``w``."""
    s = np.asarray(w.starts)
    e = np.asarray(w.ends)
    inside = s >= 0
    first = np.nonzero(inside & (e > start))[0]
    last = np.nonzero(inside & (s < end))[0]
    if not len(first) or not len(last):
        return None
    i, j = int(first[0]), int(last[-1])
    if s[i] > start or e[j] < end or i > j:
        return None
    return i, j
