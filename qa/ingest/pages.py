"""Split one newspaper page (text extracted from a PDF) into article blocks.

A body starts with 本报讯 (or a dateline such as 本报郑州5月31日讯 / 新华社北京5月31日电) and
ends with a byline (记者 … 通讯员 …), which may trail the last sentence or be broken over
lines. A paragraph-sized block of prose outside any body also starts one (an article without
本报讯). Everything else is headline material: units of consecutive short lines. Page
furniture (版次, 星期, 责任编辑…) is dropped. Headline units are assigned to bodies by content
(character-bigram overlap, one-to-one first; position is only a weak prior), then each
article's units become its title and subtitle (:func:`parse_blocks`).
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from qa.ingest import meta
from qa.ingest.meta import bigrams, headline_text
from qa.ingest.reflow import ends_paragraph, normalize_spacing
from qa.ingest.reflow import reflow as reflow_lines
from qa.text.cjk import CJK

log = logging.getLogger(__name__)

_BODY_START = re.compile(
    rf"^(?:本报讯|本报(?!通讯)[{CJK}]{{1,8}}(?:\d{{1,2}}月\d{{1,2}}日)?讯"
    rf"|[{CJK}]{{1,6}}社[{CJK}]{{0,8}}\d{{1,2}}月\d{{1,2}}日电)"
)
# 本报讯 glued to the end of a headline or byline line by the PDF extraction: split there.
_GLUED_START = re.compile(
    rf"(?<=\S)[ \u3000]*(?=本报讯|本报[{CJK}]{{1,8}}\d{{1,2}}月\d{{1,2}}日讯)"
)
# Whole lines of page furniture: credits, edition/date lines, page numbers, bare URLs.
_FURNITURE = re.compile(
    r"^(?:责任编辑|责编|编辑|校对|美编|版式|组版|审核|终审|值班编委)[:：\s]"
    r"|星期[一二三四五六日天]|第\s*[A-Z]?\d{1,3}\s*版|^[-—\s]*\d{1,3}[-—\s]*$"
    r"|^(?:https?://|www\.)\S+$"
)
_SENTENCE_PUNCT = re.compile(r"[，。；！？]")
_PROSE_PUNCT = re.compile(r"[，。、；：！？]")
_PARA_END = re.compile(r"[。！？]")
_HEADLINE_CHARS = re.compile(f"[{CJK}A-Za-z0-9]")
_ORDINAL = re.compile(
    r"(?:[一二三四五六七八九十]+[、是要]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)
MAX_HEADLINE_LINE = 30
PROSE_MIN_CHARS = 40


@dataclass
class Body:
    """A body: its line range (0-based, end exclusive), raw lines and byline text."""

    start: int
    end: int
    lines: list[str]
    byline: str = ""
    line: int = 0


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


@dataclass
class PageArticle:
    """An article found on a page: cleaned body text, title, subtitle and byline."""

    line: int
    text: str
    byline: str
    title: str = ""
    subtitle: str = ""
    units: list[Unit] = field(default_factory=list)


def is_body_start(line: str) -> bool:
    """True when ``line`` opens an article body (本报讯, 本报X讯, X社X电)."""
    return bool(_BODY_START.match(line.strip()))


def is_furniture(line: str) -> bool:
    """True for page furniture: edition and date lines, editor credits, page numbers, URLs."""
    s = line.strip()
    return bool(s) and len(s) <= 60 and not _SENTENCE_PUNCT.search(s) and bool(_FURNITURE.search(s))


def furniture_lines(text: str) -> list[str]:
    """The page-furniture lines of a page (its edition line often gives the issue date)."""
    return [s for s in (x.strip() for x in text.split("\n")) if is_furniture(s)]


def _block(lines: list[str], k: int) -> list[str]:
    """The stripped lines from ``k`` up to a blank, furniture or body-start line."""
    out: list[str] = []
    for j in range(k, len(lines)):
        s = lines[j].strip()
        if not s or is_furniture(s) or (j > k and is_body_start(s)):
            break
        out.append(s)
    return out


def _is_prose(lines: list[str], i: int) -> bool:
    """The block from line ``i`` reads as prose, not a headline: at least 3 lines and 40
    characters, a sentence end and three punctuation marks."""
    block = _block(lines, i)
    text = "".join(block)
    return (
        len(block) >= 3
        and len(_HEADLINE_CHARS.findall(text)) >= PROSE_MIN_CHARS
        and bool(_PARA_END.search(text))
        and len(_PROSE_PUNCT.findall(text)) >= 3
    )


def _headlines_then_prose(lines: list[str], k: int) -> bool:
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
        if _is_prose(lines, k):
            return seen
        block = _block(lines, k)
        if len(block) > 3 or _ORDINAL.match(block[0]):
            return False
        if any(_SENTENCE_PUNCT.search(x) or len(x) > MAX_HEADLINE_LINE for x in block):
            return False
        seen = True
        k += len(block)
    return False


def _read_body(lines: list[str], i: int) -> Body:
    """The body starting at line ``i``: up to and including its byline, or up to the next
    body start (trailing headline lines then go back to the page)."""
    body: list[str] = []
    for j in range(i, len(lines)):
        line = lines[j].strip()
        if j > i and is_body_start(line):
            return _trim_trailing_headlines(i, body)
        if not line and body and ends_paragraph(body[-1]) and _headlines_then_prose(lines, j):
            return Body(i, j, body, "")
        if is_furniture(line):
            body.append("")
            continue
        byline = meta.match_byline(line) if j > i else None
        if byline:
            return _finish_byline(lines, i, j + 1, body, byline)
        tail = meta.split_byline_tail(line)
        if tail and _tail_ends_here(lines, j, tail[1]):
            body.append(tail[0])
            return _finish_byline(lines, i, j + 1, body, tail[1])
        role = meta.split_role_tail(line) if j + 1 < len(lines) else None
        byline = meta.continue_byline(role[1], lines[j + 1]) if role else None
        if role and byline:
            body.append(role[0])
            return _finish_byline(lines, i, j + 2, body, byline)
        body.append(lines[j])
    return _trim_trailing_headlines(i, body)


def _tail_ends_here(lines: list[str], j: int, byline: str) -> bool:
    """A trailing byline without a space after its role (``记者景静``) must end the body:
    the next line is blank, a headline, a body start or the end of the page."""
    if re.match(r"\S+[ \u3000]", byline):
        return True
    nxt = lines[j + 1].strip() if j + 1 < len(lines) else ""
    return not nxt or is_body_start(nxt) or not _PROSE_PUNCT.search(nxt)


def _finish_byline(lines: list[str], i: int, j: int, body: list[str], byline: str) -> Body:
    """Extend a byline over continuation lines (``通讯员 …`` or half a name ``婷``)."""
    while j < len(lines) and not is_body_start(lines[j]):
        longer = meta.continue_byline(byline, lines[j])
        if longer is None:
            break
        byline = longer
        j += 1
    return Body(i, j, body, " ".join(byline.split()))


def _trim_trailing_headlines(i: int, body: list[str]) -> Body:
    """A body with no byline ends at its last line that ends a paragraph; the lines after
    it are headline material."""
    k = len(body)
    while k > 1 and not ends_paragraph(body[k - 1]):
        k -= 1
    return Body(i, i + k, body[:k], "")


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


def split_page(text: str) -> tuple[list[Body], list[Unit]]:
    """Bodies and headline units of a page, each in page order (line numbers index
    :func:`page_lines`; ``Body.line`` is the 1-based source line)."""
    lines, origin = page_lines(text)
    bodies: list[Body] = []
    units: list[Unit] = []
    cur: list[str] = []
    start = 0

    def flush() -> None:
        if cur and _HEADLINE_CHARS.search("".join(cur)):
            units.append(Unit(start, start + len(cur), tuple(cur)))
        cur.clear()

    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if is_body_start(line) or (not cur and line and _is_prose(lines, i)):
            flush()
            body = _read_body(lines, i)
            body.line = origin[i]
            bodies.append(body)
            i = body.end
            continue
        if not line or is_furniture(line):
            flush()
        else:
            if not cur:
                start = i
            cur.append(line)
        i += 1
    flush()
    return bodies, units


def parse_blocks(text: str) -> list[PageArticle]:
    """Articles of one page in page order, with titles and subtitles assigned by content.

    >>> arts = parse_blocks("某县召开会议\\n\\n本报讯 6月2日，某县召开会议。\\n记者 张三\\n")
    >>> arts[0].title, arts[0].text, arts[0].byline
    ('某县召开会议', '本报讯6月2日，某县召开会议。', '记者 张三')
    """
    bodies, units = split_page(text)
    articles = []
    for b in bodies:
        raw, head_byline = meta.split_byline_head(reflow_lines(b.lines, normalize=False))
        clean = normalize_spacing(raw)
        byline = " ".join(x for x in (head_byline, b.byline) if x)
        articles.append(PageArticle(b.line, clean, byline))
    assign_headlines(articles, bodies, units)
    return articles


# ---- headline assignment -------------------------------------------------------------------
WINDOW = 12  # bodies on either side a headline may belong to (a page holds fewer)
CONFIDENT = 0.25  # content score of a sure match
NEAR, NEIGHBOUR = 0.05, 0.02  # position priors: directly above/below, next body in page order


class _Scorer:
    """Content (idf-weighted share of a unit's bigrams found in a body) plus position prior."""

    def __init__(self, bodies: list[Body], texts: list[str]) -> None:
        self.bodies = bodies
        self.grams = [bigrams(t) for t in texts]
        df = Counter(g for gs in self.grams for g in gs)
        n = len(bodies)
        self.idf = {g: math.log(1 + n / (1 + c)) for g, c in df.items()}
        self.unseen = math.log(1 + n)
        self.starts = [b.start for b in bodies]

    def content(self, ug: set[str], b: int) -> float:
        weights = {g: self.idf.get(g, self.unseen) for g in ug}
        total = sum(weights.values())
        return sum(w for g, w in weights.items() if g in self.grams[b]) / total if total else 0.0

    def prior(self, u: Unit, b: int) -> float:
        k = bisect_left(self.starts, u.start)  # the first body below the unit
        body = self.bodies[b]
        if (b == k and body.start - u.end <= 2) or (b == k - 1 and u.start - body.end <= 2):
            return NEAR
        return NEIGHBOUR if b in (k - 1, k) else 0.0

    def candidates(self, u: Unit) -> range:
        k = bisect_left(self.starts, u.start)
        return range(max(0, k - WINDOW), min(len(self.bodies), k + WINDOW))


def _split_mixed(u: Unit, sc: _Scorer) -> list[Unit]:
    """A unit whose lines name different articles (headlines stacked with no blank line
    between them) split where a line matches another body well and the lines above poorly."""
    cuts = [0]
    for k in range(1, len(u.lines)):
        above = Unit(u.start + cuts[-1], u.start + k, u.lines[cuts[-1] : k])
        if len(_HEADLINE_CHARS.findall(above.text)) < 8:
            continue
        line = bigrams(Unit(u.start + k, u.start + k + 1, u.lines[k : k + 1]).text)
        ours = max(sc.candidates(u), key=lambda b: sc.content(bigrams(above.text), b))
        theirs = max(sc.candidates(u), key=lambda b: sc.content(line, b))
        if sc.content(line, theirs) >= 2 * CONFIDENT and sc.content(line, ours) < CONFIDENT:
            cuts.append(k)
    bounds = [*cuts, len(u.lines)]
    return [
        Unit(u.start + a, u.start + b, u.lines[a:b])
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]


def _assign(units: list[Unit], sc: _Scorer) -> list[int]:
    """Body index for each unit (-1 = dropped): sure matches one-to-one by best score, then
    the other sure matches to their best body, then weak units by position."""
    grams = [bigrams(u.text) for u in units]
    content = [{b: sc.content(grams[i], b) for b in sc.candidates(u)} for i, u in enumerate(units)]
    score = [{b: c + sc.prior(u, b) for b, c in content[i].items()} for i, u in enumerate(units)]
    owner = [-1] * len(units)
    taken: set[int] = set()
    sure = [
        (s, i, b)
        for i in range(len(units))
        for b, s in score[i].items()
        if content[i][b] >= CONFIDENT
    ]
    for _s, i, b in sorted(sure, reverse=True):
        if owner[i] == -1 and b not in taken:
            owner[i] = b
            taken.add(b)
    for _s, i, b in sorted(sure, reverse=True):
        if owner[i] == -1:
            owner[i] = b
    prior = [{b: score[i][b] - c for b, c in content[i].items()} for i in range(len(units))]
    _assign_weak(units, score, prior, owner)
    return owner


def _assign_weak(
    units: list[Unit],
    score: list[dict[int, float]],
    prior: list[dict[int, float]],
    owner: list[int],
) -> None:
    """Units without a sure match: to an untitled body next to them, else to the article of
    the unit next to them in the same headline cluster, else to their best body if any."""
    untitled = {b for row in score for b in row} - set(owner)
    weak = [i for i in range(len(units)) if owner[i] == -1]
    pairs = [(score[i][b], i, b) for i in weak for b in untitled if prior[i][b] > 0]
    for _s, i, b in sorted(pairs, reverse=True):
        if owner[i] == -1 and b in untitled:
            owner[i] = b
            untitled.discard(b)
    for i in weak:
        if owner[i] != -1:
            continue
        near = [
            owner[j]
            for j in (i - 1, i + 1)
            if 0 <= j < len(units)
            and owner[j] != -1
            and abs(units[j].start - units[i].start) <= len(units[min(i, j)].lines) + 2
        ]
        best = max(near or score[i], key=lambda b: score[i].get(b, 0.0), default=-1)
        if best != -1 and (near or score[i][best] > NEAR):
            owner[i] = best
        else:
            log.debug("headline %r matches no article; dropped", units[i].text)


def assign_headlines(articles: list[PageArticle], bodies: list[Body], units: list[Unit]) -> None:
    """Give each article its headline units, title and subtitle (in place)."""
    if not articles or not units:
        return
    sc = _Scorer(bodies, [a.text for a in articles])
    units = [part for u in units for part in (_split_mixed(u, sc) if len(u.lines) > 1 else [u])]
    owner = _assign(units, sc)
    for u, b in zip(units, owner, strict=True):
        if b != -1:
            articles[b].units.append(u)
    for a in articles:
        pieces = [u.lines for u in sorted(a.units, key=lambda x: x.start)]
        a.title, a.subtitle = meta.title_and_subtitle(pieces, a.text)
