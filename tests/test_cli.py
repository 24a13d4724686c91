"""Every bad ``qa`` argument is one line on stderr with exit code 2, before any work starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _qa(*args: str | bytes) -> subprocess.CompletedProcess:
    env = {**os.environ, "QA_INDEX": "/nonexistent/qa-index"}
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args], capture_output=True, cwd=ROOT, timeout=120, env=env
    )


def _one_line_error(r: subprocess.CompletedProcess, *needles: str) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert r.stdout == b""
    for n in needles:
        assert n in err, err
    return err


def test_index_that_is_a_file(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("x")
    _one_line_error(_qa("ask", "谁？", "--index", str(f)), "is a file")
    _one_line_error(_qa("ingest", str(ROOT / "seeds"), "--index", str(f / "sub")), "is a file")


@pytest.mark.skipif(
    not Path("/proc/sys").is_dir() or os.access("/proc/sys", os.W_OK),
    reason="needs a read-only directory (/proc/sys)",
)
def test_index_in_a_read_only_directory():
    _one_line_error(
        _qa("ingest", str(ROOT / "seeds"), "--index", "/proc/sys/qa_index"), "not writable"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a 0555 directory")
def test_index_in_a_chmod_read_only_directory(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        _one_line_error(
            _qa("ingest", str(ROOT / "seeds"), "--index", str(ro / "idx")), "not writable"
        )
    finally:
        ro.chmod(0o755)


def test_unknown_encoder_lists_the_known_ones_and_leaves_nothing(tmp_path):
    idx = tmp_path / "idx"
    err = _one_line_error(
        _qa("ingest", str(ROOT / "seeds"), "--encoders", "e5,bogus", "--index", str(idx)), "'bogus'"
    )
    assert "e5" in err and "use" in err and "st:" in err
    assert not idx.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, needle", [
    (["serve", "--port", "99999"], "--port"),
    (["serve", "--port", "0"], "--port"),
    (["serve", "--port", "http"], "--port"),
    (["serve", "--auth", "ann:"], "--auth"),
    (["serve", "--auth", ":pw"], "--auth"),
    (["serve", "--auth", "annpw"], "--auth"),
    (["serve", "--host", " "], "--host"),
    (["serve", "--max-upload-mb", "-1"], "--max-upload-mb"),
    (["ask", "谁？", "-k", "0"], "-k"),
    (["ask"], "question"),
    (["eval", "/nonexistent/questions.jsonl"], "no such questions file"),
    (["eval", str(ROOT / "seeds" / "questions.jsonl"), "--limit", "0"], "--limit"),
    (["ingest", str(ROOT / "seeds"), "--year", "99999"], "--year"),
    (["frobnicate"], "invalid choice"),
])  # fmt: skip
def test_bad_options_are_one_line(args, needle):
    _one_line_error(_qa(*args), needle)


def test_question_that_is_not_utf8():
    err = _one_line_error(_qa(b"ask", b"\xe8\xb0\x81\xff\xfe?"), "not valid UTF-8")
    assert "0xff" in err


def test_lone_surrogate_in_the_api_is_one_line():
    from qa.errors import InputError
    from ui.handlers import ask_dict

    with pytest.raises(InputError, match="U\\+D800"):
        ask_dict("/nonexistent/qa-index", "谁\ud800主持了会议？")
