"""The index on disk: a directory of generations, switched atomically.

Layout::

    INDEX/CURRENT                 name of the live generation (replaced with os.replace)
    INDEX/gen-…/manifest.json     format/package version, encoders, tokenizer, counts, times
    INDEX/gen-…/articles.jsonl    one Article a line
    INDEX/gen-…/passages.jsonl    one Passage a line
    INDEX/gen-…/bm25/             token ids (.npy), vocabulary and parameters (.json)
    INDEX/gen-…/dense/<enc>.faiss one FAISS index per encoder
    INDEX/cache/<enc>/            resumable encoding shards of an unfinished ingest

A build writes a whole new generation and only then points CURRENT at it, so a crash or Ctrl-C
leaves the previous index usable. No pickle anywhere.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import IndexFormatError, IndexMissingError
from qa.index.bm25 import BM25
from qa.records import Article, Passage
from qa.settings import FORMAT_VERSION
from qa.text.tokenize import TokenizerConfig, user_words

log = logging.getLogger(__name__)


def encoder_slug(name: str) -> str:
    """File-name-safe form of an encoder name (``st:/x/y`` → ``st_x_y``)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "encoder"


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

    @property
    def encoders(self) -> list[str]:
        return [e["name"] for e in self.manifest["encoders"]]

    @property
    def tokenizer_config(self) -> TokenizerConfig:
        """The tokenizer the index was built with; its user words come from the articles."""
        t = self.manifest["tokenizer"]
        return TokenizerConfig(bigrams=t["bigrams"], search_mode=t["search_mode"],
                               user_words=user_words(self.articles))


def current_generation(root: Path) -> Path | None:
    """The live generation directory, or None when ``root`` holds no index."""
    cur = root / "CURRENT"
    if not cur.is_file():
        return None
    gen = root / cur.read_text(encoding="utf-8").strip()
    return gen if (gen / "manifest.json").is_file() else None


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def read_manifest(root: Path) -> dict[str, Any]:
    """Manifest of the live generation; raises IndexMissingError / IndexFormatError."""
    gen = current_generation(root)
    if gen is None:
        raise IndexMissingError(
            f"no index at {root}: run `qa ingest PATH --index {root}` first"
        )
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"index at {root} has format {manifest.get('format_version')!r}; this version "
            f"reads format {FORMAT_VERSION}: re-ingest into a new --index directory"
        )
    return manifest


def load_index(root: Path, *, with_dense: bool = True) -> IndexData:
    """Load the live generation of the index at ``root``."""
    from embeddings import faiss_index

    manifest = read_manifest(root)
    gen = current_generation(root)
    assert gen is not None  # read_manifest checked it
    articles = [Article.from_dict(d) for d in _read_jsonl(gen / "articles.jsonl")]
    passages = [Passage.from_dict(d) for d in _read_jsonl(gen / "passages.jsonl")]
    if len(passages) != manifest["counts"]["passages"]:
        raise IndexFormatError(f"index at {root}: passages.jsonl does not match the manifest")
    if TokenizerConfig(user_words=user_words(articles)).user_hash() != \
            manifest["tokenizer"]["user_dict_hash"]:
        raise IndexFormatError(f"index at {root}: the tokenizer's user dictionary does not "
                               "match articles.jsonl: re-ingest into a new --index directory")
    bm25 = BM25.load(gen / "bm25")
    dense: dict[str, Any] = {}
    if with_dense:
        for e in manifest["encoders"]:
            dense[e["name"]] = faiss_index.load(gen / "dense" / f"{encoder_slug(e['name'])}.faiss")
    return IndexData(root, gen.name, manifest, articles, passages, bm25, dense)


def write_generation(
    root: Path,
    manifest: dict[str, Any],
    articles: list[Article],
    passages: list[Passage],
    bm25: BM25,
    dense: dict[str, Any],
) -> Path:
    """Write a complete new generation, then switch CURRENT to it atomically."""
    from embeddings import faiss_index

    root.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    tmp = root / f".{name}.tmp"
    tmp.mkdir()
    with open(tmp / "articles.jsonl", "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
    with open(tmp / "passages.jsonl", "w", encoding="utf-8") as f:
        for p in passages:
            f.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
    bm25.save(tmp / "bm25")
    (tmp / "dense").mkdir()
    for enc, index in dense.items():
        faiss_index.save(index, tmp / "dense" / f"{encoder_slug(enc)}.faiss")
    (tmp / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    os.replace(tmp, root / name)
    old = current_generation(root)
    cur_tmp = root / f".CURRENT.{uuid.uuid4().hex[:6]}"
    cur_tmp.write_text(name, encoding="utf-8")
    os.replace(cur_tmp, root / "CURRENT")
    if old is not None and old.name != name:
        shutil.rmtree(old, ignore_errors=True)
    _remove_stale(root, keep=name)
    return root / name


def _remove_stale(root: Path, keep: str) -> None:
    """Remove generations and temp dirs left by crashed builds (never the live one)."""
    for p in root.iterdir():
        if p.name.startswith((".gen-", "gen-")) and p.name != keep and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
