"""Word lists for reading pages, loaded once from ``qa/data/*.txt|tsv`` (UTF-8, one entry per
line, ``#`` lines are comments saying where the list comes from).

>>> "王" in surnames() and "欧阳" in compound_surnames()
True
"""

from __future__ import annotations

from functools import cache

from qa.text.vocab import table, word_list


def entries(name: str) -> tuple[str, ...]:
    """The non-comment, non-blank lines of the data file ``qa/data/<name>``, in file order."""
    return word_list(name)


@cache
def surnames() -> frozenset[str]:
    """Single-character common surnames (王, 欧 …)."""
    return frozenset(s for s in entries("surnames.txt") if len(s) == 1)


@cache
def compound_surnames() -> tuple[str, ...]:
    """Two-character surnames (欧阳, 司马 …)."""
    return tuple(s for s in entries("surnames.txt") if len(s) > 1)


@cache
def title_words() -> tuple[str, ...]:
    """Words a person's title ends with (书记, 区长, 主任 …)."""
    return entries("title_words.txt")


@cache
def verb_titles() -> frozenset[str]:
    """Title words that are also verbs (代表, 教授 …)."""
    return frozenset(entries("verb_titles.txt"))


@cache
def byline_roles(kind: str) -> tuple[str, ...]:
    """Byline roles of one ``kind``: ``"reporter"`` (记者, 摄影 …) or ``"correspondent"``
    (通讯员, 实习生)."""
    return tuple(role for role, (k, *_) in table("byline_roles.tsv").items() if k == kind)


@cache
def name_followers(strong_only: bool = False) -> tuple[str, ...]:
    """Words that may follow a person's name (主持, 指出, 和 …); ``strong_only``: those that
    confirm a name after a title word that is also a verb."""
    rows = table("name_followers.tsv").items()
    return tuple(w for w, (s, *_) in rows if s == "strong" or not strong_only)


@cache
def not_name_end() -> frozenset[str]:
    """Characters no name ends with (路, 市, 期 …)."""
    return frozenset(entries("not_name_end.txt"))
