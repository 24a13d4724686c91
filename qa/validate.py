"""Checks of text that comes from users (questions, paths, form fields), shared by the API,
the CLI and the UI so that each says the same one-line thing."""

from __future__ import annotations

from qa.errors import InputError


def check_text(value: str, what: str = "question") -> str:
    """``value`` unchanged; InputError naming the first character that is not valid Unicode.

    A lone surrogate comes from a JSON ``\\ud800`` (API) or from bytes that are not UTF-8 on a
    command line (Python maps byte 0xff to U+DCFF); nothing downstream can encode it.
    """
    for i, ch in enumerate(value):
        if "\udc80" <= ch <= "\udcff":
            raise InputError(
                f"{what} is not valid UTF-8 (byte 0x{ord(ch) - 0xDC00:02x} at "
                f"character {i + 1}); pass UTF-8 text"
            )
        if "\ud800" <= ch <= "\udfff":
            raise InputError(
                f"{what} holds a lone surrogate U+{ord(ch):04X} at character {i + 1}; "
                "send valid Unicode text"
            )
    return value
