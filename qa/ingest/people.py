"""People named with their titles: ``区委书记樊惠林``, ``区领导屈连武、曹宪武``.

A title word (书记, 区长, 主任, 院长…; ``qa/data/title_words.txt``) followed by a 2–3
character name (4 with a compound surname) that starts with a common surname
(``qa/data/surnames.txt``); the name's end is confirmed by what follows it (a reporting verb
or punctuation, ``qa/data/name_followers.tsv``) or by the name recurring in the text
(``樊惠林指出``). Time is linear in the text: recurrences are looked up in an index built
once per text, not searched for again for every title.
"""

from __future__ import annotations

import re
from functools import cache

from qa.ingest import vocab
from qa.records import Person
from qa.text.cjk import CJK

_TITLE_STOP = re.compile(
    r"[，。；：！？“”「」（）《》\s]|\d+[年月日号]?|了|是|由|的|观看|听取|邀请|与|及|同|接替|担任|"
    r"出任|时任|需|向|于|被|为|在|等"
)
_CJK_RUN = re.compile(f"[{CJK}]+")
MAX_TITLE = 30


@cache
def _title_re() -> re.Pattern[str]:
    return re.compile("|".join(sorted(vocab.title_words(), key=len, reverse=True)))


@cache
def _after_name(strong: bool = False) -> re.Pattern[str]:
    """What may follow a name: a word of ``name_followers.tsv``, a list separator or
    punctuation (strong: only the words that confirm a name after a verb-like title, or 、)."""
    words = "|".join(map(re.escape, vocab.name_followers(strong_only=strong)))
    return re.compile(f"(?:{words}|、)" if strong else f"(?:{words}|[、，。；：:“（(]|$)")


def is_surname_start(s: str) -> bool:
    """True when ``s`` starts with a common single or compound Chinese surname."""
    return s[:1] in vocab.surnames() or s.startswith(vocab.compound_surnames())


def is_plausible_name(s: str) -> bool:
    """2–3 CJK characters starting with a surname (4 with a compound surname)."""
    if not _CJK_RUN.fullmatch(s):
        return False
    if s.startswith(vocab.compound_surnames()):
        return 3 <= len(s) <= 4
    return 2 <= len(s) <= 3 and s[0] in vocab.surnames()


class _Recurrence:
    """Whether a 3–4 character string recurs in a text followed by a word that follows names
    (``樊惠林`` in ``樊惠林指出``). The first :data:`SCANS` strings asked about are searched
    for (C-speed ``str.find``); after that an index of the whole text is built once, so a
    text full of title words costs linear time, not a scan per title."""

    SCANS = 64

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, list[int]] = {}
        self.index: dict[str, list[int]] | None = None

    def _scan(self, cand: str) -> list[int]:
        """Starts of ``cand`` followed by a name follower (at most two; non-overlapping)."""
        starts: list[int] = []
        k = self.text.find(cand)
        while k != -1 and len(starts) < 2:
            if _after_name().match(self.text, k + len(cand)):
                starts.append(k)
            k = self.text.find(cand, k + len(cand))
        return starts

    def _build(self) -> dict[str, list[int]]:
        starts: dict[str, list[int]] = {}
        for m in re.finditer(f"(?={_after_name().pattern})", self.text):
            e = m.start()
            for n in (3, 4):
                if e >= n:
                    found = starts.setdefault(self.text[e - n : e], [])
                    if len(found) < 2:
                        found.append(e - n)
        return starts

    def elsewhere(self, cand: str, at: int) -> bool:
        """``cand`` (3+ characters) occurs at a place other than ``at`` followed by a word
        that follows names."""
        if len(cand) < 3:
            return False
        if cand not in self.found and self.index is None and len(self.found) < self.SCANS:
            self.found[cand] = self._scan(cand)
        if cand in self.found:
            starts = self.found[cand]
        else:
            if self.index is None:
                self.index = self._build()
            starts = self.index.get(cand, [])
        return any(s != at for s in starts)


def _name_at(text: str, i: int, recur: _Recurrence, strict: bool = False) -> str | None:
    """The name starting at ``text[i]``: 3 characters, else 2 (4 with a compound surname),
    accepted when what follows it may follow a name, or it recurs followed by such a word.
    ``strict`` (after a title that is also a verb) wants a reporting verb or a list after it."""
    after, weak = _after_name(strict), _after_name()
    for n in (4, 3, 2):
        cand = text[i : i + n]
        if len(cand) < n or not is_plausible_name(cand) or _title_re().search(cand):
            continue
        if cand[-1] in vocab.not_name_end():
            continue
        if recur.elsewhere(cand, i):
            return cand
        # 王刚说到: the last character may itself start the following word (说) → shorter name
        if after.match(text, i + n) and not (n > 2 and weak.match(text, i + n - 1)):
            return cand
    return None


def _title_before(text: str, end: int, floor: int = 0) -> str:
    """The title phrase ending at ``end``: back to punctuation, a verb or ``floor`` (the end
    of the previous name), at most 30 chars."""
    start = max(floor, end - MAX_TITLE)
    seg = text[start:end]
    cut = 0
    for m in _TITLE_STOP.finditer(seg):
        cut = m.end()
    return seg[cut:].lstrip("、")


def extract_people(text: str) -> tuple[Person, ...]:
    """People written as title + name (``区委书记樊惠林``), also ``区领导屈连武、曹宪武``.

    A name seen with several titles keeps the longest one.

    >>> [(p.name, p.title) for p in extract_people("区委常委、常务副区长屈连武强调，要抓落实。")]
    [('屈连武', '区委常委、常务副区长')]
    """
    found: dict[str, str] = {}
    recur = _Recurrence(text)
    last_end = 0
    for m in _title_re().finditer(text):
        name = _name_at(text, m.end(), recur, strict=m.group(0) in vocab.verb_titles())
        if not name:
            continue
        title = _title_before(text, m.end(), last_end if last_end <= m.start() else 0)
        names = [name]
        j = m.end() + len(name)
        while j < len(text) and text[j] == "、":  # 区领导屈连武、曹宪武
            nxt = _name_at(text, j + 1, recur)
            if not nxt:
                break
            names.append(nxt)
            j += 1 + len(nxt)
        last_end = j
        for n in names:
            if len(title) > len(found.get(n, "")) or n not in found:
                found[n] = title
    return tuple(Person(n, t) for n, t in found.items())
