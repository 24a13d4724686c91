"""Read a text file whatever its encoding (UTF-8, GB18030/GBK, UTF-16 with a BOM).

Rejects what is not text with an :class:`~qa.errors.InputError` whose message names the file
and the reason: an empty file, a binary file (NUL bytes, a known binary signature), or bytes
that decode to control characters and unusual symbols in every candidate encoding.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from qa.errors import InputError
from qa.text.cjk import CJK

log = logging.getLogger(__name__)

# GB18030 is a superset of GBK and GB2312: one attempt covers all three.
_ENCODINGS = ("utf-8", "gb18030")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "an executable",
}
# Characters ordinary text is made of: whitespace, printable ASCII and Latin, CJK ideographs,
# CJK and full-width punctuation, general punctuation and symbols.
_COMMON = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u024f\u2000-\u206f\u2100-\u22ff\u2460-\u27bf"
    f"\u3000-\u303f{CJK}\uff00-\uffef\u0370-\u04ff"
    "\U00020000-\U0003134f]"
)
_SAMPLE = 20000
MIN_COMMON_SHARE = 0.95


def read_text(path: str | Path) -> str:
    """Decoded text of the file at ``path``, line ends normalised to ``\\n``.

    Tries a BOM, then UTF-8 (allowing a rare corrupt byte, replaced by U+FFFD), then GB18030
    (covers GBK/GB2312), then charset-normalizer's guess, and accepts the first decoding that
    looks like text.

    Raises:
        InputError: ``"<path>: empty file"``, ``"<path>: binary file, not text (...)"`` or
            ``"<path>: not text (...)"``.
        OSError: the file cannot be read.
    """
    path = Path(path)
    return decode_bytes(path.read_bytes(), str(path))


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode ``data`` as in :func:`read_text`; ``name`` prefixes error messages."""
    if not data.strip():
        raise InputError(f"{name}: empty file" + (" (only whitespace)" if data else ""))
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _accept(_decode(data, enc), name, enc)
    for sig, kind in _SIGNATURES.items():
        if data.startswith(sig):
            raise InputError(f"{name}: binary file, not text (looks like {kind})")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not text (NUL bytes)")
    for enc in _ENCODINGS:
        text = _decode(data, enc)
        if text is None and enc == "utf-8":
            text = _nearly_utf8(data, name)
        if text is not None and looks_like_text(text):
            return _normalise_newlines(text)
    guess = _charset_guess(data)
    if guess is not None and looks_like_text(guess):
        return _normalise_newlines(guess)
    raise InputError(
        f"{name}: not text (cannot decode as UTF-8, GB18030/GBK or UTF-16 into readable characters)"
    )


def looks_like_text(text: str) -> bool:
    """True when at least 95% of a sample of ``text`` are ordinary text characters."""
    sample = text[:_SAMPLE]
    if not sample.strip():
        return False
    common = len(_COMMON.findall(sample))
    return common >= MIN_COMMON_SHARE * len(sample)


def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _nearly_utf8(data: bytes, name: str) -> str | None:
    """UTF-8 with a few corrupt bytes (50 good non-ASCII characters per bad one) replaced by
    U+FFFD.

    Without this a UTF-8 file with one bad byte would "decode" as GB18030 into mojibake; a
    real GBK file fails UTF-8 on nearly every character and is left to GB18030.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 127) - bad
    if good < 50 * bad:
        return None
    log.warning("%s: %d byte sequence(s) are not UTF-8; replaced with U+FFFD", name, bad)
    return text


def _accept(text: str | None, name: str, encoding: str) -> str:
    if text is not None and not text.strip():
        raise InputError(f"{name}: empty file (only a byte-order mark and whitespace)")
    if text is None or not looks_like_text(text):
        raise InputError(
            f"{name}: not text (has a {encoding} byte-order mark but does not "
            "decode to readable characters)"
        )
    return _normalise_newlines(text)


def _charset_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    log.debug("charset-normalizer guessed %s", best.encoding)
    return str(best)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
