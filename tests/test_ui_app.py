from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_ask_endpoint_under_concurrency_equals_ask(server, seed_index):
    """20 questions from 8 concurrent gradio_client clients: every answer equals ask()'s."""
    from gradio_client import Client

    from qa.api import ask

    rows = [
        json.loads(x) for x in (ROOT / "seeds" / "questions.jsonl").read_text("utf-8").splitlines()
    ]
    questions = [r["question"] for r in rows][:20]
    clients = [Client(server, verbose=False) for _ in range(8)]
    assert "/ask" in clients[0].view_api(return_format="dict")["named_endpoints"]

    def one(i: int) -> dict:
        return clients[i % 8].predict(questions[i], api_name="/ask")

    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(one, range(len(questions))))
    for q, g in zip(questions, got, strict=True):
        assert g == ask(q, index=str(seed_index)).to_dict()
