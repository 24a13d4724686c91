"""Resumable encoding: shards of vectors written atomically, reused after an interruption."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.base import Encoder, batches, progress_bar

log = logging.getLogger(__name__)


def _shard_key(encoder: Encoder, texts: Sequence[str]) -> str:
    h = hashlib.sha1(encoder.name.encode())
    for t in texts:
        h.update(b"\x1f" + t.encode("utf-8"))
    return h.hexdigest()[:20]


def _save_atomic(path: Path, arr: np.ndarray) -> None:
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:6]}.tmp.npy")
    np.save(tmp, arr, allow_pickle=False)
    os.replace(tmp, path)


def encode_resumable(
    encoder: Encoder,
    texts: Sequence[str],
    cache_dir: Path,
    *,
    batch: int = 256,
    progress: bool = False,
) -> np.ndarray:
    """Encode passages in shards of ``batch``; finished shards in ``cache_dir`` are reused.

    A shard's file name is a hash of the encoder name and its texts, so a rerun after Ctrl-C
    or a crash encodes only what is missing, and a changed text is never served stale.
    """
    texts = list(texts)
    out = np.empty((len(texts), encoder.dim), np.float32)
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    bar = progress_bar(len(texts), f"encoding ({encoder.name})", progress)
    reused = 0
    try:
        for s, e in batches(len(texts), batch):
            path = cache_dir / f"{_shard_key(encoder, texts[s:e])}.npy"
            if path.is_file():
                vecs = np.load(path, allow_pickle=False)
                if vecs.shape == (e - s, encoder.dim):
                    out[s:e] = vecs
                    reused += e - s
                    bar.update(e - s)
                    continue
            out[s:e] = encoder.encode_passages(texts[s:e])
            _save_atomic(path, out[s:e])
            bar.update(e - s)
    finally:
        bar.close()
    if reused:
        log.info("reused %d cached vectors of %s", reused, encoder.name)
    (cache_dir / "encoder.json").write_text(json.dumps({"encoder": encoder.name}))
    return out
