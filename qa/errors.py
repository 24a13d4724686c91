"""Project errors. Each message names the value received and what is allowed."""

from __future__ import annotations


class QAError(Exception):
    """Base class for errors the CLI and UI turn into one-line messages."""


class InputError(QAError, ValueError):
    """Bad user input: an empty question, a file that is not text, a malformed JSONL line."""


class IndexMissingError(QAError):
    """No index at the given directory."""


class IndexFormatError(QAError):
    """The index on disk was built with another format, encoder or tokenizer."""


class IndexCorruptError(IndexFormatError):
    """A file of the index is missing, truncated or inconsistent with the manifest."""
