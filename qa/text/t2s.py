"""Traditional → Simplified Chinese, one character for one character, so offsets stay exact.

Indexing and matching see Simplified text; what is stored and shown stays as printed. The map
is OpenCC's ``TSCharacters`` (package ``opencc-python-reimplemented``) reduced to single
characters: a traditional character becomes the first simplified form OpenCC lists, except
where that form is ambiguous because the character is also written in Simplified text
(乾 干/乾, 覆 复/覆): those are left alone. ``len(to_simplified(s)) == len(s)`` always, so an
offset into one is an offset into the other. Without the package nothing is converted (a
warning is logged once).

>>> to_simplified("縣長主持會議")
'县长主持会议'
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import cache
from pathlib import Path

from qa.records import Article, content_id

log = logging.getLogger(__name__)

# Ambiguous in OpenCC (the character is also Simplified) but practically always traditional.
_ALWAYS = frozenset("於徵麽")


def _dictionary() -> Path | None:
    try:
        import opencc
    except ImportError:
        return None
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    return path if path.is_file() else None


@cache
def char_map() -> dict[int, str]:
    """``str.translate`` table: traditional code point → one simplified character."""
    path = _dictionary()
    if path is None:
        log.warning(
            "opencc-python-reimplemented is not installed: traditional characters "
            "are indexed as printed (pip install opencc-python-reimplemented)"
        )
        return {}
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        options = values.split()
        if len(key) != 1 or not options or len(options[0]) != 1:
            continue
        if key in options and key not in _ALWAYS:
            continue  # 乾, 覆: also Simplified characters; context decides, we cannot
        if options[0] != key:
            table[ord(key)] = options[0]
    return table


def to_simplified(text: str) -> str:
    """``text`` with traditional characters replaced, same length (see module docstring)."""
    return text.translate(char_map())


def has_traditional(text: str) -> bool:
    """True when :func:`to_simplified` would change ``text``."""
    table = char_map()
    return any(ord(c) in table for c in text)


class _Printed:
    """Maps text derived from the converted page back to the characters of the printed page.

    Ingest only deletes and moves whitespace, so a field without whitespace is a substring of
    the converted page without whitespace; its characters are taken from the same places of
    the printed page. A field that is not found whole is matched in pieces; a character that
    is found nowhere stays as converted.
    """

    PIECE = 12

    def __init__(self, printed: str, converted: str) -> None:
        self.printed = printed
        self.pos = [i for i, c in enumerate(converted) if not c.isspace()]
        self.squeezed = "".join(converted[i] for i in self.pos)

    def restore(self, field: str) -> str:
        if not field or not has_traditional(self.printed):
            return field
        idx = [i for i, c in enumerate(field) if not c.isspace()]
        key = "".join(field[i] for i in idx)
        out = list(field)
        at = self.squeezed.find(key)
        if at >= 0:
            self._copy(out, idx, 0, len(idx), at)
            return "".join(out)
        start = 0
        for k in range(0, len(idx), self.PIECE):
            piece = key[k : k + self.PIECE]
            at = self.squeezed.find(piece, start)
            at = at if at >= 0 else self.squeezed.find(piece)
            if at >= 0:
                self._copy(out, idx, k, k + len(piece), at)
                start = at + len(piece)
        return "".join(out)

    def _copy(self, out: list[str], idx: list[int], a: int, b: int, at: int) -> None:
        for j in range(a, b):
            out[idx[j]] = self.printed[self.pos[at + j - a]]


def printed_articles(articles: list[Article], printed: str, converted: str) -> list[Article]:
    """Articles parsed from ``converted`` (= ``to_simplified(printed)``), with title, subtitle
    and text as printed; ids are hashes of the printed title and text. People, reporters and
    dates stay simplified: they are matched against questions, which are simplified too."""
    back = _Printed(printed, converted)
    out = []
    for a in articles:
        title, text = back.restore(a.title), back.restore(a.text)
        if to_simplified(text) != a.text:  # never store text whose offsets would not hold
            text = a.text
        out.append(
            replace(
                a,
                id=content_id(title, text),
                title=title,
                subtitle=back.restore(a.subtitle),
                text=text,
            )
        )
    return out


def simplified_article(a: Article) -> Article:
    """The article as indexing and answering see it (same offsets); itself when unchanged."""
    text = to_simplified(a.text)
    if text == a.text and not has_traditional(a.title + a.subtitle):
        return a
    return replace(a, text=text, title=to_simplified(a.title), subtitle=to_simplified(a.subtitle))
