"""Ingest: files → articles. Page text is reflowed, split into articles, headlines assigned,
bylines, dates and people extracted; JSON Lines corpora are read as ready articles.

Public entry points: :func:`ingest_paths` (files and folders), :func:`parse_page` (one page's
text) and :func:`read_corpus` (one JSONL file); :func:`extract_people` (title + name pairs
of any text) is used by answering too.
"""

from __future__ import annotations

from qa.ingest.files import IngestProblem, IngestResult, ingest_paths, parse_page, read_corpus
from qa.ingest.people import extract_people

__all__ = [
    "IngestProblem",
    "IngestResult",
    "extract_people",
    "ingest_paths",
    "parse_page",
    "read_corpus",
]
