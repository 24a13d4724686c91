"""Shared fixtures: a real index of the seed pages (real bundled encoders) and a live server."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """The seeds ingested with the default encoders (e5 + USE) into a temporary index."""
    from qa.index.build import build_index
    from qa.ingest.files import ingest_paths

    root = tmp_path_factory.mktemp("index") / "seeds"
    result = ingest_paths([ROOT / "seeds"])
    assert len(result.articles) == 12 and not result.problems
    build_index(root, result.articles)
    return root


@pytest.fixture(scope="session")
def hash_index_of(tmp_path_factory):
    """Build an index of JSONL-style rows with the hash encoder (plumbing, no model)."""
    from qa.index.build import build_index
    from qa.ingest.files import corpus_article

    def build(rows: list[dict]) -> str:
        root = tmp_path_factory.mktemp("index") / "hash"
        build_index(
            root, [corpus_article(r, "t.jsonl", i) for i, r in enumerate(rows)], encoders=["hash"]
        )
        return str(root)

    return build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(seed_index):
    """The real chat server on a free port, in this process (prevent_thread_lock)."""
    from ui.app import serve

    port = free_port()
    demo = serve(str(seed_index), port=port, block=False)
    yield f"http://127.0.0.1:{port}/"
    demo.close()
