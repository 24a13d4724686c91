"""Which lines of a headline block are the title: the line that best matches the lead, and
the lines next to it that continue the same headline broken over lines (``我县两个村入选`` /
``省级未来乡村创建名单``), as opposed to a kicker (引题) above or a subtitle (副题) below,
which are headlines of their own (``县政府召开第十二次常务会议`` / ``研究…等事项``).

A line continues the title when it matches the lead as well and the break is inside one
phrase: the upper line has no predicate (a subject alone: ``县防汛抗旱指挥部``), or is short
and ends on a verb, number or measure word awaiting its object (``章怀远主持召开``,
``河阳区警方破获一起``), or the lower line opens with a conjunction (``和粮食生产工作``) or,
below the title, has no predicate of its own (``道路除雪保畅工作``). Two phrases set apart
by a space (``庆丰收 促和美``) are a slogan, never a broken title. Parts of speech come from
jieba's dictionary (loaded on first use).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from qa.text.cjk import CJK

JOIN_LEAD = 0.3  # a line below this share of lead bigrams is not part of the title
SHORT_OPEN = 10  # a line this short ending on a verb is cut mid-phrase
_SLOGAN = re.compile(rf"[{CJK}”」][ \u3000]+[{CJK}“「]")
_CONJ = ("和", "与", "及", "并", "暨", "以及")
_VERB = ("v", "vd", "vi", "vq")
_OPEN_END = ("v", "m", "q", "mq", "p", "c", "u", "uj")
_UNFINISHED = ("m", "q", "mq", "p", "c", "u", "uj")  # no headline line ends on these
_SUBJECT = ("n", "r", "zg", "t", "j", "s")
LEAD_LIKE = 0.5  # the first lead-like line that opens with a subject is the title


@lru_cache(maxsize=4096)
def _tags(line: str) -> tuple[tuple[str, str], ...]:
    import jieba.posseg as pseg  # lazy: the dictionary loads once, on first use

    return tuple((w, f) for w, f in pseg.lcut(line) if w.strip())


def has_predicate(line: str) -> bool:
    """A verb of two characters or more, a verbal noun opening the line (``研究…``), or an
    adjective ending it (``…社会治安平稳``)."""
    tags = _tags(line)
    return bool(tags) and (
        any(f in _VERB and len(w) >= 2 for w, f in tags) or tags[0][1] == "vn" or tags[-1][1] == "a"
    )


def continues(upper: str, lower: str, *, down: bool) -> bool:
    """True when ``upper`` and ``lower`` are one headline broken over two lines (``down``:
    ``lower`` is the candidate below the title, else ``upper`` the candidate above)."""
    if _SLOGAN.search(upper) or _SLOGAN.search(lower):
        return False
    if lower.startswith(_CONJ) or not has_predicate(upper):
        return True
    tags = _tags(upper)
    if tags and tags[-1][1] in _OPEN_END and len(upper) <= SHORT_OPEN:
        return True
    return down and not has_predicate(lower)


def _names_first(line: str) -> bool:
    """The line opens with a name, noun or pronoun (a subject): ``县政府召开…``, ``我县…``."""
    tags = [f for w, f in _tags(line) if f != "x"]
    return bool(tags) and tags[0].startswith(_SUBJECT)


def _goes_on(upper: str, lower: str, share: float) -> bool:
    """``lower`` continues the title ending with ``upper``: it is broken mid-phrase (after a
    number or function word: ``二七区委党校2023年`` / ``春季…``), or ``lower`` matches the
    lead only in part (a subtitle restates the lead or quotes the body), or it matches it
    well and the break is inside one phrase (:func:`continues`)."""
    tags = _tags(upper)
    if _SLOGAN.search(upper) or _SLOGAN.search(lower):
        return False
    if tags and tags[-1][1] in _UNFINISHED:
        return True
    if share < JOIN_LEAD:
        return False
    return share < LEAD_LIKE or continues(upper, lower, down=True)


def title_span(lines: Sequence[str], lead_share: Callable[[str], float]) -> tuple[int, int]:
    """(a, b): ``lines[a:b]`` are the title lines of a headline block."""
    if len(lines) < 2:
        return 0, len(lines)
    share = [lead_share(x) for x in lines]
    core = next(
        (k for k in range(len(lines)) if share[k] >= LEAD_LIKE and _names_first(lines[k])),
        max(range(len(lines)), key=lambda k: (share[k], -k)),
    )
    a, b = core, core + 1
    while b < len(lines) and _goes_on(lines[b - 1], lines[b], share[b]):
        b += 1
    if a > 0 and object_line(lines[a - 1], lines[a]):
        a -= 1
    while a > 0 and share[a - 1] >= JOIN_LEAD and continues(lines[a - 1], lines[a], down=False):
        a -= 1
    return a, b


def object_line(upper: str, lower: str) -> bool:
    """``lower`` (the title's core line) has no predicate of its own and ``upper`` is a
    subject with its verb: one headline broken before its object (``洮源县三个村入选`` /
    ``省级乡村旅游重点村``), whatever the lead shares; a kicker above a title is a headline of
    its own, and the title under it has its own verb."""
    if _SLOGAN.search(upper) or _SLOGAN.search(lower):
        return False
    return not has_predicate(lower) and has_predicate(upper) and _names_first(upper)
