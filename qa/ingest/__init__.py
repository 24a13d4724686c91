"""Ingest: files → articles. Page text is reflowed, split into articles, headlines assigned,
bylines, dates and people extracted; JSON Lines corpora are read as ready articles.

Public entry points: :func:`ingest_paths` (files and folders), :func:`parse_page` (one page's
text) and :func:`read_corpus` (one JSONL file).
"""

from __future__ import annotations

from qa.ingest.files import IngestProblem, IngestResult, ingest_paths, parse_page, read_corpus

__all__ = ["IngestProblem", "IngestResult", "ingest_paths", "parse_page", "read_corpus"]
