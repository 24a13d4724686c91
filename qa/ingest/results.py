"""What an ingest returns: the articles found and the problems met, each naming its file."""

from __future__ import annotations

from dataclasses import dataclass

from qa.records import Article


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
    """Articles found (duplicate ids kept once), problems met, and how many files were read;
    ``roots``: the absolute folders PDF and image articles record their ``file`` against."""

    articles: tuple[Article, ...]
    problems: tuple[IngestProblem, ...]
    files: int
    roots: tuple[str, ...] = ()
