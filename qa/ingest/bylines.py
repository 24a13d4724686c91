"""Bylines: ``记者 景静 通讯员 左学彬 周祎`` (roles 记者/本报记者/见习记者…, 通讯员, 实习生, 摄).

A byline is ``ROLE NAMES (ROLE NAMES)* [摄]``: a role, then names of 1–4 characters separated
by spaces or 、; spaces between a role and its names are optional. Whether a string is a
byline is decided by :func:`is_byline`, a small scanner that keeps the set of grammar states
reachable at each character, so it takes time linear in the string (a regular expression for
this grammar backtracks exponentially: a role is also a name, and 12 ``记者 张三 通讯员 李四``
on one line took 20 s). Callers cut the candidate out of a line by hand (a byline holds no
sentence punctuation), so no pattern here can backtrack over a long line either.
"""

from __future__ import annotations

import re
from functools import cache

from qa.ingest import vocab
from qa.ingest.people import is_plausible_name, is_surname_start
from qa.text.cjk import CJK

MAX_BYLINE = 40
_NAME_CHAR = re.compile(f"[{CJK}·]")
_SPACE = " \u3000"
_SEP = " \u3000、"
_AFTER_SENTENCE = "。！？…”’」）"  # a trailing byline follows a finished sentence
_OPEN, _CLOSE = "（(", ")）"
# scanner states, as bits: after a role; inside a name of 1..4 chars; in a separator of
# spaces only / with a 、; after the final 摄
_ROLE, _SEP_W, _SEP_X, _END = 1, 32, 64, 128
_NAME = (0, 2, 4, 8, 16)  # _NAME[k]: inside a name of k characters
_ANY_NAME = 2 | 4 | 8 | 16


@cache
def roles() -> tuple[str, ...]:
    """All byline roles, longest first."""
    both = vocab.byline_roles("reporter") + vocab.byline_roles("correspondent")
    return tuple(sorted(both, key=len, reverse=True))


@cache
def _role_split() -> re.Pattern[str]:
    return re.compile("(" + "|".join(map(re.escape, roles())) + ")")


@cache
def _any_role() -> re.Pattern[str]:
    """Finds a role anywhere (the roles that hold no other role: 记者, 通讯员 …)."""
    base = [r for r in roles() if not any(o != r and o in r for o in roles())]
    return re.compile("|".join(map(re.escape, base)))


def _roles_at(s: str, i: int) -> list[int]:
    return [i + len(r) for r in roles() if s.startswith(r, i)]


def _step(s: str, i: int, state: int, states: list[int]) -> None:
    """Add the states reachable from ``state`` at ``s[i]`` to ``states[i + 1 …]``."""
    c = s[i]
    name = bool(_NAME_CHAR.match(c))
    if state & _ROLE:
        if c in _SPACE:
            states[i + 1] |= _ROLE
        elif name:
            states[i + 1] |= _NAME[1]
    if state & (_ANY_NAME | _SEP_W):
        for k in range(1, 4):
            if state & _NAME[k] and name:
                states[i + 1] |= _NAME[k + 1]
        if state & _SEP_W and name:
            states[i + 1] |= _NAME[1]
        if c in _SPACE:
            states[i + 1] |= _SEP_W
        elif c == "、":
            states[i + 1] |= _SEP_X
        if c == "摄":
            states[i + 1] |= _END
        for j in _roles_at(s, i):
            states[j] |= _ROLE
    if state & _SEP_X:
        if c in _SEP:
            states[i + 1] |= _SEP_X
        elif name:
            states[i + 1] |= _NAME[1]


def is_byline(s: str) -> bool:
    """True when all of ``s`` is a byline (``记者 景静 通讯员 左学彬 周祎``, ``记者景静摄``).

    Linear in ``len(s)``: the states reachable at each character are kept as a bit set.
    """
    states = [0] * (len(s) + 1)
    for j in _roles_at(s, 0):
        states[j] |= _ROLE
    for i in range(len(s)):
        if states[i]:
            _step(s, i, states[i], states)
    return bool(states[len(s)] & (_ANY_NAME | _END))


def _is_byline_char(c: str) -> bool:
    return c in _SEP or bool(_NAME_CHAR.match(c))


def _spaced_or_surname(byline: str) -> bool:
    """A byline has a space after its role, or the name right after it starts with a surname
    (``记者景静`` yes, ``记者了解到`` no)."""
    role = next((r for r in roles() if byline.startswith(r)), "")
    rest = byline[len(role) :]
    return rest[:1] in _SPACE or is_surname_start(rest.lstrip())


def match_byline(line: str) -> str | None:
    """The byline if the whole (stripped) ``line`` is one, else None."""
    s = line.strip()
    if len(s) > MAX_BYLINE:
        return None
    inner = s[1:] if s[:1] in _OPEN else s
    inner = inner[:-1] if inner[-1:] in _CLOSE else inner
    return inner if is_byline(inner) and _spaced_or_surname(inner) else None


