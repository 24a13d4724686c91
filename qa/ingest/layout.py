"""What each line of a page is: a body start (本报讯, 本报X讯, X社X电), page furniture
(版次, 星期, 责任编辑…), prose, or headline material; and the records the page splitter
works with (:class:`Body`, :class:`Unit`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.ingest.titles import headline_text
from qa.text.cjk import CJK

_BODY_START = re.compile(
    rf"^(?:本报讯|本报(?!通讯)[{CJK}]{{1,8}}(?:\d{{1,2}}月\d{{1,2}}日)?讯"
    rf"|[{CJK}]{{1,6}}社[{CJK}]{{0,8}}\d{{1,2}}月\d{{1,2}}日电)"
)
# 本报讯 glued to the end of a headline or byline line by the PDF extraction: split there.
_GLUED_START = re.compile(
    rf"(?<=\S)[ \u3000]*+(?=本报讯|本报[{CJK}]{{1,8}}\d{{1,2}}月\d{{1,2}}日讯)"
)
# Whole lines of page furniture: credits, edition/date lines, page numbers, bare URLs.
_FURNITURE = re.compile(
    r"^(?:责任编辑|责编|编辑|校对|美编|版式|组版|审核|终审|值班编委)[:：\s]"
    r"|星期[一二三四五六日天]|第\s*[A-Z]?\d{1,3}\s*版|^[-—\s]*\d{1,3}[-—\s]*$"
    r"|^(?:https?://|www\.)\S+$"
    # footers and edition lines of any paper: a URL, a hotline number, editor credits
    # anywhere in the line, issue numbers, publisher lines, a romanised masthead, a date alone
    r"|(?:https?://|www\.)[\w.-]+|(?:热线|电话)[:：\s]*\d[\d-]{6,}"
    r"|(?:责任编辑|美术编辑|本版编辑|美编|值班主任|校对)[:：\s]"
    r"|第\s*\d+\s*期|[本今]日?期?\s*\d+\s*版|(?:报社|中心|部|委)(?:主办|出版)|机关报"
    r"|^[A-Z]{2,}(?: [A-Z]{2,})+$|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"
)
# a paper's name alone on a line: the masthead (槐安报, 梧川日报, 北漳新闻)
_PAPER_NAME = re.compile(rf"^[{CJK}]{{1,8}}(?:日报|晚报|时报|报|新闻)$")
# an unsigned editorial's signature (■本报评论员): no person to credit, not a headline
_EDITORIAL_SIGN = re.compile(r"^[■●▲◆]?\s*(?:本报|本刊)?(?:特约)?评论员$")
# continuation notes: （下转第3版） ends a body cut off here; （上接第1版） opens a remainder
CONTINUED = re.compile(r"[（(]\s*([上下]接|[上下]转|转|接)\s*第?\s*([A-Z]?\d{1,3})\s*版\s*[)）]")
_SENTENCE_PUNCT = re.compile(r"[，。；！？]")
_PROSE_PUNCT = re.compile(r"[，。、；：！？]")
_PARA_END = re.compile(r"[。！？]")
HEADLINE_CHARS = re.compile(f"[{CJK}A-Za-z0-9]")
_ORDINAL = re.compile(
    r"(?:[一二三四五六七八九十]+[、是要]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)
MAX_HEADLINE_LINE = 30
MAX_FURNITURE_LINE = 60
PROSE_MIN_CHARS = 40
SHORT_PROSE_CHARS = 20
_PARA_OR_INTRO_END = re.compile(r"[。！？：][”’」）)]*$")


@dataclass
class Body:
    """A body: its line range (0-based, end exclusive), raw lines and byline text."""

    start: int
    end: int
    lines: list[str]
    byline: str = ""
    line: int = 0
    credit: str = ""  # a byline printed above the body (文/图 记者 …)
    title: str = ""  # set for 简讯 items, whose headline is inline
    brief: bool = False
    signed: str = ""  # the date line under an official notice's signature


@dataclass(frozen=True)
class Unit:
    """A headline unit: consecutive non-blank lines outside bodies (0-based line range)."""

    start: int
    end: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The unit's lines joined into one headline text."""
        return headline_text(self.lines)


def is_body_start(line: str) -> bool:
    """True when ``line`` opens an article body (本报讯, 本报X讯, X社X电)."""
    return bool(_BODY_START.match(line.strip()))


def is_furniture(line: str) -> bool:
    """True for page furniture: edition and date lines, editor credits, page numbers, URLs."""
    s = line.strip()
    return (
        bool(s)
        and len(s) <= MAX_FURNITURE_LINE
        and not _SENTENCE_PUNCT.search(s)
        and bool(_FURNITURE.search(s))
    )


