"""The index in Milvus: one collection of passages, one of metadata blobs.

``<c>_passages`` — one row per passage: ``pid`` (its position in the index, the primary key),
the passage record (``passage_id``, ``article_id``, ``char_start``, ``char_end``, ``text``,
``title``, ``date``, ``source``: citations stay character-exact), one ``dense_<encoder>``
FLOAT_VECTOR per encoder (HNSW, inner product, as the directory index's FAISS) and ``bm25``,
our own BM25 document weights as a SPARSE_FLOAT_VECTOR (SPARSE_INVERTED_INDEX, inner product;
see :mod:`qa.index.sparse_bm25` and docs/SCALING.md for why not Milvus's built-in BM25).

``<c>_meta`` — text blobs in ≤ 16000-character parts: the manifest, the articles (the answer
step reads whole articles), the BM25 statistics and the people index. A build writes rows
with new ``pid``s and blobs under a new generation, and the manifest last; readers search only
``pid < manifest count``, so a crashed build leaves the previous index whole.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from qa.errors import IndexFormatError, IndexMissingError, QAError
from qa.index.milvus_rows import TEXT_FIELDS, dense_field, passage_of, row_of
from qa.index.milvus_uri import MilvusTarget
from qa.records import Passage

log = logging.getLogger(__name__)

HNSW = {"M": 32, "efConstruction": 80}  # as embeddings/faiss_index.py
EF_SEARCH = 512
PART = 16000  # characters a blob row holds (≤ 4 bytes each: under VARCHAR's 65535 bytes)
BATCH = 1000


class MilvusStore:
    """Connection to one ``milvus:`` target; creates, checks, writes and searches its
    collections. Raises QAError subclasses whose message starts with the URI."""

    def __init__(self, target: MilvusTarget, client: Any) -> None:
        self.target = target
        self.client = client
        self._loaded = False

    @classmethod
    def connect(cls, target: MilvusTarget, *, create: bool = False) -> MilvusStore:
        """Open the target (IndexMissingError when a Lite file is missing and not ``create``)."""
        from pathlib import Path

        try:
            from pymilvus import MilvusClient
        except ImportError as e:
            raise QAError(
                f"{target.uri}: Milvus needs the scale extra ({e.name} missing): "
                "pip install 'newsqa[scale]'"
            ) from None
        if target.lite:
            path = Path(target.client_uri)
            if not path.exists() and not create:
                raise IndexMissingError(f"{target.uri}: no Milvus Lite file at {path}")
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            client = MilvusClient(uri=target.client_uri, timeout=10)
        except Exception as e:  # noqa: BLE001 - grpc, lite and pymilvus errors differ
            hint = (
                "; Milvus Lite opens a file in one process at a time: is another qa using it?"
                if target.lite
                else ""
            )
            raise QAError(f"{target.uri}: cannot connect to Milvus ({_short(e)}){hint}") from None
        return cls(target, client)

    # --- schema -------------------------------------------------------------------------
    def exists(self) -> bool:
        """Do the collections exist? Loads them (a reopened collection starts released)."""
        if not self.client.has_collection(self.target.meta):
            return False
        if not self._loaded:
            for name in (self.target.passages, self.target.meta):
                if self.client.has_collection(name):
                    self._load(name)
            self._loaded = True
        return True

    def _load(self, name: str) -> None:
        if self.target.replicas and name == self.target.passages:
            self.client.load_collection(name, replica_number=self.target.replicas)
        else:
            self.client.load_collection(name)

    def ensure(self, dims: dict[str, int]) -> None:
        """Check the passages collection against ``dims`` if it exists, else create it;
        create the meta collection if missing (encoder name → dimension)."""
        if self.client.has_collection(self.target.passages):
            self.check_schema(dims)
        else:
            self._create_passages(dims)
        if not self.client.has_collection(self.target.meta):
            self._create_meta()
        self.exists()

    def _create_passages(self, dims: dict[str, int]) -> None:
        from pymilvus import DataType, MilvusClient

        s = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        s.add_field("pid", DataType.INT64, is_primary=True)
        for name, n in TEXT_FIELDS.items():
            s.add_field(name, DataType.VARCHAR, max_length=n)
        s.add_field("char_start", DataType.INT64)
        s.add_field("char_end", DataType.INT64)
        ix = MilvusClient.prepare_index_params()
        for enc, dim in dims.items():
            s.add_field(dense_field(enc), DataType.FLOAT_VECTOR, dim=dim)
            ix.add_index(dense_field(enc), index_type="HNSW", metric_type="IP", params=HNSW)
        s.add_field("bm25", DataType.SPARSE_FLOAT_VECTOR)
        ix.add_index("bm25", index_type="SPARSE_INVERTED_INDEX", metric_type="IP",
                     params={"inverted_index_algo": "DAAT_MAXSCORE"})  # fmt: skip
        with _quiet_lite():
            shards = {"num_shards": self.target.shards} if self.target.shards else {}
            self.client.create_collection(
                self.target.passages,
                schema=s,
                index_params=ix,
                consistency_level="Strong",
                **shards,
            )

    def _create_meta(self) -> None:
        from pymilvus import DataType, MilvusClient

        m = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        m.add_field("key", DataType.VARCHAR, is_primary=True, max_length=256)
        m.add_field("data", DataType.VARCHAR, max_length=65535)
        m.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector in a collection
        mix = MilvusClient.prepare_index_params()
        mix.add_index("v", index_type="FLAT", metric_type="IP")
        with _quiet_lite():
            self.client.create_collection(
                self.target.meta, schema=m, index_params=mix, consistency_level="Strong"
            )

    def drop(self) -> None:
        for name in (self.target.passages, self.target.meta):
            if self.client.has_collection(name):
                self.client.drop_collection(name)

    def check_schema(self, dims: dict[str, int]) -> None:
        """IndexFormatError naming the URI and the first difference from the expected schema."""
        from pymilvus import DataType

        if not self.client.has_collection(self.target.passages):
            raise IndexFormatError(f"{self.target.uri}: collection {self.target.passages} missing")
        have = {
            f["name"]: (f["type"], f.get("params", {}).get("dim"))
            for f in self.client.describe_collection(self.target.passages)["fields"]
        }
        want = {"pid": (DataType.INT64, None), "bm25": (DataType.SPARSE_FLOAT_VECTOR, None)}
        want |= {n: (DataType.VARCHAR, None) for n in TEXT_FIELDS}
        want |= {"char_start": (DataType.INT64, None), "char_end": (DataType.INT64, None)}
        want |= {dense_field(e): (DataType.FLOAT_VECTOR, d) for e, d in dims.items()}
        for name, (typ, dim) in want.items():
            got = have.get(name)
            where = f"{self.target.uri}: collection {self.target.passages}"
            if got is None:
                raise IndexFormatError(f"{where} has no field {name} (fields: {sorted(have)})")
            if got[0] != typ:
                raise IndexFormatError(f"{where}: field {name} is {got[0].name}, not {typ.name}")
            if dim is not None and int(got[1]) != dim:
                raise IndexFormatError(
                    f"{where}: field {name} has dimension {got[1]}, the encoder gives {dim}"
                )

    # --- passages -----------------------------------------------------------------------
    def upsert_passages(
        self,
        pid0: int,
        passages: Sequence[Passage],
        vectors: dict[str, np.ndarray],
        sparse: Sequence[dict[int, float]],
    ) -> None:
        """Write passages ``pid0…`` (upsert: a re-run after a crash overwrites, never doubles)."""
        for s in range(0, len(passages), BATCH):
            rows = [
                row_of(pid0 + i, passages[i], {e: v[i] for e, v in vectors.items()}, sparse[i])
                for i in range(s, min(len(passages), s + BATCH))
            ]
            self.client.upsert(self.target.passages, rows)

    def upsert_rows(self, rows: list[dict[str, Any]]) -> None:
        for s in range(0, len(rows), BATCH):
            self.client.upsert(self.target.passages, rows[s : s + BATCH])

    def rows(self, start: int, end: int, fields: Sequence[str]) -> list[dict[str, Any]]:
        """Rows ``start <= pid < end`` with ``fields``, in pid order."""
        out: list[dict[str, Any]] = []
        for s in range(start, end, BATCH * 10):
            e = min(end, s + BATCH * 10)
            out += self.client.query(
                self.target.passages, filter=f"pid >= {s} and pid < {e}",
                output_fields=["pid", *fields], limit=e - s,
            )  # fmt: skip
        return sorted(out, key=lambda r: r["pid"])

    def passages(self, count: int) -> list[Passage]:
        """The first ``count`` passages, in index order (IndexFormatError when some are gone)."""
        rows = self.rows(0, count, list(TEXT_FIELDS) + ["char_start", "char_end"])
        if len(rows) != count:
            raise IndexFormatError(
                f"{self.target.uri}: {self.target.passages} holds {len(rows)} of the "
                f"{count} passages its manifest counts"
            )
        return [passage_of(r) for r in rows]

    def fetch(self, ids: Iterable[int], fields: Sequence[str]) -> dict[int, dict[str, Any]]:
        """pid → row with ``fields`` for ``ids``."""
        ids = [int(i) for i in ids]
        if not ids or not fields:
            return {i: {} for i in ids}
        got = self.client.get(self.target.passages, ids=ids, output_fields=list(fields))
        return {int(r["pid"]): r for r in got}

    # --- search -------------------------------------------------------------------------
    def search(
        self, field: str, query: Any, n: int, count: int, within: Sequence[int] = ()
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` (scores, pids) of ``field`` for one query vector, among ``pid < count``
        (and among ``within`` when given: the sparse index then scores exactly those)."""
        params: dict[str, Any] = {"metric_type": "IP"}
        if field != "bm25":
            params["params"] = {"ef": max(EF_SEARCH, n)}
        where = f"pid < {count}"
        if within:
            where += f" and pid in {[int(i) for i in within]}"
        res = self.client.search(
            self.target.passages, data=[query], anns_field=field, limit=n,
            filter=where, search_params=params, output_fields=["pid"],
        )  # fmt: skip
        hits = res[0] if res else []
        scores = np.fromiter((h["distance"] for h in hits), np.float32, count=len(hits))
        ids = np.fromiter((h["pid"] for h in hits), np.int64, count=len(hits))
        return scores, ids

    # --- metadata blobs -----------------------------------------------------------------
    def put_blob(self, key: str, text: str) -> None:
        """Store ``text`` under ``key`` (its parts first, the part count last)."""
        parts = [text[s : s + PART] for s in range(0, len(text), PART)] or [""]
        rows = [{"key": f"{key}/{i:07d}", "data": p, "v": [1.0, 0.0]} for i, p in enumerate(parts)]
        for s in range(0, len(rows), 100):
            self.client.upsert(self.target.meta, rows[s : s + 100])
        self.client.upsert(self.target.meta, [{"key": key, "data": str(len(parts)), "v": [1, 0]}])

    def get_blob(self, key: str) -> str | None:
        """The text stored under ``key``, or None."""
        head = self.client.get(self.target.meta, ids=[key], output_fields=["data"])
        if not head:
            return None
        keys = [f"{key}/{i:07d}" for i in range(int(head[0]["data"]))]
        parts: dict[str, str] = {}
        for s in range(0, len(keys), 100):
            for r in self.client.get(
                self.target.meta, ids=keys[s : s + 100], output_fields=["data"]
            ):
                parts[r["key"]] = r["data"]
        if len(parts) != len(keys):
            raise IndexFormatError(f"{self.target.uri}: blob {key} has lost parts")
        return "".join(parts[k] for k in keys)

    def delete_blobs(self, prefix: str) -> None:
        """Remove every blob whose key starts with ``prefix`` (an old generation)."""
        self.client.delete(self.target.meta, filter=f'key like "{prefix}%"')

    def flush(self) -> None:
        for name in (self.target.passages, self.target.meta):
            self.client.flush(name)


class _DropUnimplemented(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, NotImplementedError)


@contextmanager
def _quiet_lite() -> Iterator[None]:
    """Milvus Lite's embedded gRPC server logs a harmless NotImplementedError traceback
    (AllocTimestamp) while creating a collection; drop just that record meanwhile."""
    logger, f = logging.getLogger("grpc._server"), _DropUnimplemented()
    logger.addFilter(f)
    try:
        yield
    finally:
        logger.removeFilter(f)


def _short(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return msg[:200]
