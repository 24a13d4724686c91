"""Chinese strings in retrieved text whose toneless pinyin spells an English proper noun.

A dictionary translates "Hanchuan" as 汉川, a real city; the local paper prints 瀚川, an
invented company, or 槐安 for "Huai'an". Names of small places, firms and villages are rarely
in any dictionary, but the retrieved passages hold them: a run of 2–4 Chinese characters whose
pinyin equals the English word is the name the question means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from qa.text.cjk import is_cjk

MAX_CHARS = 4  # longest name spelled by one English word (Shimengou → 石门沟)


@lru_cache(maxsize=4096)
def _syllables(text: str) -> tuple[str, ...]:
    """One toneless syllable per character of ``text`` ('' for a non-Chinese character)."""
    from pypinyin import lazy_pinyin

    out = lazy_pinyin(text, errors=lambda s: [""] * len(s))
    return tuple(out) if len(out) == len(text) else tuple(lazy_pinyin(c)[0] for c in text)


def spelled(word: str, texts: Iterable[str]) -> tuple[str, ...]:
    """Distinct runs of 2–4 Chinese characters in ``texts`` whose pinyin is ``word``.

    >>> spelled("Huai'an", ["槐安县上半年重点项目"])
    ('槐安',)
    """
    key = re.sub(r"[^a-z]", "", word.lower())
    if len(key) < 4:
        return ()
    found: dict[str, None] = {}
    for text in texts:
        syl = _syllables(text)
        for i, s in enumerate(syl):
            if not s or not key.startswith(s):
                continue
            acc = s
            for j in range(i + 1, min(len(syl), i + MAX_CHARS)):
                if not syl[j]:
                    break
                acc += syl[j]
                if acc == key and is_cjk(text[i : j + 1]):
                    found[text[i : j + 1]] = None
                if not key.startswith(acc):
                    break
    return tuple(found)
