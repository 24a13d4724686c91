"""The index: articles → sentence-aligned passages → BM25 arrays and FAISS vectors, stored as
atomically switched generations of a directory.

Public entry points: :func:`build_index` (ingest into a directory), :func:`load_index`
(read the live generation), :func:`chunk_articles` and :func:`sentence_spans`.
"""

from __future__ import annotations

from qa.index.build import BuildReport, build_index
from qa.index.chunk import chunk_article, chunk_articles, sentence_spans
from qa.index.store import IndexData, current_generation, load_index, read_manifest

__all__ = [
    "BuildReport",
    "IndexData",
    "build_index",
    "chunk_article",
    "chunk_articles",
    "current_generation",
    "load_index",
    "read_manifest",
    "sentence_spans",
]
