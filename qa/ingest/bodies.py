"""Reading one article body from a page's lines: from its start (本报讯, a dateline, or a
paragraph of prose) to its byline (记者 … 通讯员 …), which may trail the last sentence or be
broken over lines, or to the next body start."""

from __future__ import annotations

import re

from qa.ingest import bylines
from qa.ingest.layout import (
    CONTINUED,
    Body,
    has_prose_punct,
    headlines_then_prose,
    is_body_start,
    is_brief_start,
    is_furniture,
)
from qa.ingest.reflow import ends_paragraph

_SENTENCE = re.compile(r"[，。；！？]")
# an official notice's sign-off; the signature lines (issuers, date) follow it
_SIGN_OFF = re.compile(r"^特此(?:通告|公告|通知|函告|告知|说明|声明)[。！]?$")
MAX_BREAK = 2  # blank lines a column break puts inside a broken byline
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def read_body(lines: list[str], i: int) -> Body:
    """The body starting at line ``i``: up to and including its byline, or up to the next
    body start (trailing headline lines then go back to the page)."""
    body: list[str] = []
    for j in range(i, len(lines)):
        line = lines[j].strip()
        if j > i and (is_body_start(line) or (line and is_brief_start(lines, j))):
            return _trim_trailing_headlines(i, body)
        if _SIGN_OFF.match(line):
            return _signature(lines, i, j, body)
        m = CONTINUED.search(line)
        if m and "下" in m.group(1) or m and m.group(1) == "转":
            return Body(i, j + 1, [*body, lines[j]], "")
        joined = _broken_bracket_byline(lines, j)
        if joined:
            body.append(joined[0])
            return _finish_byline(lines, i, joined[2], body, joined[1])
        if not line and body and ends_paragraph(body[-1]) and headlines_then_prose(lines, j):
            return Body(i, j, body, "")
        if is_furniture(line):
            body.append("")
            continue
        byline = bylines.match_byline(line) if j > i else None
        if byline:
            return _finish_byline(lines, i, j + 1, body, byline)
        tail = bylines.split_byline_tail(line)
        if tail and _tail_ends_here(lines, j, tail[1]):
            body.append(tail[0])
            return _finish_byline(lines, i, j + 1, body, tail[1])
        role = bylines.split_role_tail(line) if j + 1 < len(lines) else None
        byline = bylines.continue_byline(role[1], lines[j + 1]) if role else None
        if role and byline:
            body.append(role[0])
            return _finish_byline(lines, i, j + 2, body, byline)
        body.append(lines[j])
    return _trim_trailing_headlines(i, body)


def _broken_bracket_byline(lines: list[str], j: int) -> tuple[str, str, int] | None:
    """A bracketed byline broken over two lines (``…边坡。（本报记`` / ``者 龙珊）``), a column
    break (blank lines) possibly between them: (text, byline, line after it) when line ``j``
    and the next non-blank one end the body with it."""
    s = lines[j].rstrip()
    k = max(s.rfind("（"), s.rfind("("))
    if k < 0 or "）" in s[k:] or ")" in s[k:]:
        return None
    n = j + 1
    while n < len(lines) and n <= j + MAX_BREAK and not lines[n].strip():
        n += 1
    if n >= len(lines):
        return None
    nxt = lines[n].strip()
    if not nxt.endswith(("）", ")")) or len(nxt) > bylines.MAX_BYLINE or _SENTENCE.search(nxt):
        return None
    found = bylines.split_byline_tail(s + nxt)
    return (*found, n + 1) if found else None


def _signature(lines: list[str], i: int, j: int, body: list[str]) -> Body:
    """A notice ends with 特此通告 and its signature: issuers' names and a date line."""
    out, signed, k = [*body, lines[j]], "", j + 1
    while k < len(lines) and lines[k].strip() and not is_body_start(lines[k]):
        s = lines[k].strip()
        if _SENTENCE.search(s) or len(s) > 30:
            break
        if _DATE_LINE.match(s):
            signed = s
        elif not is_furniture(s):
            out.append(s)
        k += 1
    return Body(i, k, out, "", signed=signed)


def _tail_ends_here(lines: list[str], j: int, byline: str) -> bool:
    """A trailing byline without a space after its role (``记者景静``) must end the body:
    the next line is blank, a headline, a body start or the end of the page."""
    if re.match(r"\S+[ \u3000]", byline):
        return True
    nxt = lines[j + 1].strip() if j + 1 < len(lines) else ""
    return not nxt or is_body_start(nxt) or not has_prose_punct(nxt)


def _finish_byline(lines: list[str], i: int, j: int, body: list[str], byline: str) -> Body:
    """Extend a byline over continuation lines (``通讯员 …`` or half a name ``婷``), while it
    is shorter than a byline can be (a page of names must not grow one without end)."""
    while j < len(lines) and len(byline) < bylines.MAX_BYLINE and not is_body_start(lines[j]):
        longer = bylines.continue_byline(byline, lines[j])
        if longer is None:
            break
        byline = longer
        j += 1
    return Body(i, j, body, " ".join(byline.split()))


def _trim_trailing_headlines(i: int, body: list[str]) -> Body:
    """A body with no byline ends at its last line that ends a paragraph or holds sentence
    punctuation (prose cut off by a column break); the lines after it are headline material."""
    k = len(body)
    while k > 1 and not ends_paragraph(body[k - 1]) and not _SENTENCE.search(body[k - 1]):
        k -= 1
    return Body(i, i + k, body[:k], "")