def masthead(lines: list[str]) -> set[int]:
    """Indices of the masthead: the page's first block of lines (up to a blank line) when it
    names the paper (``槐安报``) or holds an edition line (it ends at prose), every short line
    of it (paper name, romanised name, publisher, slogan); and unsigned
    editorial signatures (``■本报评论员``) anywhere."""
    found = {i for i, x in enumerate(lines) if _EDITORIAL_SIGN.match(x.strip())}
    first = next((i for i, x in enumerate(lines) if x.strip()), len(lines))
    top = []
    for i in range(first, len(lines)):
        if not lines[i].strip() or is_body_start(lines[i]) or _SENTENCE_PUNCT.search(lines[i]):
            break
        top.append(i)
    if any(is_furniture(lines[i]) for i in top) or (
        top and _PAPER_NAME.match(lines[top[0]].strip())
    ):
        found |= {
            i
            for i in top
            if len(lines[i].strip()) <= MAX_FURNITURE_LINE and not _SENTENCE_PUNCT.search(lines[i])
        }
    return found


def furniture_lines(text: str) -> list[str]:
    """The page-furniture lines of a page (its edition line often gives the issue date)."""
    return [s for s in (x.strip() for x in text.split("\n")) if is_furniture(s)]


def page_lines(text: str) -> tuple[list[str], list[int]]:
    """The page's lines, a line split where a body start is glued to it
    (``区领导督导安全生产工作本报讯 近日，…``), and the 1-based source line of each."""
    lines: list[str] = []
    origin: list[int] = []
    for n, line in enumerate(text.split("\n"), 1):
        parts = _GLUED_START.split(line) if "本报" in line else [line]
        lines += parts
        origin += [n] * len(parts)
    return lines, origin


def block(lines: list[str], k: int) -> list[str]:
    """The stripped lines from ``k`` up to a blank, furniture or body-start line."""
    out: list[str] = []
    for j in range(k, len(lines)):
        s = lines[j].strip()
        if not s or is_furniture(s) or (j > k and is_body_start(s)):
            break
        out.append(s)
    return out


def is_prose(lines: list[str], i: int) -> bool:
    """The block from line ``i`` reads as prose, not a headline: at least 3 lines and 40
    characters, a sentence end and three punctuation marks; or a short paragraph (two lines
    or more) that ends a sentence or introduces what follows (``…，具体如下：``) after two
    commas, which no headline does."""
    found = block(lines, i)
    text = "".join(found)
    chars = len(HEADLINE_CHARS.findall(text))
    if len(found) >= 2 and chars >= SHORT_PROSE_CHARS and _PARA_OR_INTRO_END.search(text):
        return len(_SENTENCE_PUNCT.findall(text)) >= 2
    return (
        len(found) >= 3
        and chars >= PROSE_MIN_CHARS
        and bool(_PARA_END.search(text))
        and len(_PROSE_PUNCT.findall(text)) >= 3
    )


def headlines_then_prose(lines: list[str], k: int) -> bool:
    """From line ``k``: one or more headline-like blocks (up to 3 short lines without
    sentence punctuation, not an ordinal subhead like 一、) and then a prose block: the end of
    a body without byline before an article that does not start with 本报讯."""
    seen = False
    while k < len(lines):
        s = lines[k].strip()
        if not s or is_furniture(s):
            k += 1
            continue
        if is_body_start(s):
            return False
        if lead_heads(lines, k):
            return True
        if is_prose(lines, k):
            return seen
        found = block(lines, k)
        if len(found) > 3 or _ORDINAL.match(found[0]):
            return False
        if any(_SENTENCE_PUNCT.search(x) or len(x) > MAX_HEADLINE_LINE for x in found):
            return False
        seen = True
        k += len(found)
    return False


BULLETS = "■●▲◆"


def is_bullet(line: str) -> bool:
    """True when ``line`` opens with a bullet (■●▲◆)."""
    s = line.strip()
    return bool(s) and s[0] in BULLETS


def is_headline_like(line: str, width: int) -> bool:
    """A short line with no prose punctuation, well under the column ``width``: a headline
    printed right above its body (no blank line between them)."""
    s = line.strip()
    return (
        bool(s)
        and not _PROSE_PUNCT.search(s)
        and not is_bullet(s)
        and len(s) <= MAX_HEADLINE_LINE
        and len(s) < 0.75 * width
        and not is_body_start(s)
    )


def lead_heads(lines: list[str], k: int) -> int:
    """How many headline lines (at most 3) open the block at ``k`` before its prose."""
    found = block(lines, k)
    width = max((len(x) for x in found), default=0)
    n = 0
    while n < min(3, len(found) - 1) and is_headline_like(found[n], width):
        n += 1
    return n if n and is_prose(lines, k + n) else 0


def is_brief_start(lines: list[str], k: int) -> bool:
    """A 简讯 item (``■区图书馆推出…``) or the short label line of a 简讯 column above one."""
    s = lines[k].strip()
    if is_bullet(s) and len(s) > 2:
        return True
    nxt = lines[k + 1] if k + 1 < len(lines) else ""
    return 0 < len(s) <= 6 and not _PROSE_PUNCT.search(s) and is_bullet(nxt)


def has_prose_punct(line: str) -> bool:
    """True when ``line`` has prose punctuation (，。、；：！？)."""
    return bool(_PROSE_PUNCT.search(line))
