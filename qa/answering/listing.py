"""Answers that list articles (a person's timeline, the reports of some days): one line per
article, each cited with ``[n]`` and its span highlighted; lines past ``k`` are counted and
offered for a follow-up ("还有吗？ / what else?")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qa.index.chunk import sentence_spans
from qa.records import Answer, Article, Citation


@dataclass(frozen=True)
class Line:
    """One listed article: the words of the line, and the sentence and span it cites."""

    article_id: str
    words: str  # the line without its [n] marker
    start: int  # sentence cited, offsets into the article text
    end: int
    span: tuple[int, int] | None = None  # highlighted span inside the sentence


def lead_sentence(art: Article, needle: str = "") -> tuple[int, int]:
    """The first sentence of ``art`` holding ``needle`` (its first sentence when none does)."""
    spans = sentence_spans(art.text) or [(0, len(art.text))]
    for s, e in spans:
        if needle and needle in art.text[s:e]:
            return s, e
    return spans[0]


def dated_title(art: Article, lang: str) -> str:
    when = art.date_iso or art.date or ("undated" if lang == "en" else "日期不详")
    return f"{when} “{art.title}”" if lang == "en" else f"{when}《{art.title}》"


def _citation(n: int, line: Line, art: Article) -> Citation:
    span = (
        line.span
        if line.span and line.start <= line.span[0] < line.span[1] <= line.end
        else (line.start, line.end)
    )  # no narrower span: the sentence cited
    return Citation(
        n=n,
        article_id=art.id,
        title=art.title,
        date=art.date_iso or art.date,
        source=art.source,
        passage=art.text[line.start : line.end],
        start=line.start,
        end=line.end,
        answer_start=span[0] if span else None,
        answer_end=span[1] if span else None,
        score=1.0,
    )


def list_answer(
    question: str,
    lang: str,
    qtype: str,
    head: str,
    lines: Sequence[Line],
    articles: Mapping[str, Article],
    *,
    k: int,
    skip: int = 0,
    short: str = "",
    tail: str = "",
) -> Answer:
    """An Answer whose text is ``head`` and lines ``skip``..``skip+k`` with [n] markers; its
    short answer is the span of citation 1 (``short`` only when nothing is cited)."""
    shown = lines[skip : skip + k]
    cites, rows = [], []
    for n, line in enumerate(shown, 1):
        cites.append(_citation(n, line, articles[line.article_id]))
        rows.append(
            f"{skip + n}. {line.words}[{n}]" if lang == "zh" else f"{skip + n}. {line.words} [{n}]"
        )
    rest = len(lines) - skip - len(shown)
    if rest > 0:
        rows.append(
            f"另有{rest}篇，问“还有吗？”可继续列出。"
            if lang == "zh"
            else f"{rest} more; ask “what else?” to list them."
        )
    text = "\n".join([head, *rows] + ([tail] if tail else []))
    if cites and cites[0].answer_start is not None:  # the short answer is the first span
        short = articles[cites[0].article_id].text[cites[0].answer_start : cites[0].answer_end]
    return Answer(
        question=question,
        found=bool(shown),
        short=short if shown else "",
        text=text,
        citations=tuple(cites),
        qtype=qtype,
        lang=lang,
    )
