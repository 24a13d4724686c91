"""Neural extractive reader: e5-small + LoRA adapters + a start/end span head (issue 11)."""

from __future__ import annotations
