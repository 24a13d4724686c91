"""The manifest of an index generation: what built it, and checks that it still holds.

``manifest.json`` records the format and package version, the encoders (name, dimension,
FAISS kind, count), the tokenizer settings, chunking and BM25 parameters, counts, and the size
and SHA-256 of every file of the generation. :func:`differences` compares the settings part
with what the running code would build; :func:`verify_files` checks the files on disk.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from qa import __version__
from qa.errors import IndexCorruptError
from qa.records import Article, Passage
from qa.settings import FORMAT_VERSION, Settings
from qa.text.tokenize import TokenizerConfig

CHUNKING_KEYS = ("passage_target", "passage_min", "passage_max", "passage_overlap")
# settings parts whose difference makes an incremental build inconsistent
COMPARED = ("encoders", "tokenizer", "chunking", "bm25")


def settings_part(
    settings: Settings, encoders: dict[str, int], tok: TokenizerConfig
) -> dict[str, Any]:
    """The comparable part of a manifest for ``settings`` and ``encoders`` (name → dim)."""
    return {
        "encoders": [{"name": n, "dim": d} for n, d in encoders.items()],
        "tokenizer": {
            "kind": "jieba+bigrams" if tok.bigrams else "jieba",
            "bigrams": tok.bigrams,
            "search_mode": tok.search_mode,
        },
        "chunking": {k: getattr(settings, k) for k in CHUNKING_KEYS},
        "bm25": {"k1": settings.bm25_k1, "b": settings.bm25_b, "title_boost": settings.title_boost},
    }


def build_manifest(
    part: dict[str, Any],
    faiss_info: dict[str, tuple[str, int]],
    tok: TokenizerConfig,
    counts: dict[str, int],
    created: str | None,
    seconds: float,
) -> dict[str, Any]:
    """A full manifest: ``part`` from :func:`settings_part` plus versions, FAISS kinds
    (encoder → (kind, count)), the user dictionary's hash, counts and times."""
    encoders = [
        {**e, "index": faiss_info[e["name"]][0], "count": faiss_info[e["name"]][1]}
        for e in part["encoders"]
    ]
    now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    return {
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        "created": created or now,
        "updated": now,
        "build_seconds": round(seconds, 3),
        **part,
        "encoders": encoders,
        "tokenizer": {**part["tokenizer"], **tok.to_manifest()},
        "counts": counts,
    }


def _flatten(d: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(d, dict):
        out: dict[str, Any] = {}
        for k, v in d.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(d, list) and all(isinstance(x, dict) and "name" in x for x in d):
        return _flatten({x["name"]: {k: v for k, v in x.items() if k != "name"} for x in d}, prefix)
    return {prefix: d}


def differences(stored: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    """Human-readable differences of the compared parts: ``chunking.passage_max: index 250,
    now 300``. Only keys present in ``wanted`` are compared (counts and kinds are not)."""
    have = _flatten({k: stored.get(k) for k in COMPARED})
    want = _flatten({k: wanted.get(k) for k in COMPARED})
    out = []
    for key in sorted(set(want) | {k for k in have if k.split(".")[0] == "encoders"}):
        if key.endswith((".index", ".count", ".backend")) or key.startswith("tokenizer.user"):
            continue
        if have.get(key) != want.get(key):
            out.append(f"{key}: index {have.get(key, 'absent')}, now {want.get(key, 'absent')}")
    return out


def sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_digests(gen: Path) -> dict[str, dict[str, Any]]:
    """``{relative path: {"bytes": n, "sha256": hex}}`` of every file under ``gen``
    except the manifest itself."""
    out = {}
    for p in sorted(gen.rglob("*")):
        if p.is_file() and p.name != "manifest.json":
            out[p.relative_to(gen).as_posix()] = {"bytes": p.stat().st_size, "sha256": sha256(p)}
    return out


def verify_files(gen: Path, manifest: dict[str, Any], *, checksums: bool = True) -> list[str]:
    """Problems with the files of ``gen`` against the manifest's record ([] when whole)."""
    problems = []
    for rel, rec in manifest.get("files", {}).items():
        p = gen / rel
        if not p.is_file():
            problems.append(f"{rel} is missing")
        elif p.stat().st_size != rec["bytes"]:
            problems.append(f"{rel} has {p.stat().st_size} bytes, the manifest says {rec['bytes']}")
        elif checksums and sha256(p) != rec["sha256"]:
            problems.append(f"{rel} does not match its checksum")
    return problems


def check_records(
    gen: Path, articles: list[Article], passages: list[Passage], manifest: dict[str, Any]
) -> None:
    """Counts as the manifest says, and every passage the exact slice of its article."""
    counts = manifest.get("counts", {})
    if len(articles) != counts.get("articles") or len(passages) != counts.get("passages"):
        raise IndexCorruptError(
            f"{gen.name}: {len(articles)} articles and {len(passages)} passages on disk, "
            f"the manifest says {counts.get('articles')} and {counts.get('passages')}"
        )
    by_id = {a.id: a for a in articles}
    for i, p in enumerate(passages):
        art = by_id.get(p.article_id)
        if art is None or art.text[p.start : p.end] != p.text:
            raise IndexCorruptError(
                f"{gen.name}/passages.jsonl line {i + 1}: passage {p.id} does not match "
                f"the text of article {p.article_id}"
            )
