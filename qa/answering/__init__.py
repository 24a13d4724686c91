"""Answering: ranked passages → an extractive answer with ``[n]`` citations, or a refusal.

Public entry points: :func:`answer` and :func:`analyze` (what a question asks for).
"""

from __future__ import annotations

from qa.answering.answer import answer, not_a_question
from qa.answering.compose import not_a_question_reply
from qa.answering.qtype import QuestionInfo, analyze

__all__ = ["QuestionInfo", "analyze", "answer", "not_a_question", "not_a_question_reply"]
