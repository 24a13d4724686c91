"""Re-flow hard-wrapped page text and normalise OCR spacing.

Lines of one paragraph are joined with no space (one space only between two Latin letters).
A blank line is a paragraph break only after sentence-final punctuation; elsewhere it is a
column break that split a word (``坚苦努\\n\\n力``, ``2023\\n\\n中国发展``) and is joined.
Spaces between CJK characters, CJK punctuation and digits are removed (``5月 31日`` →
``5月31日``, ``世界 500 强`` → ``世界500强``); Latin text is left as written (``MAH药品``,
``Super Bowl``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.text.cjk import CJK

# Punctuation that may end a paragraph (a closing quote or bracket may follow it).
PARAGRAPH_END = "。！？…!?"
CLOSERS = "”’」』）)》】"
# Full-width and CJK punctuation: no space is meaningful next to it.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—·\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"
_WS = "[ \t\u3000\u00a0]+"
_SPACES = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCT}0-9]){_WS}(?=[{CJK}{CJK_PUNCT}])"
    rf"|(?<=[{CJK}{CJK_PUNCT}]){_WS}(?=[0-9])"
    rf"|(?<=[{CJK_PUNCT}]){_WS}|{_WS}(?=[{CJK_PUNCT}])"
)
_DIGIT_SPACES = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCT}]){_WS}(?=[0-9])|(?<=[0-9]){_WS}(?=[{CJK}{CJK_PUNCT}])"
    rf"|(?<=[{CJK_PUNCT}]){_WS}|{_WS}(?=[{CJK_PUNCT}])"
)
_MULTI_WS = re.compile(_WS)


def normalize_spacing(text: str) -> str:
    """Remove OCR spaces between CJK characters, CJK punctuation and digits.

    Spaces between two Latin words (or a Latin word and a digit) are kept, collapsed to one.

    >>> normalize_spacing("5月 31日，17个镇办等 39个单位 MAH药品 Super  Bowl")
    '5月31日，17个镇办等39个单位 MAH药品 Super Bowl'
    """
    return _MULTI_WS.sub(" ", _SPACES.sub("", text))


def normalize_digit_spacing(text: str) -> str:
    """Remove spaces next to digits and punctuation only: a headline keeps the space that
    separates two phrases (``二七区与中交投资签约 探索央地合作新模式``)."""
    return _MULTI_WS.sub(" ", _DIGIT_SPACES.sub("", text)).strip()


def ends_paragraph(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation (a closing quote may follow).

    >>> ends_paragraph("他说：“好。”"), ends_paragraph("向问题叫")
    (True, False)
    """
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in PARAGRAPH_END


def join_lines(a: str, b: str) -> str:
    """Join two wrapped pieces: no space, except between two Latin letters."""
    if a and b and _latin(a[-1]) and _latin(b[0]):
        return a + " " + b
    return a + b


def _latin(c: str) -> bool:
    return c.isascii() and c.isalpha()


def reflow(lines: Iterable[str], *, normalize: bool = True) -> str:
    """Join hard-wrapped ``lines`` into paragraphs separated by ``\\n``.

    With ``normalize`` (the default) OCR spacing is normalised too (:func:`normalize_spacing`).

    >>> reflow(["敢于向问题叫", "", "板，求真务实。", "", "一要坚持创新。"])
    '敢于向问题叫板，求真务实。\\n一要坚持创新。'
    """
    paras: list[str] = []
    cur = ""
    blank_before = False
    for raw in lines:
        line = raw.strip()
        if not line:
            blank_before = bool(cur)
            continue
        if blank_before and ends_paragraph(cur):
            paras.append(cur)
            cur = line
        else:
            cur = join_lines(cur, line)
        blank_before = False
    if cur:
        paras.append(cur)
    text = "\n".join(paras)
    return normalize_spacing(text) if normalize else text
