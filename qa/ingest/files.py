"""Public entry of ingestion: files and directories → Article records, with problems listed.

``.txt`` files are newspaper page text (split into articles by :mod:`qa.ingest.pages`); ``.jsonl``
files are corpora of ready articles ``{"id","title","text",["date"],["source"]}``. A bad file
or line becomes an :class:`IngestProblem` naming it; the rest is still ingested.

>>> result = ingest_paths(["seeds/"])                         # doctest: +SKIP
>>> len(result.articles), [str(p) for p in result.problems]   # doctest: +SKIP
(12, [])
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.ingest.meta import extract_date, extract_people, infer_year, issue_year_month, parse_byline
from qa.ingest.pages import furniture_lines, parse_blocks
from qa.ingest.textio import read_text
from qa.records import Article, content_id

log = logging.getLogger(__name__)
SUFFIXES = (".txt", ".jsonl")
# ---- PDFs and page scans (qa.ingest.pdf, the `pdf` extra) ----
SCAN_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUFFIXES += SCAN_SUFFIXES


@dataclass(frozen=True)
class IngestProblem:
    """A file (and line) that could not be ingested, and why: ``path:line: message``."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class IngestResult:
    """Articles found (duplicate ids kept once), problems met, and how many files were read."""

    articles: tuple[Article, ...]
    problems: tuple[IngestProblem, ...]
    files: int


def parse_page(text: str, source: str, *, year: int | None = None) -> list[Article]:
    """Articles of one page of text, in page order.

    ``source`` names the page (the file name) and goes into each id. ``year`` dates articles
    whose date is written without a year; without it the year of the page's edition line
    (``2024年3月8日 星期五``) is used, else the most frequent ``YYYY年`` of its articles. A year
    written with the date itself always wins.
    """
    blocks = [b for b in parse_blocks(text) if b.text.strip()]
    issue = None if year else issue_year_month(*furniture_lines(text))
    page_year = year or (issue[0] if issue else infer_year(*(b.text for b in blocks)))
    articles = []
    for pos, b in enumerate(blocks):
        date, iso = extract_date(b.text, page_year, issue_month=issue[1] if issue else None)
        reporters, correspondents = parse_byline(b.byline)
        articles.append(
            Article(
                id=content_id(source, b.text),
                title=b.title,
                subtitle=b.subtitle,
                text=b.text,
                source=source,
                date=date,
                date_iso=iso,
                position=pos,
                line=b.line,
                reporters=reporters,
                correspondents=correspondents,
                people=extract_people(b.text),
            )
        )
    return articles


