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
_WS_CHARS = " \t\u3000\u00a0"
# A whitespace run is only tried from its first character and never given back (possessive):
# a lookahead after a plain ``[ ]+`` re-scans the rest of the run from every space in it,
# which is quadratic in the run's length.
_WS = f"(?<![{_WS_CHARS}])[{_WS_CHARS}]++"
_SPACES = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCT}0-9]){_WS}(?=[{CJK}{CJK_PUNCT}])"
    rf"|(?<=[{CJK}{CJK_PUNCT}]){_WS}(?=[0-9])"
    rf"|(?<=[{CJK_PUNCT}]){_WS}|{_WS}(?=[{CJK_PUNCT}])"
)
_DIGIT_SPACES = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCT}]){_WS}(?=[0-9])|(?<=[0-9]){_WS}(?=[{CJK}{CJK_PUNCT}])"
    rf"|(?<=[{CJK_PUNCT}]){_WS}|{_WS}(?=[{CJK_PUNCT}])"
)
_MULTI_WS = re.compile(f"[{_WS_CHARS}]+")


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


def join_all(pieces: Iterable[str]) -> str:
    """Wrapped pieces joined as :func:`join_lines` would join them one by one, in linear time
    (one list, one join: adding to a growing string copies it every time).

    >>> join_all(["敢于向问题叫", "板，", "Super", "Bowl"])
    '敢于向问题叫板，Super Bowl'
    """
    out: list[str] = []
    last = ""
    for b in pieces:
        if b and last and _latin(last) and _latin(b[0]):
            out.append(" ")
        if b:
            out.append(b)
            last = b[-1]
    return "".join(out)


def _latin(c: str) -> bool:
    return c.isascii() and c.isalpha()


def reflow(lines: Iterable[str], *, normalize: bool = True) -> str:
    """Join hard-wrapped ``lines`` into paragraphs separated by ``\\n``.

    With ``normalize`` (the default) OCR spacing is normalised too (:func:`normalize_spacing`).

    >>> reflow(["敢于向问题叫", "", "板，求真务实。", "", "一要坚持创新。"])
    '敢于向问题叫板，求真务实。\\n一要坚持创新。'
    """
    paras: list[str] = []
    cur: list[str] = []  # the pieces of the paragraph being read
    cur_ends = False  # whether they end a paragraph (ends_paragraph of their join)
    blank_before = False
    for raw in lines:
        line = raw.strip()
        if not line:
            blank_before = bool(cur)
            continue
        if blank_before and cur_ends:
            paras.append(join_all(cur))
            cur, cur_ends = [], False
        cur.append(line)
        # closers alone (a line of ”) leave the answer to the text before them
        if line.rstrip(CLOSERS):
            cur_ends = ends_paragraph(line)
        blank_before = False
    if cur:
        paras.append(join_all(cur))
    text = "\n".join(paras)
    return normalize_spacing(text) if normalize else text
