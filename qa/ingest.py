"""Public entry of ingestion: files and directories → Article records, with problems listed.

``.txt`` files are newspaper page text (split into articles by :mod:`qa.pages`); ``.jsonl``
files are corpora of ready articles ``{"id","title","text",["date"],["source"]}``. A bad file
or line becomes an :class:`IngestProblem` naming it; the rest is still ingested.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.errors import InputError
from qa.meta import extract_date, extract_people, infer_year, parse_byline
from qa.pages import parse_bodies
from qa.records import Article, content_id
from qa.textio import read_text

log = logging.getLogger(__name__)
SUFFIXES = (".txt", ".jsonl")


@dataclass(frozen=True)
class IngestProblem:
    """A file (and line) that could not be ingested, and why."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class IngestResult:
    articles: tuple[Article, ...]
    problems: tuple[IngestProblem, ...]
    files: int


def parse_page(text: str, source: str, *, year: int | None = None) -> list[Article]:
    """Articles of one page of text; ``year`` applies when the page does not give one."""
    parsed = parse_bodies(text)
    page_year = year or infer_year(*(t for _, t, _, _ in parsed))
    articles = []
    for pos, (body, clean, title, subtitle) in enumerate(parsed):
        if not clean.strip():
            continue
        date, iso = extract_date(clean, infer_year(clean[:120]) or page_year)
        reporters, correspondents = parse_byline(body.byline)
        articles.append(Article(
            id=content_id(source, clean), title=title, subtitle=subtitle, text=clean,
            source=source, date=date, date_iso=iso, position=pos, line=body.start + 1,
            reporters=reporters, correspondents=correspondents, people=extract_people(clean),
        ))
    return articles


def _corpus_row(d: object, source: str, n: int) -> Article:
    if not isinstance(d, dict):
        raise InputError(f"expected a JSON object, got {type(d).__name__}")
    text = d.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("missing or empty field 'text'")
    title = d.get("title") or ""
    if not isinstance(title, str):
        raise InputError(f"field 'title' must be a string, got {type(title).__name__}")
    src = str(d.get("source") or source)
    aid = str(d.get("id") or content_id(src, text))
    date = str(d.get("date") or "")
    iso = date if len(date) >= 7 and date[:4].isdigit() and date[4] == "-" else ""
    return Article(id=aid, title=title, text=text, source=src, date=date, date_iso=iso,
                   position=n - 1, people=extract_people(text))


def read_corpus(path: Path) -> tuple[list[Article], list[IngestProblem]]:
    """Articles of a JSONL corpus; each bad line is a problem naming file and line."""
    articles: list[Article] = []
    problems: list[IngestProblem] = []
    text = read_text(path)
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            articles.append(_corpus_row(json.loads(line), path.name, n))
        except json.JSONDecodeError as e:
            problems.append(IngestProblem(str(path), n, f"not JSON ({e.msg})"))
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
        with open(path, encoding="utf-8") as f:
            first = next((line for line in f if line.strip()), "")
        row = json.loads(first)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(row, dict) and "question" in row and "text" not in row


def _files(paths: Sequence[str | Path]) -> tuple[list[Path], list[IngestProblem]]:
    files: list[Path] = []
    problems: list[IngestProblem] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in SUFFIXES)
            for f in found:
                if is_questions_file(f):
                    log.info("skipping %s: a questions file, not a corpus", f)
                else:
                    files.append(f)
        elif p.is_file():
            if is_questions_file(p):
                problems.append(IngestProblem(str(p), None, "a questions file (question/answers"
                                              " rows), not a corpus: use `qa eval` for it"))
            elif p.suffix in SUFFIXES:
                files.append(p)
            else:
                problems.append(IngestProblem(str(p), None,
                                f"unsupported file type {p.suffix or '(none)'!r}; use .txt or .jsonl"))
        else:
            problems.append(IngestProblem(str(p), None, "no such file or directory"))
    return files, problems


def ingest_paths(paths: Sequence[str | Path], *, year: int | None = None) -> IngestResult:
    """Read pages and corpora under ``paths`` (directories walked recursively)."""
    files, problems = _files(paths)
    articles: dict[str, Article] = {}
    for f in files:
        try:
            if f.suffix == ".jsonl":
                arts, probs = read_corpus(f)
                problems.extend(probs)
            else:
                arts = parse_page(read_text(f), f.name, year=year)
                if not arts:
                    problems.append(IngestProblem(str(f), None,
                                    "no article found (bodies start with 本报讯 or a dateline)"))
        except InputError as e:
            problems.append(IngestProblem(str(f), None, str(e).removeprefix(f"{f}: ")))
            continue
        except OSError as e:
            problems.append(IngestProblem(str(f), None, f"cannot read ({e.strerror})"))
            continue
        for a in arts:
            articles.setdefault(a.id, a)
    return IngestResult(tuple(articles.values()), tuple(problems), len(files))
