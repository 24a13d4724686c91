"""Titles and subtitles: of an article's headline pieces the one that best matches its lead
is the title, the others are the subtitle (character-bigram overlap)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.ingest.headline_lines import object_line, title_span
from qa.ingest.reflow import join_all, normalize_digit_spacing
from qa.text.cjk import CJK

_RUN = re.compile(f"[{CJK}A-Za-z0-9]+")
_LEAD_END = re.compile(r"[。！？\n]")
_PHRASES = re.compile(rf"(.{{4,}}?[{CJK}”」）])[ \u3000]+([{CJK}“「（].{{3,}})")
TITLE_MARGIN = (
    0.25  # a later piece becomes the title only when it matches the lead this much better
)
LEAD_LIKE, BODY_QUOTE_LEAD, BODY_QUOTE = 0.5, 0.35, 0.6  # title vs subtitle lines of one block


def bigrams(text: str) -> set[str]:
    """Character bigrams of the CJK/Latin/digit runs of ``text``."""
    return {run[k : k + 2] for run in _RUN.findall(text) for k in range(len(run) - 1)}


def headline_text(lines: Sequence[str]) -> str:
    """Headline lines joined (a title broken over lines is one title), spacing normalised."""
    return normalize_digit_spacing(join_all(" ".join(line.split()) for line in lines))


def _overlap(text: str, grams: set[str]) -> float:
    g = bigrams(text)
    return len(g & grams) / len(g) if g else 0.0


def _split_phrases(title: str) -> tuple[str, str]:
    """``二七区与中交投资签约 探索央地合作新模式`` → title, subtitle (a space between two CJK
    phrases of at least four characters each)."""
    m = _PHRASES.fullmatch(title)
    return (m.group(1), m.group(2)) if m else (title, "")


def lead(text: str) -> str:
    """The article's lead: its first sentence (continued while under 50 characters), at most
    200 characters."""
    m = _LEAD_END.search(text, 50, 201)
    return text[: m.end() if m else 200][:200]


def _segments(lines: Sequence[str], lead_grams: set[str], body: set[str]) -> list[Sequence[str]]:
    """Headline lines cut in two where one part reads like the lead (a title) and the other
    quotes the body but not the lead (a subtitle or kicker); a broken title stays whole."""
    for k in range(1, len(lines)):
        if object_line(lines[k - 1], lines[k]):
            continue  # one headline broken before its object
        a, b = headline_text(lines[:k]), headline_text(lines[k:])
        for x, y in ((a, b), (b, a)):
            if (
                _overlap(x, lead_grams) >= LEAD_LIKE
                and _overlap(y, lead_grams) < BODY_QUOTE_LEAD
                and _overlap(y, body) >= BODY_QUOTE
            ):
                return [lines[:k], lines[k:]]
    return [lines]


def title_parts(pieces: Sequence[Sequence[str]], text: str) -> tuple[str, str, str]:
    """(title, subtitle, kicker) from an article's headline blocks (each a sequence of
    lines, in page order) and its body ``text``.

    The title is the piece that best matches the lead (the first in page order unless a
    later one matches clearly better); inside it, the lines that read as one headline
    broken over lines (:mod:`qa.ingest.headline_lines`). Lines and pieces above the title
    are the kicker (引题), those below it the subtitle (副题). ``A B`` on one line (two
    phrases) is title A, subtitle B.

    >>> title_parts([["总投资8亿元", "某县召开会议"]], "本报讯 某县召开会议，部署秋粮收购。")
    ('某县召开会议', '', '总投资8亿元')
    """
    if not pieces:
        return "", "", ""
    lead_grams, body = bigrams(lead(text)), bigrams(text)
    parts = [p for lines in pieces for p in _segments(lines, lead_grams, body)]
    best = 0
    for k in range(1, len(parts)):
        gain = _overlap(headline_text(parts[k]), lead_grams)
        if gain > _overlap(headline_text(parts[best]), lead_grams) + TITLE_MARGIN:
            best = k
    lines = parts[best]
    a, b = title_span(lines, lambda x: _overlap(headline_text([x]), lead_grams))
    title, sub = _split_phrases(headline_text(lines[a:b]))
    above = [headline_text(p) for p in parts[:best]] + ([headline_text(lines[:a])] if a else [])
    below = [sub] if sub else []
    below += [headline_text(lines[b:])] if b < len(lines) else []
    below += [headline_text(p) for p in parts[best + 1 :]]
    return title, " ".join(below), " ".join(above)


def title_and_subtitle(pieces: Sequence[Sequence[str]], text: str) -> tuple[str, str]:
    """(title, subtitle) of :func:`title_parts`, the kicker put before the subtitle.

    >>> title_and_subtitle([["某县召开会议 部署秋粮收购"]], "本报讯 某县召开会议，部署秋粮收购。")
    ('某县召开会议', '部署秋粮收购')
    """
    title, sub, kicker = title_parts(pieces, text)
    return title, " ".join(x for x in (kicker, sub) if x)
