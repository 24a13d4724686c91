"""The one tokenizer for indexing and questions: jieba search-mode words + CJK bigrams.

Measured on the shared benchmarks (see their README): jieba search-mode tokens plus character
bigrams, with question words dropped, beat plain jieba for BM25. Names jieba does not know
(樊惠林) come in through a user dictionary of the people and places ingestion extracted, and
the bigram fallback still matches them when the dictionary misses.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qa.records import Article
from qa.text.cjk import CJK, CJK_RUN
from qa.text.t2s import to_simplified
from qa.text.vocab import word_list

log = logging.getLogger(__name__)

# Question words and function words that carry no content for retrieval (qa/data/).
QUESTION_WORDS = word_list("question_words_zh.txt")
STOP_TOKENS = frozenset(QUESTION_WORDS + word_list("stop_zh.txt") + word_list("stop_en_index.txt"))
# 哪 + a measure word (哪篇, 哪条, 哪届…) is a question word whatever the measure word
QW_PATTERN = (
    "|".join(sorted(map(re.escape, QUESTION_WORDS), key=len, reverse=True)) + f"|哪一?[{CJK}]"
)
_QW_RE = re.compile(QW_PATTERN)
_KEEP = re.compile(f"[{CJK}]|[0-9a-z]")


def normalize(text: str) -> str:
    """Simplified characters, NFKC, lower-case (full-width digits and letters become ASCII;
    縣長 becomes 县长, see :mod:`qa.text.t2s`)."""
    return unicodedata.normalize("NFKC", to_simplified(text)).lower()


def user_words(articles: Sequence[Article]) -> tuple[str, ...]:
    """Names ingestion extracted (people, reporters), for jieba's user dictionary."""
    words = {p.name for a in articles for p in a.people}
    words.update(n for a in articles for n in (*a.reporters, *a.correspondents))
    return tuple(sorted(w for w in words if 2 <= len(w) <= 6))


@dataclass(frozen=True)
class TokenizerConfig:
    """Tokenizer settings, recorded in the index manifest."""

    bigrams: bool = True
    search_mode: bool = True
    user_words: tuple[str, ...] = ()

    def user_hash(self) -> str:
        return hashlib.sha1("\n".join(sorted(self.user_words)).encode()).hexdigest()[:16]

    def to_manifest(self) -> dict[str, Any]:
        return {
            "kind": "jieba+bigrams" if self.bigrams else "jieba",
            "search_mode": self.search_mode,
            "user_words": len(self.user_words),
            "user_dict_hash": self.user_hash(),
        }


class Tokenizer:
    """jieba tokens (search mode) + character bigrams of CJK runs, stop words dropped.

    Cheap to construct; jieba's dictionary loads on first use (≈0.5 s), once per instance.
    The user words go into this instance's own jieba dictionary, never the global one.

    >>> Tokenizer().tokenize("谁主持了会议？", query=True)
    ['主持', '会议', '主持', '持了', '了会', '会议']
    """

    def __init__(self, config: TokenizerConfig | None = None) -> None:
        self.config = config or TokenizerConfig()
        self._jieba: Any = None
        self._lock = threading.Lock()

    def _tk(self) -> Any:
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    tk = jieba.Tokenizer()
                    tk.initialize()
                    for w in self.config.user_words:
                        if len(w) >= 2:
                            tk.add_word(w, freq=2000)
                    self._jieba = tk
        return self._jieba

    def tokenize(self, text: str, *, query: bool = False) -> list[str]:
        """Tokens of ``text``; with ``query=True`` question words are removed first."""
        text = normalize(text)
        if query:
            text = _QW_RE.sub(" ", text)
        out = self._words(text, search_mode=self.config.search_mode)
        if self.config.bigrams:
            for run in CJK_RUN.findall(text):
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
        return out

    def words(self, text: str) -> list[str]:
        """Plain words of ``text`` (jieba's default mode, no bigrams, stop words dropped),
        with the same dictionary as :meth:`tokenize`: the key terms of a question."""
        return self._words(normalize(text), search_mode=False)

    def _words(self, text: str, *, search_mode: bool) -> list[str]:
        tk = self._tk()
        words = tk.lcut_for_search(text) if search_mode else tk.lcut(text)
        return [
            w for w in (w.strip() for w in words) if w and _KEEP.match(w) and w not in STOP_TOKENS
        ]

    def tokenize_many(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.tokenize(t) for t in texts]
