"""newsqa: offline question answering with exact citations over a Chinese newspaper archive."""

from __future__ import annotations

import logging

from qa.records import Answer, Article, Citation, Passage, Person

__all__ = ["Answer", "Article", "Citation", "Passage", "Person", "ask", "__version__"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def ask(question: str, *, index: str | None = None, k: int | None = None) -> Answer:
    """Answer ``question`` from the archive index (see :func:`qa.api.ask`)."""
    from qa.api import ask as _ask

    return _ask(question, index=index, k=k)