def _tail_span(line: str) -> tuple[int, int, int] | None:
    """(cut, start, end): a trailing byline candidate ``line[start:end]`` after a finished
    sentence that ends at ``cut``; None when the line cannot end with one."""
    end = len(line)
    while end and line[end - 1] in _SPACE:
        end -= 1
    if end and line[end - 1] in _CLOSE:
        end -= 1
    a = end
    while a and _is_byline_char(line[a - 1]):
        if end - a >= MAX_BYLINE and line[a - 1] not in _SPACE:
            return None  # longer than any byline
        a -= 1
    start = a
    while start < end and line[start] in _SPACE:
        start += 1
    cut = a
    if cut and line[cut - 1] in _OPEN and start == a:
        cut -= 1
        while cut and line[cut - 1] in _SPACE:
            cut -= 1
    if not cut or line[cut - 1] not in _AFTER_SENTENCE or start == end:
        return None
    return cut, start, end


def split_byline_tail(line: str) -> tuple[str, str] | None:
    """``(text, byline)`` when ``line`` ends with a byline after a finished sentence
    (``…能力和水平。记者 景静``), else None."""
    span = _tail_span(line) if _any_role().search(line) else None
    if span is None:
        return None
    cut, start, end = span
    byline = line[start:end]
    if len(byline) > MAX_BYLINE or not is_byline(byline) or not _spaced_or_surname(byline):
        return None
    return line[:cut].rstrip(), byline


def split_role_tail(line: str) -> tuple[str, str] | None:
    """``(text, role)`` when ``line`` ends with a bare role whose names are on the next line
    (``…自救互救能力。记者`` / ``何丽 通讯员 鲁``), else None."""
    s = line.strip()
    for role in roles():
        if s.endswith(role):
            j = len(s) - len(role)
            while j and s[j - 1] in _SPACE:
                j -= 1
            if j == 0 or s[j - 1] in _AFTER_SENTENCE:
                return s[:j].rstrip(), role
    return None


_HEAD = re.compile(r"^([^（(]{2,24}?[讯电])[ \u3000]*[（(]")


def split_byline_head(text: str) -> tuple[str, str]:
    """``(text without it, byline)`` for ``本报讯（记者 张三 通讯员 李四）…``; byline '' if none."""
    m = _HEAD.match(text)
    if not m:
        return text, ""
    end = m.end()
    while end < len(text) and _is_byline_char(text[end]):
        end += 1
    byline = text[m.end() : end]
    if end == len(text) or text[end] not in _CLOSE or not is_byline(byline):
        return text, ""
    return m.group(1) + text[end + 1 :], byline


def is_byline_fragment(line: str) -> bool:
    """True for a line that may continue a byline: roles and short names only (``婷``,
    ``周祎``, ``婷 通讯员 马文涛``)."""
    s = line.strip()
    if not s or len(s) > MAX_BYLINE or s[0] in _SEP or s[-1] in _SEP:
        return False
    return all(
        t in roles() or (len(t) <= 4 and all(_NAME_CHAR.match(c) for c in t))
        for t in re.split("[ \u3000、]+", s)
    )


def continue_byline(byline: str, line: str) -> str | None:
    """``byline`` extended by the next ``line`` if it continues it, else None.

    A 1-character piece on either side of the break is half a name (``记者 周`` + ``婷`` →
    ``记者 周婷``); a line of roles and names, or of plausible names alone, is appended.
    """
    s = " ".join(line.split())
    if not is_byline_fragment(s):
        return None
    tokens = re.split(r"[ \u3000、]+", s)
    last = re.split(r"[ \u3000、]+", byline.strip())[-1]
    if len(last) == 1 and last not in roles() or len(tokens[0]) == 1 and tokens[0] not in roles():
        return byline.rstrip() + s
    if any(t in roles() for t in tokens) or all(is_plausible_name(t) for t in tokens):
        return byline.rstrip() + " " + s
    return None


def parse_byline(byline: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(reporters, correspondents) from ``记者 景静 通讯员 左学彬 周祎``."""
    reporters: list[str] = []
    correspondents: list[str] = []
    target = reporters
    for part in _role_split().split(byline):
        part = part.strip()
        if part in vocab.byline_roles("reporter"):
            target = reporters
        elif part in vocab.byline_roles("correspondent"):
            target = correspondents
        elif part:
            if part.endswith("摄"):  # a photo credit; no pattern: spaces may run long
                part = part[:-1].rstrip(" \u3000")
            target.extend(_join_split_names([n for n in re.split(r"[\s、，,]+", part) if n]))
    return tuple(dict.fromkeys(reporters)), tuple(dict.fromkeys(correspondents))


def _join_split_names(tokens: list[str]) -> list[str]:
    """No name has one character: OCR spaces inside names are undone (``程 远`` → ``程远``,
    ``鲁晓 晨`` → ``鲁晓晨``)."""
    out: list[str] = []
    for t in tokens:
        if out and (len(out[-1]) == 1 or len(t) == 1) and len(out[-1]) + len(t) <= 3:
            out[-1] += t
        else:
            out.append(t)
    return out
