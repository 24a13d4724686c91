"""Hybrid retrieval: BM25 (with English→Chinese query expansion) + dense FAISS, fused.

Given a question in Chinese or English, return ranked passages (Hit), each pointing at exact
characters of an article.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from qa.index.store import IndexData
from qa.records import Article, Hit, Passage, Query
from qa.retrieval.fuse import FusionWeights, fuse
from qa.settings import DEFAULT, Settings
from qa.text.cjk import capitalised_runs, language
from qa.text.tokenize import Tokenizer

log = logging.getLogger(__name__)


def _numbers(text: str) -> tuple[str, ...]:
    """Numbers written in a question (they must match as written)."""
    return tuple(re.findall(r"\d+(?:\.\d+)?", text))


class Retriever:
    """Searches one loaded index. Thread-safe for concurrent searches (read-only state)."""

    def __init__(
        self, data: IndexData, settings: Settings = DEFAULT, weights: FusionWeights | None = None
    ) -> None:
        self.data = data
        self.settings = settings
        self.weights = weights or FusionWeights()
        self.tokenizer = Tokenizer(data.tokenizer_config)
        self.articles: dict[str, Article] = {a.id: a for a in data.articles}
        self.passages: list[Passage] = data.passages
        self._xling: Any = None
        self._people: frozenset[str] = frozenset()  # names ingestion found, set with _xling
        self._lock = threading.Lock()

    # --- signals ------------------------------------------------------------------------
    def _crossling(self) -> Any:
        if self._xling is None:
            with self._lock:
                if self._xling is None:
                    from qa.retrieval.crossling import CrossLingual

                    self._people = frozenset(p.name for a in self.data.articles for p in a.people)
                    self._xling = CrossLingual(self.data.bm25.vocab.terms, self._people)
        return self._xling

    def bm25_query(self, question: str, lang: str) -> dict[str, float]:
        """Weighted BM25 query terms: tokens of a Chinese question, translations of English."""
        return self._bm25_terms(question, lang)[0]

    def _bm25_terms(self, question: str, lang: str) -> tuple[dict[str, float], bool]:
        """(weighted terms, whether a word of the archive was matched by pinyin)."""
        q: dict[str, float] = {}
        if lang == "zh":
            for t in self.tokenizer.tokenize(question, query=True):
                q[t] = q.get(t, 0.0) + 1.0
            return q, False
        expanded = self._crossling().expand(question)
        for term, w in expanded:
            for t in self.tokenizer.tokenize(term):
                q[t] = max(q.get(t, 0.0), w)
        for t in _numbers(question):
            q[t] = max(q.get(t, 0.0), 1.0)
        return q, any(w >= 1.0 for _, w in expanded)  # names weigh 1.0, dictionary terms less

    def query(self, question: str) -> Query:
        """The retrieval half of a :class:`Query`: language, BM25 terms and, for an English
        question, the archive's people it names (by pinyin) and its words' translations."""
        lang = language(question)
        terms, matched = self._bm25_terms(question, lang)
        q = Query(text=question, lang=lang, bm25_terms=tuple(terms.items()), name_matched=matched)
        if lang == "zh":
            return q
        xl = self._crossling()
        names = tuple(dict.fromkeys(w for w, _ in xl.names_in(question) if w in self._people))
        name_words = tuple(w for run in capitalised_runs(question) for w in run) if names else ()
        numbers = _numbers(question)
        return replace(
            q, names=names, name_words=name_words, glosses=xl.glosses(question), numbers=numbers
        )

    def idf(self, term: str) -> float:
        """BM25 idf of ``term`` in this index (a term the archive never prints weighs most)."""
        return self.data.bm25.idf(term)

    def words(self, text: str) -> list[str]:
        """Plain jieba words of ``text`` with this index's user dictionary (no bigrams)."""
        return self.tokenizer.words(text)

    def _dense(self, name: str, question: str, n: int) -> tuple[np.ndarray, np.ndarray, Any]:
        from embeddings import faiss_index
        from embeddings.registry import get_encoder

        qv = get_encoder(name).encode_queries([question])
        scores, ids = faiss_index.search(self.data.dense[name], qv, n)
        return scores[0], ids[0], qv[0]

    def warm(self) -> None:
        """Load what the first question would otherwise wait for: jieba, the encoders,
        the English dictionary and the pinyin map of the archive's names and words."""
        self.search("谁主持了会议？", 1)
        self.search("Who chaired the meeting?", 1)  # also builds the dictionary and pinyin map

    # --- search -------------------------------------------------------------------------
    def search(
        self,
        query: Query | str,
        k: int | None = None,
        *,
        signals: Sequence[str] | None = None,
        timings: dict[str, float] | None = None,
    ) -> list[Hit]:
        """Top ``k`` passages for ``query`` (``signals`` restricts the signals used)."""
        if isinstance(query, str):
            query = self.query(query)
        k = k or self.settings.k
        n_cand = max(self.settings.candidates, k)
        use = list(signals) if signals else ["bm25", *self.data.dense]
        tm = timings if timings is not None else {}
        refs: dict[str, np.ndarray] = {}
        cand: set[int] = set()
        bm_all = self._bm25_candidates(query, n_cand, refs, cand, tm) if "bm25" in use else None
        qvecs = {}
        for name in (s for s in use if s in self.data.dense):
            t = time.perf_counter()
            s, ids, qv = self._dense(name, query.text, n_cand)
            refs[name] = s
            cand.update(int(i) for i in ids)
            qvecs[name] = qv
            tm[f"dense_{name}"] = time.perf_counter() - t
        t = time.perf_counter()
        hits = self._fuse(query, k, np.fromiter(sorted(cand), np.int64), bm_all, qvecs, refs)
        tm["fusion"] = time.perf_counter() - t
        return hits

    def _bm25_candidates(
        self,
        query: Query,
        n: int,
        refs: dict[str, np.ndarray],
        cand: set[int],
        tm: dict[str, float],
    ) -> np.ndarray:
        """BM25 scores of every passage; the top ``n`` join the candidates and the reference."""
        t = time.perf_counter()
        bm_all = self.data.bm25.scores(dict(query.bm25_terms))
        top = np.argpartition(-bm_all, min(n, len(bm_all) - 1))[:n]
        refs["bm25"] = bm_all[top]
        cand.update(int(i) for i in top if bm_all[i] > 0)
        tm["bm25"] = time.perf_counter() - t
        return bm_all

    def _fuse(
        self,
        query: Query,
        k: int,
        ids: np.ndarray,
        bm_all: np.ndarray | None,
        qvecs: dict[str, np.ndarray],
        refs: dict[str, np.ndarray],
    ) -> list[Hit]:
        """Score the candidates ``ids`` with every signal, fuse, and keep the top ``k``."""
        scores: dict[str, np.ndarray] = {}
        if bm_all is not None:
            scores["bm25"] = bm_all[ids]
        for name, qv in qvecs.items():
            vecs = self.data.dense[name].reconstruct_batch(ids) if len(ids) else np.zeros((0, 1))
            scores[name] = vecs @ qv if len(ids) else np.zeros(0, np.float32)
        weights = dict(self.weights.for_lang(query.lang))
        if query.lang == "en" and query.name_matched and bm_all is not None:
            weights["bm25"] = max(weights.get("bm25", 0.0), self.weights.en_name_bm25)
        fused, zs = fuse(scores, refs, weights)
        order = np.argsort(-fused, kind="stable")[:k]
        return [
            Hit(
                self.passages[int(ids[i])],
                float(fused[i]),
                {name: float(z[i]) for name, z in zs.items()},
            )
            for i in order
        ]
