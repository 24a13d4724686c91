"""Laid-out stories (:class:`~qa.ingest.pdf_layout.Region`) → the same Article records as the text
path: byline, date, people from :mod:`qa.ingest.bylines`, :mod:`qa.ingest.dates`, :mod:`qa.ingest.people`; jumps (下转第2版 … 上接第1版) joined.

Every article's ``source`` is ``file.pdf#p3`` (the page it starts on); its id comes from that
and its text, so re-ingesting the same page gives the same ids.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from qa.ingest.bylines import match_byline, parse_byline, split_byline_head, split_byline_tail
from qa.ingest.dates import extract_date
from qa.ingest.pdf_layout import Region
from qa.ingest.people import extract_people
from qa.ingest.reflow import ends_paragraph, join_lines, normalize_spacing
from qa.ingest.titles import bigrams
from qa.records import Article, content_id

log = logging.getLogger(__name__)
_JUMP_TO = re.compile(r"[（(]?\s*(?:下转|转)第?\s*([A-Z]?\d{1,3})\s*版\s*[)）]?\s*$")
_JUMP_FROM = re.compile(r"^\s*[（(]?\s*上接第?\s*([A-Z]?\d{1,3})\s*版\s*[)）]?\s*")


@dataclass
class Story:
    """A story of one page on its way to an Article (mutable while jumps are joined)."""

    page: int
    region: Region
    paragraphs: list[str]
    byline: str = ""
    jump_to: str = ""
    jump_from: str = ""


def _byline(paras: list[str]) -> tuple[list[str], str]:
    """Paragraphs without their byline (a last line ``记者 张三``, a tail after the last
    sentence, or ``本报讯（记者 张三）`` at the head) and the byline."""
    paras = list(paras)
    found: list[str] = []
    if paras and (b := match_byline(paras[-1])):
        found.append(b)
        paras.pop()
    elif paras and (tail := split_byline_tail(paras[-1])):
        paras[-1], b = tail
        found.append(b)
    if paras:
        paras[0], head = split_byline_head(paras[0])
        if head:
            found.insert(0, head)
    return paras, " ".join(found)


def to_story(page: int, region: Region) -> Story:
    """Jump lines and the byline taken off a region's body."""
    paras = [p for p in region.paragraphs if p.strip()]
    jump_to = jump_from = ""
    if paras and (m := _JUMP_TO.search(paras[-1])):
        jump_to = m.group(1)
        paras[-1] = paras[-1][: m.start()].rstrip()
        if not paras[-1]:
            paras.pop()
    if paras and (m := _JUMP_FROM.match(paras[0])):
        jump_from = m.group(1)
        paras[0] = paras[0][m.end() :]
        if not paras[0]:
            paras.pop(0)
    paras, byline = _byline(paras)
    return Story(page, region, paras, byline, jump_to, jump_from)


def _bigram_overlap(a: str, b: str) -> float:
    ga, gb = bigrams(a), bigrams(b)
    return len(ga & gb) / len(ga) if ga else 0.0


def _weighted_conf(a: Story, b: Story) -> float:
    """The confidence of two stories joined: their own, weighted by characters."""
    na, nb = (sum(len(p) for p in s.paragraphs) for s in (a, b))
    if na + nb == 0:
        return min(a.region.conf, b.region.conf)
    return (a.region.conf * na + b.region.conf * nb) / (na + nb)


def join_jumps(stories: list[Story]) -> list[Story]:
    """Append each continuation (上接第N版) to the story on page N that jumps (下转) to its
    page, the one whose title it repeats best; returns the stories left."""
    out = list(stories)
    for cont in [s for s in stories if s.jump_from]:
        heads = [
            s for s in out
            if s is not cont and s.jump_to and str(s.page) == cont.jump_from.lstrip("ABCD")
            and s.jump_to.lstrip("ABCD") == str(cont.page)
        ]  # fmt: skip
        if not heads:
            log.info("page %d: continuation from page %s has no start", cont.page, cont.jump_from)
            continue
        head = max(heads, key=lambda s: _bigram_overlap(cont.region.title, s.region.title))
        head.region.conf = _weighted_conf(head, cont)  # before the paragraphs are joined
        if head.paragraphs and cont.paragraphs and not ends_paragraph(head.paragraphs[-1]):
            head.paragraphs[-1] = join_lines(head.paragraphs[-1], cont.paragraphs[0])
            head.paragraphs += cont.paragraphs[1:]
        else:
            head.paragraphs += cont.paragraphs
        head.byline = head.byline or cont.byline
        head.jump_to = ""
        out.remove(cont)
    return out


def to_article(
    s: Story, name: str, position: int, year: int | None, month: int | None, file: str = ""
) -> Article:
    """The Article of a story; ``name`` is the file name (source ``name#pN``), ``file`` its
    path. A story read by OCR (confidence below 1) gets ``ocr_confidence``; its region's box
    (fractions of the page) becomes ``page_box``."""
    text = normalize_spacing("\n".join(s.paragraphs))
    date, iso = extract_date(text, year, issue_month=month)
    reporters, correspondents = parse_byline(s.byline)
    source = f"{name}#p{s.page}"
    conf = None
    if s.region.conf < 1.0:
        conf = round(s.region.conf, 3)
        log.info("%s: OCR confidence %.3f for %r", source, conf, s.region.title)
    return Article(
        id=content_id(source, text),
        title=s.region.title,
        subtitle=s.region.subtitle,
        text=text,
        source=source,
        date=date,
        date_iso=iso,
        position=position,
        reporters=reporters,
        correspondents=correspondents,
        people=extract_people(text),
        ocr_confidence=conf,
        page_box=tuple(round(v, 4) for v in s.region.box) if any(s.region.box) else (),
        file=file,
    )
