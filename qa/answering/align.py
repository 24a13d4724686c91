"""Answer slot by surface alignment: the question, with its question word taken out, is
matched against a sentence; the text where the question word was is the answer.

"锣鼓经是什么？" against "锣鼓经是大陆传统器乐及戏曲里面常用的打击乐记谱方法，…" gives
"大陆传统器乐及戏曲里面常用的打击乐记谱方法". Used for "what" questions, whose answers are
free phrases rather than typed spans.
"""

from __future__ import annotations

import re

_QWORD = re.compile(
    r"什么样的|什么|哪一[个种位年天]|哪[个些种位年里儿家天]|哪|谁|多少|如何|怎样|为什么|何"
)
_STOP = "，。；：！？、,.;:!?（）()《》“”"
_TRIM = "是为的了在于被将把和及与"


def _longest_suffix_in(text: str, sent: str, lo: int = 2, hi: int = 6) -> tuple[int, int] | None:
    for n in range(min(hi, len(text)), lo - 1, -1):
        i = sent.find(text[-n:])
        if i >= 0:
            return i, i + n
    return None


def _longest_prefix_in(text: str, sent: str, start: int, lo: int = 2, hi: int = 6) -> int | None:
    for n in range(min(hi, len(text)), lo - 1, -1):
        i = sent.find(text[:n], start)
        if i >= 0:
            return i
    return None


def align_span(question: str, sent: str, max_len: int = 40) -> tuple[int, int] | None:
    """The span of ``sent`` that fills the question word's slot, or None."""
    q = question.strip().rstrip("？?。 ")
    m = _QWORD.search(q)
    if not m:
        return None
    left, right = q[: m.start()].rstrip(_TRIM), q[m.end() :].lstrip(_TRIM)
    anchor = _longest_suffix_in(left, sent) if left else None
    if anchor is None:
        return None
    a = anchor[1]
    while a < len(sent) and sent[a] in _TRIM:
        a += 1
    b = _longest_prefix_in(right, sent, a) if right else None
    if b is None or not (a < b <= a + max_len):
        b = a
        while b < len(sent) and sent[b] not in _STOP and b - a < max_len:
            b += 1
    return (a, b) if b > a else None
