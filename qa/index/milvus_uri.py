"""``milvus://`` index addresses: Milvus Lite (a local ``.db`` file) or a Milvus server.

* ``milvus:///abs/path/index.db`` or ``milvus:rel/path/index.db`` → Milvus Lite, embedded
  (no server; one process opens the file at a time);
* ``milvus://host:19530`` (port default 19530) → a standalone or cluster deployment.

``?collection=NAME`` picks the collection prefix (default ``newsqa``): the passages live in
``NAME_passages``, the articles, BM25 statistics and the manifest in ``NAME_meta``.
On a server, ``&shards=N`` (when the collection is created) and ``&replicas=N`` (in-memory
replicas when it is loaded) size the deployment (docs/SCALING.md).
No heavy imports here: the CLI checks addresses before loading anything.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from qa.errors import InputError

SCHEME = "milvus:"
DEFAULT_COLLECTION = "newsqa"
DEFAULT_PORT = 19530
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,200}")


def is_milvus_uri(value: object) -> bool:
    """Is ``value`` a ``milvus:`` address (not an index directory)?"""
    return isinstance(value, str) and value.startswith(SCHEME)


@dataclass(frozen=True)
class MilvusTarget:
    """A parsed ``milvus:`` address."""

    uri: str  # as the user wrote it (used in every message)
    client_uri: str  # what pymilvus.MilvusClient takes: a .db path or http://host:port
    collection: str
    lite: bool
    shards: int | None = None
    replicas: int | None = None

    @property
    def passages(self) -> str:
        return f"{self.collection}_passages"

    @property
    def meta(self) -> str:
        return f"{self.collection}_meta"

    def cache_dir(self) -> Path:
        """Where an unfinished ingest keeps its encoded batches (resumable)."""
        if self.lite:
            return Path(f"{self.client_uri}.cache")
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        host = re.sub(r"[^A-Za-z0-9._-]+", "_", self.client_uri.removeprefix("http://"))
        return base / "newsqa" / "milvus" / f"{host}_{self.collection}"


def parse_milvus_uri(uri: str) -> MilvusTarget:
    """Parse ``uri``; InputError naming it and what is allowed when it is malformed."""
    parts = urlsplit(uri)
    if parts.scheme != "milvus":
        raise InputError(f"{uri}: not a milvus: address (milvus:///path/index.db or milvus://host)")
    query = parse_qs(parts.query)
    collection = query.get("collection", [DEFAULT_COLLECTION])[-1]
    if not _NAME.fullmatch(collection):
        raise InputError(
            f"{uri}: collection {collection!r} must be letters, digits and _, not starting "
            "with a digit"
        )
    if parts.netloc:  # a server
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError as e:
            raise InputError(f"{uri}: bad port ({e})") from None
        if not parts.hostname:
            raise InputError(f"{uri}: no host name; write milvus://host:19530")
        sizes = [_count(uri, query, k) for k in ("shards", "replicas")]
        return MilvusTarget(uri, f"http://{parts.hostname}:{port}", collection, False, *sizes)
    path = Path(parts.path)
    if path.suffix != ".db":
        raise InputError(
            f"{uri}: a Milvus Lite file must end in .db (milvus:///path/index.db), got {path}"
        )
    return MilvusTarget(uri, str(path.absolute()), collection, lite=True)


def _count(uri: str, query: dict[str, list[str]], key: str) -> int | None:
    if key not in query:
        return None
    v = query[key][-1]
    if not v.isdigit() or not 1 <= int(v) <= 64:
        raise InputError(f"{uri}: {key} must be a whole number from 1 to 64, got {v!r}")
    return int(v)
