"""Chinese characters and the language of a question: one definition for the whole package.

``CJK`` is a regex character-class body (CJK Unified Ideographs, Extension A and the
compatibility ideographs), to be used inside ``[...]``.
"""

from __future__ import annotations

import re
from typing import Literal

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
CJK_RUN = re.compile(f"[{CJK}]+")
_LATIN = re.compile(r"[A-Za-z]")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:[ -]+[A-Z][a-z]+)*")

Language = Literal["zh", "en"]


def is_cjk(text: str) -> bool:
    """True when every character of a non-empty ``text`` is a Chinese character."""
    return bool(text) and all(CJK_CHAR.match(c) for c in text)


def is_chinese(text: str) -> bool:
    """True when ``text`` is written in Chinese (CJK characters, not a stray one among Latin)."""
    cjk = len(CJK_CHAR.findall(text))
    latin = len(_LATIN.findall(text))
    return cjk >= 2 or (cjk > 0 and cjk * 3 >= latin)


def language(text: str) -> Language:
    """'zh' for a question written in Chinese, else 'en'.

    >>> language("谁主持了会议？"), language("Who chaired the meeting?")
    ('zh', 'en')
    """
    return "zh" if is_chinese(text) else "en"


def capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words, lower-cased: "Lin Yifu spoke" → [["lin", "yifu"]]."""
    return [
        [p.lower() for p in re.split(r"[ -]+", run.strip()) if p]
        for run in _CAPITALISED_RUN.findall(text)
    ]


def u_umlaut_spellings(key: str) -> set[str]:
    """Toneless pinyin as English texts spell ü (pypinyin's ``v``): 吕安民 ``lvanmin`` is also
    written Lu Anmin, Lyu Anmin (the passport form) and Lü Anmin."""
    if "v" not in key:
        return {key}
    return {key, key.replace("v", "u"), key.replace("v", "yu"), key.replace("v", "ü")}
