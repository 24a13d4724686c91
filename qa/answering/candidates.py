"""The candidate record shared by span scoring, picking and reply composition."""

from __future__ import annotations

from dataclasses import dataclass

from qa.records import Hit


@dataclass(frozen=True)
class Candidate:
    """A typed span in a sentence of a retrieved passage, with its support score."""

    hit: Hit
    sent_start: int  # offsets into the article text
    sent_end: int
    span_start: int
    span_end: int
    score: float
    coverage: float
    role_match: bool