def _field(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InputError(f"field {key!r} must be a string, got {type(value).__name__}")
    return str(value).strip()


def corpus_article(d: object, source: str, position: int) -> Article:
    """One JSONL row as an Article; the given ``id`` is kept unchanged.

    Raises:
        InputError: not an object, no non-empty ``text``, or a field of the wrong type.
    """
    if not isinstance(d, dict):
        raise InputError(f"expected a JSON object, got {type(d).__name__}")
    text = d.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("missing or empty field 'text'")
    title, date = _field(d, "title"), _field(d, "date")
    src = _field(d, "source") or source
    aid = _field(d, "id") or content_id(src, text)
    iso = date[:10] if len(date) >= 7 and date[:4].isdigit() and date[4] == "-" else ""
    return Article(
        id=aid, title=title, text=text, source=src, date=date, date_iso=iso,
        position=position, people=extract_people(text),
    )  # fmt: skip


def read_corpus(path: Path) -> tuple[list[Article], list[IngestProblem]]:
    """Articles of a JSONL corpus; each bad line is one problem naming file and line.

    Raises:
        InputError: the file is empty or not text.
    """
    path = Path(path)
    articles: list[Article] = []
    problems: list[IngestProblem] = []
    for n, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            articles.append(corpus_article(json.loads(line), path.name, len(articles)))
        except json.JSONDecodeError as e:
            problems.append(IngestProblem(str(path), n, f"not JSON ({e.msg} at column {e.colno})"))
        except (InputError, ValueError) as e:
            problems.append(IngestProblem(str(path), n, str(e)))
    if not articles and not problems:
        problems.append(IngestProblem(str(path), None, "no articles in corpus"))
    return articles, problems


def is_questions_file(path: Path) -> bool:
    """A JSONL of evaluation questions ({"question", "answers"}, no "text"), not a corpus."""
    if path.suffix != ".jsonl":
        return False
    try:
        with open(path, encoding="utf-8-sig") as f:
            first = next((line for line in f if line.strip()), "")
        row = json.loads(first)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(row, dict) and "question" in row and "text" not in row


def _walk(paths: Sequence[str | Path]) -> Iterator[Path | IngestProblem]:
    """Files to read, in order; problems for what was named explicitly but cannot be read."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and x.suffix in SUFFIXES):
                if is_questions_file(f):
                    log.info("skipping %s: a questions file, not a corpus", f)
                else:
                    yield f
        elif not p.exists():
            yield IngestProblem(str(p), None, "no such file or directory")
        elif is_questions_file(p):
            yield IngestProblem(
                str(p), None, "a questions file (question/answers rows), not a corpus: "
                "use `qa eval` for it",
            )  # fmt: skip
        elif p.suffix in SUFFIXES:
            yield p
        else:
            yield IngestProblem(
                str(p), None, f"unsupported file type {p.suffix or '(none)'!r}; use .txt or .jsonl"
            )


def _read_scan(f: Path, year: int | None) -> tuple[list[Article], list[IngestProblem]]:
    """A PDF or page image through :mod:`qa.ingest.pdf`; its problems name file and page."""
    from qa.ingest.pdf import read_image, read_pdf

    reader = read_pdf if f.suffix.lower() == ".pdf" else read_image
    try:
        arts, probs = reader(f, year=year)
    except ImportError as e:
        raise InputError(f"reading {f.suffix} files needs the pdf extra ({e.name} missing): "
                         "pip install 'newsqa[pdf]'") from None  # fmt: skip
    return arts, [IngestProblem(p.path, None, str(p).removeprefix(f"{p.path}: ")) for p in probs]


def _read_file(f: Path, year: int | None) -> tuple[list[Article], list[IngestProblem]]:
    try:
        if f.suffix.lower() in SCAN_SUFFIXES:
            return _read_scan(f, year)
        if f.suffix == ".jsonl":
            return read_corpus(f)
        arts = parse_page(read_text(f), f.name, year=year)
    except InputError as e:
        return [], [IngestProblem(str(f), None, str(e).removeprefix(f"{f}: "))]
    except OSError as e:
        return [], [IngestProblem(str(f), None, f"cannot read ({e.strerror or e})")]
    if not arts:
        msg = "no article found (a body starts with 本报讯 or a dateline and ends with a byline)"
        return [], [IngestProblem(str(f), None, msg)]
    return arts, []


def ingest_paths(paths: Sequence[str | Path], *, year: int | None = None) -> IngestResult:
    """Read pages (``.txt``) and corpora (``.jsonl``) under ``paths``.

    Directories are walked recursively (other extensions and questions files there are
    skipped); a file named explicitly with another extension is a problem. The same file
    named twice is read once; an article id seen twice is kept once (the first), and a
    different text under a repeated id is reported.

    Args:
        paths: files and directories.
        year: the year of page dates written without one (``--year``).
    """
    seen_files: set[Path] = set()
    articles: dict[str, Article] = {}
    problems: list[IngestProblem] = []
    for item in _walk(paths):
        if isinstance(item, IngestProblem):
            problems.append(item)
            continue
        if item.resolve() in seen_files:
            continue
        seen_files.add(item.resolve())
        arts, probs = _read_file(item, year)
        problems.extend(probs)
        for a in arts:
            first = articles.setdefault(a.id, a)
            if first is not a and first.text != a.text:
                problems.append(IngestProblem(
                    str(item), None, f"duplicate article id {a.id!r} with another text; "
                    f"the first (from {first.source}) is kept",
                ))  # fmt: skip
    log.info("ingested %d articles from %d files", len(articles), len(seen_files))
    return IngestResult(tuple(articles.values()), tuple(problems), len(seen_files))
