"""Ingest on Ray (a private local cluster of 2 workers): equal to the plain ingest, and a
driver killed mid-way loses only its unfinished batches."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("ray", reason="Ray tests need the scale extra: pip install -e '.[scale]'")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ray2():
    from qa.ingest.distributed import connect_ray

    ray = connect_ray("local", num_cpus=2)
    yield ray
    ray.shutdown()


def _vectors(root: Path, name: str = "hash") -> np.ndarray:
    from qa.index.store import load_index

    ix = load_index(root).dense[name]
    return ix.reconstruct_n(0, ix.ntotal)


def _same_index(a: Path, b: Path) -> None:
    from qa.index.store import load_index

    da, db = load_index(a), load_index(b)
    assert db.passages == da.passages and [x.id for x in db.articles] == [x.id for x in da.articles]
    assert np.array_equal(_vectors(a), _vectors(b))


def test_ray_ingest_of_the_seeds_equals_the_plain_ingest(ray2, tmp_path):
    from qa.index.build import build_index
    from qa.index.distributed import ray_encode
    from qa.ingest.distributed import ray_ingest_paths
    from qa.ingest.files import ingest_paths

    plain = ingest_paths([ROOT / "seeds"])
    on_ray = ray_ingest_paths("local", [ROOT / "seeds"])
    assert on_ray.articles == plain.articles and on_ray.problems == plain.problems
    build_index(tmp_path / "plain", plain.articles, encoders=["hash"])
    rep = ray_encode("local", tmp_path / "ray", on_ray.articles, encoders=["hash"])
    assert rep.encoded == rep.batches == 1 and rep.passages > 12  # one batch: one actor
    build_index(tmp_path / "ray", on_ray.articles, encoders=["hash"])
    _same_index(tmp_path / "plain", tmp_path / "ray")
    again = ray_encode("local", tmp_path / "ray", on_ray.articles, encoders=["hash"])
    assert again.passages == 0  # every article is in the index now: nothing to encode


def _corpus(path: Path) -> Path:
    """≈ 1000 passages: the seed articles, each 20 times with a numbered line appended."""
    from qa.ingest.files import ingest_paths

    rows = [
        {"id": f"{a.id}-{i}", "title": a.title, "date": a.date_iso, "text": f"{a.text}\n第{i}份。"}
        for i in range(20)
        for a in ingest_paths([ROOT / "seeds"]).articles
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
from qa.index.distributed import ray_encode
from qa.ingest.files import ingest_paths

def stop(done):
    if done >= 2:  # note the Ray processes this driver started, so the test can end them
        import psutil
        kids = psutil.Process().children(recursive=True)
        open({pids!r}, "w").write(" ".join(str(p.pid) for p in kids))
        os.kill(os.getpid(), signal.SIGKILL)  # the driver dies mid-way, nothing cleaned up

arts = ingest_paths([{corpus!r}]).articles
ray_encode("local", {index!r}, arts, encoders=["hash"], num_cpus=2, on_batch=stop)
"""


def test_a_killed_ray_ingest_resumes_without_re_encoding(ray2, tmp_path):
    from qa.index.build import build_index
    from qa.index.distributed import ray_encode
    from qa.ingest.files import ingest_paths

    corpus, index = _corpus(tmp_path / "c.jsonl"), tmp_path / "index"
    pids = tmp_path / "ray-pids"
    script = KILLER.format(root=str(ROOT), corpus=str(corpus), index=str(index), pids=str(pids))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    for pid in pids.read_text().split() if pids.is_file() else ():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)  # the Ray processes of the killed driver
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    shards = {p: p.stat().st_mtime_ns for p in (index / "cache" / "hash").glob("*.npy")}
    arts = ingest_paths([corpus]).articles
    rep = ray_encode("local", index, arts, encoders=["hash"])
    assert rep.batches >= 4 and 2 <= len(shards) < rep.batches
    assert rep.reused == len(shards) and rep.encoded == rep.batches - len(shards)
    assert all(p.stat().st_mtime_ns == t for p, t in shards.items())  # not written again
    build_index(index, arts, encoders=["hash"])
    build_index(tmp_path / "plain", arts, encoders=["hash"])
    _same_index(tmp_path / "plain", index)
    assert not (index / "cache").exists()
