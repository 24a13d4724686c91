"""The upload box: size limits, the worker process, its timeout, and a server that stays up."""

from __future__ import annotations

import json
import multiprocessing
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from qa.settings import Settings
from ui.ingest import check_sizes, run_ingest

ROWS = [
    {
        "id": "lib-1",
        "title": "图书馆新馆开馆",
        "date": "2024-04-09",
        "text": "本报讯 4月9日，图书馆新馆正式开馆。馆长王晓雯介绍了新馆。",
    }
]


def slow_job(index: str, paths: list[str]) -> dict:
    """Stands in for a page that hangs the parser (runs in the worker process)."""
    time.sleep(120)
    return {}


def failing_job(index: str, paths: list[str]) -> dict:
    raise MemoryError("parser ran out of memory")


@pytest.fixture(scope="module")
def hash_index(hash_index_of) -> str:
    return hash_index_of(ROWS)


def _corpus(path: Path, title: str, text: str) -> Path:
    path.write_text(
        json.dumps({"title": title, "text": text}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def test_files_over_the_limits_are_refused_by_name(tmp_path):
    big = tmp_path / "big_page.txt"
    big.write_bytes(b"x" * 3000)
    small = [tmp_path / f"p{i}.txt" for i in range(3)]
    for p in small:
        p.write_bytes(b"x" * 900)
    s = Settings(max_upload_bytes=2000, max_upload_batch_bytes=2500)
    lines = check_sizes([str(big), *map(str, small)], "en", s)
    assert lines == ["big_page.txt: 3 KB is over the per-file limit of 2 KB; not ingested."]
    lines = check_sizes(list(map(str, small)), "zh", s)
    assert len(lines) == 1 and "2.7 KB" not in lines[0] and "3 KB" in lines[0]
    status = run_ingest("/nonexistent", [str(big)], "en", s)  # no worker, no index touched
    assert status.startswith("big_page.txt: 3 KB is over")


def test_upload_is_ingested_in_a_worker(hash_index, tmp_path):
    from qa.api import ask

    f = _corpus(
        tmp_path / "news.jsonl",
        "区里召开防汛工作会议",
        "本报讯 3月4日，区长李明远主持召开防汛工作会议并讲话。",
    )
    bad = tmp_path / "bad.txt"
    bad.write_text("")
    status = run_ingest(hash_index, [str(f), str(bad)], "en")
    first, *problems = status.splitlines()
    assert first.startswith("Added 1 articles")
    assert problems and problems[0].startswith("- bad.txt:") and str(tmp_path) not in status
    assert ask("谁主持了防汛工作会议？", index=hash_index).short == "李明远"


def test_worker_errors_are_one_line(hash_index, tmp_path, monkeypatch):
    import ui.ingest

    monkeypatch.setattr(ui.ingest, "ingest_job", failing_job)
    f = _corpus(tmp_path / "a.jsonl", "t", "正文。")
    status = run_ingest(hash_index, [str(f)], "en")
    assert status == "Error: MemoryError: parser ran out of memory"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def auth_server(hash_index):
    from ui.app import serve

    port = _free_port()
    s = Settings(login_max_failures=2, login_lockout_s=30)
    demo = serve(hash_index, port=port, block=False, auth=("ann", "pw"), settings=s)
    yield f"http://127.0.0.1:{port}"
    demo.close()


def test_hung_ingest_times_out_while_the_page_answers(
    auth_server, hash_index, tmp_path, monkeypatch
):
    import ui.ingest

    monkeypatch.setattr(ui.ingest, "ingest_job", slow_job)
    f = _corpus(tmp_path / "a.jsonl", "t", "正文。")
    out: list[str] = []
    job = threading.Thread(
        target=lambda: out.append(
            run_ingest(hash_index, [str(f)], "zh", Settings(ingest_timeout_s=3))
        )
    )
    t0 = time.monotonic()
    job.start()
    answered = 0
    while job.is_alive():
        with urllib.request.urlopen(auth_server + "/", timeout=5) as r:
            answered += r.status == 200
        time.sleep(0.3)
    assert answered >= 3 and time.monotonic() - t0 < 30
    assert out == ["导入超过 3 秒仍未完成，已中止；索引未改变。"]
    assert not [p for p in multiprocessing.active_children() if p.name == "qa-worker"]


def _login(base: str, password: str) -> int:
    data = urllib.parse.urlencode({"username": "ann", "password": password}).encode()
    try:
        with urllib.request.urlopen(base + "/login", data=data, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_login_is_locked_after_failures(auth_server):
    assert _login(auth_server, "pw") == 200
    assert [_login(auth_server, "nope") for _ in range(2)] == [400, 400]
    assert _login(auth_server, "pw") == 400  # locked for 30 s, even with the right password
