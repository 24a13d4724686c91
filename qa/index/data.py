"""A loaded index generation, as the retriever sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.index.bm25 import BM25
from qa.records import Article, Passage
from qa.text.tokenize import TokenizerConfig, user_words


@dataclass
class IndexData:
    """A loaded generation: records, BM25 and one FAISS index per encoder."""

    root: Path
    generation: str
    manifest: dict[str, Any]
    articles: list[Article]
    passages: list[Passage]
    bm25: BM25
    dense: dict[str, Any]
    people: dict[str, Any] = field(default_factory=dict)  # name → qa.index.people.PersonRecord

    @property
    def encoders(self) -> list[str]:
        return [e["name"] for e in self.manifest["encoders"]]

    @property
    def tokenizer_config(self) -> TokenizerConfig:
        """The tokenizer the index was built with; its user words come from the articles."""
        t = self.manifest["tokenizer"]
        return TokenizerConfig(
            bigrams=t["bigrams"], search_mode=t["search_mode"], user_words=user_words(self.articles)
        )
