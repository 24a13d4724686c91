"""Passage records ↔ rows of the Milvus passages collection."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from qa.records import Passage

TEXT_FIELDS = {"passage_id": 128, "article_id": 128, "text": 65535, "title": 8192}
TEXT_FIELDS |= {"date": 128, "source": 4096}


def dense_field(encoder: str) -> str:
    """Field name of an encoder's vectors (``st:/x/y`` → ``dense_st_x_y``)."""
    return "dense_" + re.sub(r"[^A-Za-z0-9_]+", "_", encoder).strip("_")


def row_of(pid: int, p: Passage, vecs: dict[str, np.ndarray], sparse: dict[int, float]) -> dict:
    """The row of passage ``p`` at position ``pid`` (an empty BM25 vector gets a tiny entry:
    Milvus refuses empty sparse vectors)."""
    row: dict[str, Any] = {"pid": pid, "passage_id": p.id, "article_id": p.article_id}
    row |= {"char_start": p.start, "char_end": p.end, "text": p.text, "title": p.title}
    row |= {"date": p.date, "source": p.source, "bm25": sparse or {0: 1e-9}}
    row |= {dense_field(e): np.asarray(v, np.float32).tolist() for e, v in vecs.items()}
    return row


def passage_of(r: dict[str, Any]) -> Passage:
    """The Passage record of a row."""
    return Passage(
        id=r["passage_id"], article_id=r["article_id"], start=int(r["char_start"]),
        end=int(r["char_end"]), text=r["text"], title=r["title"], date=r["date"],
        source=r["source"],
    )  # fmt: skip
