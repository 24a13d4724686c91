"""Word lists and tables shipped as data files in ``qa/data/`` (UTF-8, one entry a line).

``#`` starts a comment line (each file says where its list comes from); blank lines are
skipped. Tables (``.tsv``) have a key, a tab, and values separated by ``|``. Loaded once.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    text = files("qa").joinpath("data", name).read_text(encoding="utf-8")
    return [s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#")]


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Entries of ``qa/data/<name>`` in file order.

    >>> "什么" in word_list("question_words_zh.txt")
    True
    """
    return tuple(_lines(name))


@cache
def word_set(name: str) -> frozenset[str]:
    """Entries of ``qa/data/<name>`` as a set."""
    return frozenset(_lines(name))


@cache
def table(name: str) -> dict[str, tuple[str, ...]]:
    """``key<TAB>value|value…`` lines of ``qa/data/<name>`` as a dict (values in order)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines(name):
        key, _, values = line.partition("\t")
        if not values:
            raise ValueError(f"qa/data/{name}: line {line!r} has no tab-separated values")
        out[key.strip()] = tuple(v.strip() for v in values.split("|") if v.strip())
    return out
