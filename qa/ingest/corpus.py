"""JSON Lines corpora of ready articles: ``{"id","title","text",["date"],["source"]}`` a line.

Each bad line is one :class:`~qa.ingest.results.IngestProblem` naming file, line and field;
the given ids are kept.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.ingest.people import extract_people
from qa.ingest.results import IngestProblem
from qa.ingest.textio import read_text
from qa.records import Article, content_id
from qa.text.t2s import to_simplified


def _field(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InputError(f"field {key!r} must be a string, got {type(value).__name__}")
    return str(value).strip()


def _iso_date(date: str) -> str:
    """``YYYY-MM-DD`` or ``YYYY-MM`` from a corpus date field that starts with one ("" when it
    is written otherwise, e.g. 5月31日); InputError for an impossible one (2023-99-99)."""
    import datetime as dt

    if not re.match(r"\d{4}-\d", date):
        return ""
    try:
        if re.match(r"\d{4}-\d{2}-\d{2}", date):
            return dt.date.fromisoformat(date[:10]).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}", date) and 1 <= int(date[5:7]) <= 12:
            return date
    except ValueError:
        pass
    raise InputError(f"field 'date': {date!r} is not a valid date (YYYY-MM-DD or YYYY-MM)")


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
    iso = _iso_date(date)
    return Article(
        id=aid, title=title, text=text, source=src, date=date, date_iso=iso,
        position=position, people=extract_people(to_simplified(text)),
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
