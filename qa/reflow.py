"""Re-flow hard-wrapped page text and normalise OCR spacing.

Lines of one paragraph are joined with no space (a space only between two Latin letters).
A blank line is a paragraph break only after sentence-final punctuation; elsewhere it is a
column break that split a word (``坚苦努\\n\\n力``) and is joined. Spaces next to CJK
characters and digits are removed (``5月 31日`` → ``5月31日``); spaces between Latin words
are kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SENTENCE_END = "。！？；…!?;"
CLOSERS = "”’」』）)》"
_CJK_PUNCT = "，。、；：？！“”‘’（）《》【】「」『』…—·"
_SPACE_CJK = re.compile(
    rf"(?<=[{CJK}{_CJK_PUNCT}0-9])[ \t\u3000]+(?=[{CJK}{_CJK_PUNCT}])"
    rf"|(?<=[{CJK}{_CJK_PUNCT}])[ \t\u3000]+(?=[0-9])"
)
_SPACE_DIGIT = re.compile(
    rf"(?<=[{CJK}{_CJK_PUNCT}])[ \t\u3000]+(?=[0-9])|(?<=[0-9])[ \t\u3000]+(?=[{CJK}])"
)


def normalize_spacing(text: str) -> str:
    """Remove OCR spaces between CJK characters, CJK punctuation and digits.

    >>> normalize_spacing("5月 31日，17个镇办等 39个单位 MAH药品 Super Bowl")
    '5月31日，17个镇办等39个单位 MAH药品 Super Bowl'
    """
    return _SPACE_CJK.sub("", text)


def normalize_digit_spacing(text: str) -> str:
    """Remove only spaces between CJK and digits (headlines keep spaces between phrases)."""
    return _SPACE_DIGIT.sub("", text)


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation (closing quotes allowed)."""
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in SENTENCE_END


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def reflow(lines: Sequence[str]) -> str:
    """Join hard-wrapped ``lines`` into paragraphs separated by ``\\n``."""
    paras: list[str] = []
    cur = ""
    pending_blank = False
    for raw in lines:
        line = raw.strip()
        if not line:
            pending_blank = bool(cur)
            continue
        if pending_blank and ends_sentence(cur):
            paras.append(cur)
            cur = line
        else:
            cur = _join(cur, line)
        pending_blank = False
    if cur:
        paras.append(cur)
    return "\n".join(normalize_spacing(p) for p in paras)
