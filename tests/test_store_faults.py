"""A damaged or changing index never ends in a traceback: it is refused with a one-line
message that says what to do, or served from the previous generation with a warning."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest

from qa.errors import IndexCorruptError, IndexFormatError, QAError
from qa.index.build import build_index
from qa.index.store import current_generation, generations, load_index
from qa.ingest.files import read_corpus
from qa.settings import Settings

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def corpus():
    arts, _ = read_corpus(DATA / "xquad_zh_sample.jsonl")
    return arts


def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def _drop_line(p: Path) -> None:
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    p.write_text("".join(lines[1:]), encoding="utf-8")


def _bad_json(p: Path) -> None:
    p.write_text("{not json\n", encoding="utf-8")


def _shift_offsets(p: Path) -> None:
    rows = [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()]
    rows[0]["start"] += 1
    rows[0]["end"] += 1
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


DAMAGE = {
    "faiss truncated": ("dense/hash.faiss", _truncate),
    "npy truncated": ("bm25/weights_data.npy", _truncate),
    "vocab bad json": ("bm25/vocab.json", _bad_json),
    "articles line missing": ("articles.jsonl", _drop_line),
    "passages bad json": ("passages.jsonl", _bad_json),
    "passage offsets wrong": ("passages.jsonl", _shift_offsets),
    "manifest bad json": ("manifest.json", _bad_json),
    "faiss file gone": ("dense/hash.faiss", lambda p: p.unlink()),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damaged_only_generation_says_rebuild(tmp_path, corpus, case):
    root = tmp_path / "ix"
    build_index(root, corpus[:6], encoders=["hash"])
    rel, damage = DAMAGE[case]
    damage(current_generation(root) / rel)
    with pytest.raises(IndexCorruptError, match="qa ingest --rebuild"):
        load_index(root)


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damaged_live_generation_falls_back_to_previous(tmp_path, corpus, case, caplog):
    root = tmp_path / "ix"
    build_index(root, corpus[:6], encoders=["hash"])
    build_index(root, corpus[6:9], encoders=["hash"])
    rel, damage = DAMAGE[case]
    damage(current_generation(root) / rel)
    with caplog.at_level(logging.WARNING):
        data = load_index(root)
    assert len(data.articles) == 6  # the previous generation answers
    assert "previous generation" in caplog.text and "--rebuild" in caplog.text


def test_deep_checks_without_checksums(tmp_path, corpus):
    """With checksums off, records are still checked against each other and the manifest."""
    root = tmp_path / "ix"
    build_index(root, corpus[:6], encoders=["hash"])
    _shift_offsets(current_generation(root) / "passages.jsonl")
    with pytest.raises(IndexCorruptError, match="passages.jsonl line 1"):
        load_index(root, checksums=False)


def test_faiss_from_a_bigger_index_is_refused(tmp_path, corpus):
    build_index(tmp_path / "big", corpus[:12], encoders=["hash"])
    build_index(tmp_path / "ix", corpus[:4], encoders=["hash"])
    big = current_generation(tmp_path / "big") / "dense/hash.faiss"
    gen = current_generation(tmp_path / "ix")
    (gen / "dense/hash.faiss").write_bytes(big.read_bytes())
    with pytest.raises(IndexCorruptError, match="hash.faiss has .* bytes"):
        load_index(tmp_path / "ix")
    manifest = json.loads((gen / "manifest.json").read_text())
    del manifest["files"]  # as an index written before file digests were recorded
    (gen / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexCorruptError, match="vectors of"):
        load_index(tmp_path / "ix")


def test_rebuild_repairs_from_stored_articles(tmp_path, corpus):
    root = tmp_path / "ix"
    build_index(root, corpus[:6], encoders=["hash"])
    _truncate(current_generation(root) / "dense/hash.faiss")
    report = build_index(root, [], encoders=["hash"], rebuild=True)
    assert report.total_articles == 6
    assert len(load_index(root).articles) == 6


def test_incremental_build_with_other_settings_says_what_differs(tmp_path, corpus):
    root = tmp_path / "ix"
    build_index(root, corpus[:4], encoders=["hash"])
    with pytest.raises(IndexFormatError, match=r"chunking.passage_max: index 250, now 300"):
        build_index(root, corpus[4:6], encoders=["hash"], settings=Settings(passage_max=300))
    with pytest.raises(IndexFormatError, match=r"bm25.k1: index 1.2, now 1.5"):
        build_index(root, corpus[4:6], encoders=["hash"], settings=Settings(bm25_k1=1.5))
    with pytest.raises(IndexFormatError, match="encoders.use.dim: index absent, now 512"):
        build_index(root, corpus[4:6], encoders=["hash", "use"])


def test_previous_generation_kept_until_the_next_build(tmp_path, corpus):
    root = tmp_path / "ix"
    for i in range(4):
        build_index(root, corpus[i * 3 : i * 3 + 3], encoders=["hash"])
    assert len(generations(root)) == 2  # live + previous, older ones removed


def test_reader_in_a_loop_while_builds_switch(tmp_path, corpus):
    root = tmp_path / "ix"
    build_index(root, corpus[:3], encoders=["hash"])
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                assert len(load_index(root).articles) >= 3
            except BaseException as e:  # noqa: BLE001 - any failure is the finding
                errors.append(e)

    t = threading.Thread(target=reader)
    t.start()
    for i in range(1, 8):
        build_index(root, corpus[i * 3 : i * 3 + 3], encoders=["hash"])
    stop.set()
    t.join()
    assert not errors, errors[:1]


def test_two_ingests_at_once_refuse_each_other(tmp_path, corpus):
    import fcntl

    root = tmp_path / "ix"
    build_index(root, corpus[:3], encoders=["hash"])
    with open(root / ".lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another ingest holds the lock
        with pytest.raises(QAError, match="another ingest"):
            build_index(root, corpus[3:6], encoders=["hash"])
    assert len(load_index(root).articles) == 3


def test_cli_damaged_index_one_line_then_rebuild(tmp_path, corpus):
    import subprocess
    import sys

    root = tmp_path / "ix"
    build_index(root, corpus[:4], encoders=["hash"])
    _truncate(current_generation(root) / "bm25/vocab.json")

    def qa(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "qa.cli", *args, "--index", str(root)],
            capture_output=True,
            text=True,
            timeout=300,
        )

    r = qa("articles")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "qa ingest --rebuild" in r.stderr
    r = qa("ingest", "--rebuild", "--encoders", "hash")
    assert r.returncode == 0, r.stderr
    assert "4 articles" in r.stdout
    assert qa("articles").returncode == 0
