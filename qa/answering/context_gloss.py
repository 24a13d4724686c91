"""Glosses chosen in context: the Chinese word an English question word means *here*.

A dictionary gloss is often the wrong sense (agency → 中介所, jobs → 乔布斯), so no sentence
covers the question. After retrieval, each common content word of an English question gets
the Chinese words of the top retrieved passages that (a) are one of its dictionary senses
(any sense, not just the first few), or (b) are close to it in the multilingual e5 space:
the word, and the word inside its phrase, against every jieba word of the passages, above
:class:`ContextGlossSettings`. Names, numbers and proper nouns keep their own mechanisms (pinyin,
:mod:`qa.answering.spelled`); Chinese questions are never touched.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.records import Gloss, Query
from qa.retrieval.dictionary import lemmas, load_dictionary
from qa.text.cjk import is_cjk

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContextGlossSettings:
    """How in-context words are chosen (set on newsdev's English questions)."""

    # cosine of e5 query vectors (English word vs Chinese word) minus the Chinese word's
    # "hubness": its mean cosine to its 10 nearest news-glossary English words, so a word
    # close to everything (项目) is not chosen for everything
    min_margin: float = 0.035
    sense_margin: float = 0.0  # a dictionary sense needs only to be no farther than a hub
    hub_k: int = 10
    per_word: int = 2  # at most this many embedding choices per English word
    # texts read: answer() passes the top articles' titles first, then the top passages (with 5
    # articles: 5 titles + the 3 best passages)
    max_texts: int = 8
    max_candidates: int = 400  # Chinese words compared (the most frequent first)
    cache_size: int = 20000  # Chinese word vectors kept across questions


S = ContextGlossSettings()
ENABLED = os.environ.get("NEWSQA_CONTEXT_GLOSS", "1") != "0"  # bench: before/after in one code
_TOKENIZER = None
_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_LOCK = threading.Lock()


def _candidates(texts: Sequence[str]) -> list[str]:
    """Chinese words (2–6 characters) of ``texts``, most frequent first."""
    global _TOKENIZER
    if _TOKENIZER is None:
        from qa.text.tokenize import Tokenizer

        _TOKENIZER = Tokenizer()
    counts: dict[str, int] = {}
    for t in texts[: S.max_texts]:
        for w in _TOKENIZER.words(t):
            if 2 <= len(w) <= 6 and is_cjk(w):
                counts[w] = counts.get(w, 0) + 1
    return sorted(counts, key=lambda w: -counts[w])[: S.max_candidates]


def _encoder():  # noqa: ANN202 - an embeddings.registry Encoder
    from embeddings.registry import get_encoder

    return get_encoder("e5")


def _vectors(words: Sequence[str]) -> np.ndarray:
    """Normalised e5 query vectors of ``words``; Chinese words are cached across questions."""
    with _LOCK:
        missing = [w for w in dict.fromkeys(words) if w not in _CACHE]
    if missing:
        vecs = np.asarray(_encoder().encode_queries(missing), dtype=np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
        with _LOCK:
            for w, v in zip(missing, vecs, strict=True):
                _CACHE[w] = v
            while len(_CACHE) > S.cache_size:
                _CACHE.popitem(last=False)
    with _LOCK:
        return np.stack([_CACHE[w] for w in words]) if words else np.zeros((0, 384), np.float32)


def _senses(word: str) -> set[str]:
    """Every Chinese headword the dictionary gives for ``word`` or its lemmas."""
    d = load_dictionary()
    return {h for lem in lemmas(word) for h, _ in d.get(lem, ())}


def _reference() -> np.ndarray:
    """Vectors of the news glossary's English words: the yardstick of hubness."""
    from qa.text.vocab import table

    return _vectors(sorted(table("news_glossary.tsv")))


def _targets(query: Query) -> list[Gloss]:
    """Common content words to choose for: not names, not proper nouns, not numbers."""
    skip = set(query.name_words)
    return [g for g in query.glosses if not g.proper and g.word.lower() not in skip]


def choose(query: Query, texts: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """English word → Chinese words of ``texts`` chosen for it in context ({} for Chinese)."""
    if not ENABLED or query.lang != "en" or not texts:
        return {}
    targets = _targets(query)
    cands = _candidates(texts)
    if not targets or not cands:
        return {}
    cv = _vectors(cands)
    hub = np.sort(cv @ _reference().T, axis=1)[:, -S.hub_k :].mean(axis=1)
    margins = _vectors([g.word for g in targets]) @ cv.T - hub
    out = {}
    for g, row in zip(targets, margins, strict=True):
        senses = _senses(g.word)
        # (a) a dictionary sense printed here, unless the word is far from it in context
        picked = [c for c, m in zip(cands, row, strict=True) if c in senses and m >= S.sense_margin]
        # (b) the nearest words of the passages, clearly above their hubness
        order = np.argsort(-row)[: S.per_word]
        picked += [cands[j] for j in order if row[j] >= S.min_margin]
        out[g.word] = list(dict.fromkeys(picked))
    log.debug("context glosses %s", out)
    return {w: tuple(c) for w, c in out.items() if c}
