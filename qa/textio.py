"""Read a text file whatever its encoding (UTF-8, GB18030/GBK); reject what is not text."""

from __future__ import annotations

from pathlib import Path

from qa.errors import InputError

_ENCODINGS = ("utf-8-sig", "gb18030")


def read_text(path: Path) -> str:
    """Decoded text of ``path``.

    Tries UTF-8, then GB18030 (a superset of GBK/GB2312), then charset-normalizer's guess.
    Raises InputError for an empty file, a binary file (NUL bytes) or undecodable bytes.
    """
    data = Path(path).read_bytes()
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, not text (NUL bytes)")
    for enc in _ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text.replace("\r\n", "\n").replace("\r", "\n")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and _looks_like_text(str(best)):
        return str(best).replace("\r\n", "\n").replace("\r", "\n")
    raise InputError(f"{path}: not text in UTF-8 or GB18030/GBK (cannot decode)")


def _looks_like_text(text: str) -> bool:
    """Few control characters (other than whitespace) → text."""
    if not text:
        return False
    bad = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f\v")
    return bad <= max(2, len(text[:20000]) // 200)
