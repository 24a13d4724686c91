"""What the CLI writes to standard output."""

from __future__ import annotations

import json


def print_json(obj: object) -> None:
    """One JSON document on a line, Chinese kept readable (no \\u escapes)."""
    print(json.dumps(obj, ensure_ascii=False))
