"""Conversation helpers: follow-up questions and feedback. Pure, no Gradio."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Any

from qa.ingest.crop import recorded_roots

_ZH_PRONOUN = re.compile(r"他们|她们|他|她")
_EN_PRONOUN = re.compile(r"\b(he|she|him|her|his|they|them)\b", re.I)
_LOCK = threading.Lock()


def resolve_followup(question: str, last_entity: str) -> str:
    """Put the person of the previous answer in place of a pronoun.

    >>> resolve_followup("他还参加了什么活动？", "李明远")
    '李明远还参加了什么活动？'
    >>> resolve_followup("what else did he attend?", "李明远")
    'what else did 李明远 attend?'
    """
    if not last_entity:
        return question
    if _ZH_PRONOUN.search(question):
        return _ZH_PRONOUN.sub(last_entity, question, count=1)
    if _EN_PRONOUN.search(question):
        return _EN_PRONOUN.sub(last_entity, question, count=1)
    return question


def append_feedback(index_dir: Path, record: dict[str, Any]) -> Path:
    """Append one vote to ``feedback.jsonl`` in the index directory (one JSON per line)."""
    path = Path(index_dir) / "feedback.jsonl"
    line = json.dumps({**record, "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, ensure_ascii=False)
    with _LOCK, open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")
    return path


def index_roots(index: str | Path) -> tuple[str, ...]:
    """The source folders recorded for a directory index (where page crops find their PDFs);
    none for a Milvus address."""
    return () if str(index).startswith("milvus:") else recorded_roots(index)
