"""A Milvus index loaded for retrieval: records and BM25 statistics in memory, vectors and
BM25 document weights in Milvus (searched and fetched per question)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import IndexFormatError, IndexMissingError
from qa.index.data import IndexData
from qa.index.milvus_rows import dense_field
from qa.index.milvus_store import MilvusStore
from qa.index.milvus_uri import MilvusTarget, parse_milvus_uri
from qa.index.people import build_people, read_people
from qa.index.sparse_bm25 import SparseBM25
from qa.records import Article
from qa.settings import FORMAT_VERSION


@dataclass(frozen=True)
class MilvusDense:
    """Stands where the directory index keeps a FAISS index: the field and its size."""

    field: str
    d: int
    ntotal: int


@dataclass
class MilvusIndexData(IndexData):
    """:class:`IndexData` whose ``bm25`` is a :class:`SparseBM25` and whose ``dense`` values
    are :class:`MilvusDense`; searches go through ``store``."""

    uri: str = ""
    store: Any = None


@dataclass(frozen=True)
class MilvusState:
    """What the meta collection holds for the live generation."""

    manifest: dict[str, Any]
    articles: list[Article]
    bm25: SparseBM25
    people: dict[str, Any]


def read_manifest(store: MilvusStore) -> dict[str, Any] | None:
    """The live manifest, or None when nothing was ever committed."""
    text = store.get_blob("manifest") if store.exists() else None
    if text is None:
        return None
    manifest = json.loads(text)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"{store.target.uri}: index format {manifest.get('format_version')!r}; this "
            f"version reads {FORMAT_VERSION}: run `qa ingest --rebuild --store {store.target.uri}`"
        )
    return manifest


def read_state(store: MilvusStore) -> MilvusState | None:
    """Manifest, articles, BM25 statistics and people of the live generation (or None)."""
    manifest = read_manifest(store)
    if manifest is None:
        return None
    gen = manifest["store"]["generation"]

    def blob(name: str) -> str:
        text = store.get_blob(f"{gen}/{name}")
        if text is None:
            raise IndexFormatError(f"{store.target.uri}: {gen}/{name} is missing")
        return text

    articles = [Article.from_dict(json.loads(x)) for x in blob("articles").splitlines() if x]
    bm25 = SparseBM25.from_dict(json.loads(blob("bm25")))
    people = json.loads(blob("people"))
    if (
        len(articles) != manifest["counts"]["articles"]
        or bm25.n_docs != manifest["counts"]["passages"]
    ):
        raise IndexFormatError(f"{store.target.uri}: {gen} counts differ from its manifest")
    return MilvusState(manifest, articles, bm25, people)


def people_json(articles: list[Article]) -> str:
    return json.dumps(build_people(articles), ensure_ascii=False)


def open_store(uri: str | MilvusTarget, *, create: bool = False) -> MilvusStore:
    target = uri if isinstance(uri, MilvusTarget) else parse_milvus_uri(uri)
    return MilvusStore.connect(target, create=create)


def load_milvus(uri: str, store: MilvusStore | None = None) -> MilvusIndexData:
    """Load the index at ``uri`` for retrieval; checks the collection against the manifest.

    Raises:
        IndexMissingError: nothing ingested there. IndexFormatError: schema, dimension or
        counts differ from the manifest (the message names the URI and the difference).
    """
    store = store or open_store(uri)
    state = read_state(store)
    if state is None:
        raise IndexMissingError(f"{uri}: no index yet: run `qa ingest PATH --store {uri}` first")
    m = state.manifest
    dims = {e["name"]: int(e["dim"]) for e in m["encoders"]}
    store.check_schema(dims)
    count = int(m["counts"]["passages"])
    passages = store.passages(count)
    dense = {n: MilvusDense(dense_field(n), d, count) for n, d in dims.items()}
    return MilvusIndexData(
        root=Path(store.target.client_uri),
        generation=m["store"]["generation"],
        manifest=m,
        articles=state.articles,
        passages=passages,
        bm25=state.bm25,  # type: ignore[arg-type]  # SparseBM25 answers idf/doc_freq/vocab
        dense=dense,
        people=read_people(state.people),
        uri=uri,
        store=store,
    )
