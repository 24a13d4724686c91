"""All tunable settings in one frozen dataclass; per-call arguments override (None = default)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FORMAT_VERSION = 2  # 2: people.json; traditional characters indexed as Simplified


@dataclass(frozen=True)
class Settings:
    """Defaults for chunking, tokenising, indexing, fusion and answering.

    passage_target/min/max: passage size in characters (sentence-aligned).
    passage_overlap: sentences repeated at the start of the next passage.
    encoders: names of the dense encoders the index uses (see ``embeddings.registry``).
    flat_max: up to this many vectors FAISS is exact (IndexFlatIP); above it HNSW.
    max_page_chars: a page file with more characters is refused, not parsed (a broadsheet
        page holds about 4–20 thousand; 1,000,000 is a whole issue or more, parsed in seconds).
    """

    passage_target: int = 200
    passage_min: int = 150
    passage_max: int = 250
    passage_overlap: int = 1
    encoders: tuple[str, ...] = ("e5", "use")
    flat_max: int = 50_000
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    title_boost: int = 2
    bigrams: bool = True
    k: int = 5
    candidates: int = 100
    max_question_chars: int = 2000
    # Limits of the server (docs/SECURITY.md): uploads per file and per batch, the part of a
    # question that is encoded, ingest time in the worker process, concurrency and logins.
    max_upload_bytes: int = 2_000_000
    max_upload_batch_bytes: int = 5_000_000
    max_encoded_question_chars: int = 300
    ingest_timeout_s: float = 600.0
    ui_concurrency: int = 2
    ui_queue_size: int = 64
    max_inflight_per_session: int = 2
    login_max_failures: int = 5
    login_lockout_s: float = 2.0
    max_page_chars: int = 1_000_000
    # An article read by OCR with a mean recognition score below this is still indexed and
    # searched, but the viewer marks it (issue 13).
    ocr_low_confidence: float = 0.9
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["encoders"] = list(self.encoders)
        return d


DEFAULT = Settings()
