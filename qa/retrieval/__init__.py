"""Retrieval: a question → ranked passages (BM25 over jieba tokens with English→Chinese
expansion, dense FAISS search per encoder, z-score fusion routed by language).

Public entry points: :class:`Retriever` (search one loaded index) and :class:`CrossLingual`.
"""

from __future__ import annotations

from qa.retrieval.crossling import CrossLingual
from qa.retrieval.fuse import FusionWeights, fuse
from qa.retrieval.search import Retriever

__all__ = ["CrossLingual", "FusionWeights", "Retriever", "fuse"]
