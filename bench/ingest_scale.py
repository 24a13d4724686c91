"""Ingest scale: parse_page time per KB on 10 KB … 1 MB pages, and one 50 MB reflow.

Pages are real page text (the seeds and the newsdev pages) repeated until the size is
reached, plus adversarial shapes of the same size (one huge line, a table of short lines,
a storm of bylines, 本报讯 runs, punctuation runs). Time per KB should be flat: every step of
the page path is linear. The baseline in the same run is the old reflow (a string grown by
``+=``, quadratic), timed on one 1 MB paragraph. The 50 MB reflow runs in a child process
so its peak RSS (``resource.getrusage``) is its own.

Run: ``nice python -m bench.ingest_scale`` (about a minute; ``--quick`` for 10/100 KB only).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSDEV = ROOT.parent / "shared" / "newsdev" / "pages"
KB = 1024


def real_text() -> str:
    from qa.ingest.textio import read_text

    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted(NEWSDEV.glob("*.txt"))
    return "\n\n".join(read_text(p) for p in paths)


def _fill(unit: str, nbytes: int) -> str:
    """``unit`` repeated (and cut at a line end) to about ``nbytes`` UTF-8 bytes."""
    per = len(unit.encode("utf-8"))
    text = unit * max(1, -(-nbytes // per))
    cut = text.rfind("\n", 0, len(text) * nbytes // (per * max(1, -(-nbytes // per))))
    return text[: cut + 1] if cut > 0 else text


def shapes(nbytes: int) -> dict[str, str]:
    """Pages of about ``nbytes`` UTF-8 bytes, by shape."""
    return {
        "real pages": _fill(real_text() + "\n\n", nbytes),
        "one huge line": "本报讯 " + _fill("某区召开会议，部署工作，要求各单位抓好落实", nbytes),
        "table of short lines": _fill("项目名称 金额 单位\n", nbytes),
        "byline storm": "本报讯 6月1日，某区召开会议。"
        + _fill("记者 张三 通讯员 李四 ", nbytes)
        + "等参加。\n记者 王五\n",
        "本报讯 runs": _fill("本报讯本报讯。\n", nbytes),
        "punctuation runs": _fill("。，、！？”）" * 10 + "\n", nbytes),
        "titles and names": "本报讯 " + _fill("区委书记王刚、区长李强主持会议，\n", nbytes),
    }


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def old_reflow(lines: list[str]) -> str:
    """The reflow before this change (baseline): the paragraph grown by ``+=``."""
    from qa.ingest.reflow import ends_paragraph, join_lines

    paras, cur, blank = [], "", False
    for raw in lines:
        line = raw.strip()
        if not line:
            blank = bool(cur)
            continue
        if blank and ends_paragraph(cur):
            paras.append(cur)
            cur = line
        else:
            cur = join_lines(cur, line)
        blank = False
    if cur:
        paras.append(cur)
    return "\n".join(paras)


def reflow_child(mb: int) -> None:
    """In a child process: reflow ``mb`` MB of page lines; print seconds and peak RSS."""
    from qa.ingest.reflow import reflow

    lines = _fill(real_text() + "\n", mb * KB * KB).split("\n")
    t = time.perf_counter()
    out = reflow(lines)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps({"mb": mb, "seconds": seconds, "peak_rss_mb": peak / 2**20, "chars": len(out)})
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 KB and 100 KB only")
    parser.add_argument("--reflow-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reflow_child:
        reflow_child(args.reflow_child)
        return 0
    from qa.ingest.files import parse_page

    sizes = [10 * KB, 100 * KB] + ([] if args.quick else [KB * KB])
    rows = []
    for size in sizes:
        for shape, text in shapes(size).items():
            repeat = 5 if size <= 100 * KB else 3
            sec = median_seconds(lambda t=text: parse_page(t, "bench.txt"), repeat)
            kb = len(text.encode("utf-8")) / KB
            rows.append((shape, kb, sec))
            print(f"{shape:22s} {kb:8.0f} KB  {sec * 1000:9.1f} ms  {sec / kb * 1000:7.3f} ms/KB")
    if not args.quick:
        from qa.ingest.reflow import reflow

        # one 1 MB paragraph of wrapped lines: the case the old reflow copied for every line
        lines = _fill("某区召开会议，部署工作，要求各单位抓好落实\n", KB * KB).split("\n")
        sec_new = median_seconds(lambda: reflow(lines, normalize=False), 3)
        sec_old = median_seconds(lambda: old_reflow(lines), 1)
        print(
            f"reflow 1 MB paragraph: {sec_new * 1000:.1f} ms (baseline +=: {sec_old * 1000:.0f} ms)"
        )
        child = subprocess.run(
            [sys.executable, "-m", "bench.ingest_scale", "--reflow-child", "50"],
            capture_output=True, text=True, cwd=ROOT, check=True,
        )  # fmt: skip
        r = json.loads(child.stdout)
        print(f"reflow 50 MB: {r['seconds']:.1f} s, peak RSS {r['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
