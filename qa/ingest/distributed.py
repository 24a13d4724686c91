"""Reading pages on a Ray cluster (``qa ingest --ray auto|ADDRESS``).

Files are read in order-keeping groups by Ray tasks; the driver merges their articles as
:func:`qa.ingest.files.ingest_paths` does (the first of a repeated id is kept), so the result
equals a plain ingest. Encoding is spread by :mod:`qa.index.distributed`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa.errors import QAError
from qa.ingest.files import _walk, ingest_paths
from qa.ingest.results import IngestProblem, IngestResult
from qa.records import Article

log = logging.getLogger(__name__)

OBJECT_STORE_BYTES = 256 * 1024 * 1024  # a local cluster's object store (batches are small)


def connect_ray(address: str, *, num_cpus: int | None = None) -> Any:
    """The ``ray`` module, connected: ``auto`` joins the running cluster or starts a local
    one (``num_cpus`` workers); ``local`` always starts a private local one; ``host:port``
    joins that cluster. Reuses a connection."""
    try:
        import ray
    except ImportError as e:
        raise QAError(f"--ray needs the scale extra ({e.name} missing): pip install "
                      "'newsqa[scale]'") from None  # fmt: skip
    if ray.is_initialized():
        return ray
    opts: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
    if address not in ("auto", "local"):
        try:
            ray.init(address=address, **opts)
        except Exception as e:  # noqa: BLE001 - ConnectionError, RuntimeError, grpc errors
            raise QAError(f"--ray {address}: cannot join the Ray cluster ({e})") from None
        return ray
    try:
        if address == "local":
            raise ConnectionError("a private local cluster was asked for")
        ray.init(address="auto", **opts)
    except ConnectionError:
        log.info("no running Ray cluster; starting a local one")
        # workers import this very package (a checkout may shadow the installed one)
        code = str(Path(__file__).resolve().parents[2])
        env = {"env_vars": {"PYTHONPATH": code}}
        ray.init(num_cpus=num_cpus, object_store_memory=OBJECT_STORE_BYTES, runtime_env=env, **opts)
    return ray


def _read_group(files: list[str], year: int | None) -> IngestResult:
    return ingest_paths(files, year=year)


def _groups(files: list[Path], n: int) -> list[list[str]]:
    size = max(1, -(-len(files) // n))
    return [[str(f) for f in files[s : s + size]] for s in range(0, len(files), size)]


def ray_ingest_paths(
    address: str,
    paths: Sequence[str | Path],
    *,
    year: int | None = None,
    num_cpus: int | None = None,
) -> IngestResult:
    """:func:`ingest_paths` with the files read by Ray tasks (same articles, same order)."""
    ray = connect_ray(address, num_cpus=num_cpus)
    files, problems, seen = [], [], set()
    for item in _walk(paths):
        if isinstance(item, IngestProblem):
            problems.append(item)
        elif item.resolve() not in seen:
            seen.add(item.resolve())
            files.append(item)
    workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
    read = ray.remote(_read_group)
    parts = ray.get([read.remote(g, year) for g in _groups(files, workers * 4)])
    articles: dict[str, Article] = {}
    for part in parts:
        problems.extend(part.problems)
        for a in part.articles:
            first = articles.setdefault(a.id, a)
            if first is not a and first.text != a.text:
                problems.append(IngestProblem(
                    a.source, None, f"duplicate article id {a.id!r} with another text; "
                    f"the first (from {first.source}) is kept",
                ))  # fmt: skip
    log.info("ingested %d articles from %d files on Ray", len(articles), len(files))
    return IngestResult(tuple(articles.values()), tuple(problems), len(files))
