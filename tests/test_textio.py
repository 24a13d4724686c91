from __future__ import annotations

from pathlib import Path

import pytest

from qa.errors import InputError
from qa.ingest.textio import decode_bytes, looks_like_text, read_text

DATA = Path(__file__).parent / "data"
PAGE = "本报讯 5月31日上午，二七区人大常\n委会组织视察。记者 景静\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_page_text_decodes_in_every_supported_encoding(tmp_path, encoding):
    path = tmp_path / f"page_{encoding}.txt"
    path.write_bytes(PAGE.encode(encoding))
    assert read_text(path) == PAGE


def test_gb18030_only_characters_and_crlf():
    text = "㐀䶵𠀀 本报讯\r\n会议。\r"  # CJK extension A/B: outside GBK, inside GB18030
    assert decode_bytes(text.encode("gb18030")) == "㐀䶵𠀀 本报讯\n会议。\n"


def test_one_corrupt_byte_does_not_turn_utf8_into_gb18030_mojibake():
    page = ("本报讯 5月31日上午，二七区人大常委会组织视察。" * 40).encode("utf-8")
    cut = page.index("，".encode())  # a character boundary
    data = page[:cut] + b"\xff" + page[cut:]
    text = decode_bytes(data, "x.txt")
    assert text.count("\ufffd") == 1 and text.replace("\ufffd", "") == page.decode("utf-8")


def test_the_gbk_test_page_is_read():
    assert "中原区举办" in read_text(DATA / "pages" / "page_gbk.txt")


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\xef\xbb\xbf\n", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file, not text (looks like a PDF)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text (looks like a PNG"),
        (b"abc\x00\x01\x02def", "binary file, not text (NUL bytes)"),
        (bytes(range(1, 32)) * 20, "not text"),
    ],
)
def test_bad_bytes_are_rejected_with_a_clear_message(data, reason):
    with pytest.raises(InputError) as e:
        decode_bytes(data, "x/bad.txt")
    assert str(e.value).startswith(f"x/bad.txt: {reason}")


def test_bad_files_on_disk():
    with pytest.raises(InputError, match="bad_empty.txt: empty file"):
        read_text(DATA / "bad_empty.txt")
    with pytest.raises(InputError, match="bad_binary.txt: binary file"):
        read_text(DATA / "bad_binary.txt")
    with pytest.raises(InputError, match="bad_noise.txt: not text"):
        read_text(DATA / "bad_noise.txt")


def test_looks_like_text():
    assert looks_like_text("二七区召开会议。Super Bowl 50，“双轮驱动”")
    assert not looks_like_text("\x01\x02\x03\x04 abc")
    assert not looks_like_text("   ")
