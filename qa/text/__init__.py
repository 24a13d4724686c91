"""Text primitives shared by every stage: CJK ranges, the language of a question, the tokenizer."""

from __future__ import annotations

from qa.text.cjk import CJK, is_chinese, language
from qa.text.tokenize import Tokenizer, TokenizerConfig, normalize

__all__ = ["CJK", "Tokenizer", "TokenizerConfig", "is_chinese", "language", "normalize"]
