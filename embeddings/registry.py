"""Encoders by name: ``use``, ``e5``, ``hash`` (tests only) or ``st:<model name or path>``."""

from __future__ import annotations

import threading

from embeddings.base import Encoder

ENCODER_NAMES = ("e5", "use", "hash", "st:<model>")
_CACHE: dict[str, Encoder] = {}
_LOCK = threading.Lock()


def is_known(name: str) -> bool:
    """Is ``name`` an encoder this registry can create (without creating it)?"""
    return name in ENCODER_NAMES[:-1] or (name.startswith("st:") and len(name) > 3)


def get_encoder(name: str) -> Encoder:
    """The process-wide encoder called ``name`` (created once; weights load on first use).

    Raises:
        ValueError: unknown name.
    """
    with _LOCK:
        enc = _CACHE.get(name)
        if enc is None:
            enc = _CACHE[name] = _create(name)
        return enc


def _create(name: str) -> Encoder:
    if name == "use":
        from embeddings.use import USEEncoder

        return USEEncoder()
    if name == "e5":
        from embeddings.e5fast import FastE5Encoder

        return FastE5Encoder()
    if name == "hash":
        from embeddings.hashing import HashEncoder

        return HashEncoder()
    if name.startswith("st:"):
        from embeddings.st import STEncoder

        return STEncoder(name[3:])
    raise ValueError(f"unknown encoder {name!r}; allowed: {', '.join(ENCODER_NAMES)}")
