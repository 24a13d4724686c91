"""English questions → Chinese terms: dictionary translations and pinyin of archive names.

Capitalised words are matched, as toneless pinyin, against names and words of the archive,
so "Lin Yifu" finds 林毅夫 and "Erqi" 二七; other words are translated with
:mod:`qa.retrieval.dictionary`. Candidates that never occur in the archive's vocabulary are
dropped from BM25 queries: they cannot match.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable

from qa.records import Gloss
from qa.retrieval.dictionary import W, lemmas, load_dictionary, stop_en
from qa.text.cjk import CJK_CHAR, capitalised_runs, is_chinese, is_cjk
from qa.text.vocab import table


class CrossLingual:
    """Expands an English question into weighted Chinese terms that occur in the archive."""

    def __init__(self, vocabulary: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        self.vocabulary = frozenset(vocabulary)
        self.names = tuple(names)
        self._pinyin: dict[str, list[str]] | None = None
        self._lock = threading.Lock()

    def _pinyin_map(self) -> dict[str, list[str]]:
        if self._pinyin is None:
            with self._lock:
                if self._pinyin is None:
                    from pypinyin import lazy_pinyin

                    words = set(self.names)
                    words.update(w for w in self.vocabulary if 2 <= len(w) <= 4 and is_cjk(w))
                    m: dict[str, list[str]] = defaultdict(list)
                    for w in sorted(words):
                        m["".join(lazy_pinyin(w)).lower()].append(w)
                    self._pinyin = dict(m)
        return self._pinyin

    def _known(self, w: str) -> bool:
        return (
            not self.vocabulary or w in self.vocabulary or (len(w) == 1 and bool(CJK_CHAR.match(w)))
        )

    def _translate(
        self, key: str, per_key: int, *, known_only: bool = True
    ) -> list[tuple[str, float]]:
        out = []
        for head, s in load_dictionary().get(key, ()):
            if not known_only or self._known(head):
                out.append((head, s))
                if len(out) >= per_key:
                    break
        return out

    def names_in(self, question: str) -> list[tuple[str, float]]:
        """Chinese names whose pinyin is a run of capitalised words (whole run, then each word)."""
        out: list[tuple[str, float]] = []
        pm = self._pinyin_map()
        for parts in capitalised_runs(question):
            keys = ["".join(parts)] + ([p for p in parts if len(p) >= 4] if len(parts) > 1 else [])
            for key in keys:
                for w in pm.get(key, ())[:3]:
                    out.append((w, 1.0))
        return out

    def expand(self, question: str, *, max_terms: int = 40) -> list[tuple[str, float]]:
        """Weighted Chinese terms for an English question; [] for a Chinese one."""
        if is_chinese(question):
            return []
        terms: dict[str, float] = {}

        def add(w: str, s: float) -> None:
            terms[w] = max(terms.get(w, 0.0), s)

        for w, s in self.names_in(question):
            add(w, s)
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", question)]
        used: set[int] = set()
        for n in (3, 2):  # phrases first: "flood control", "people's congress"
            for i in range(len(words) - n + 1):
                key = " ".join(w.lower() for w in words[i : i + n])
                hits = self._translate(key, 4)
                for w, s in hits:
                    add(w, s)
                if hits:
                    used.update(range(i, i + n))
        for i, word in enumerate(words):
            if word.lower() in stop_en() or len(word) < 3 or i in used:
                continue
            for w, s in self._word_translations(word):
                add(w, s * W.single_word)
        return sorted(terms.items(), key=lambda x: -x[1])[:max_terms]

    def _word_translations(self, word: str, *, known_only: bool = True) -> list[tuple[str, float]]:
        """Translations of the first lemma of ``word`` the dictionary knows."""
        for lem in lemmas(word):
            hits = self._translate(lem, 6, known_only=known_only)
            if hits:
                return hits
        return []

    def glosses(self, question: str) -> tuple[Gloss, ...]:
        """Content words of an English question, each with its Chinese translations (the
        glossary's first, then the dictionary's, whether or not the archive prints them)."""
        glossary = table("news_glossary.tsv")
        out = []
        for i, word in enumerate(re.findall(r"[A-Za-z][A-Za-z'-]+", question)):
            lw = word.lower().strip("'")
            if lw in stop_en() or len(lw) < 3:
                continue
            gloss = [t for lem in lemmas(lw) for t in glossary.get(lem, ()) if len(t) >= 2]
            found = [t for t, _ in self._word_translations(word, known_only=False) if len(t) >= 2]
            trans = tuple(dict.fromkeys(gloss + found))
            in_archive = any(t in self.vocabulary for t in trans)
            out.append(Gloss(word, word[0].isupper() and i > 0, trans, in_archive))
        return tuple(out)
