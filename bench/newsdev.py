"""Issue 11: segmentation and ``qa eval`` per question type on newsdev (or our own set).

    .venv/bin/python -m bench.newsdev            # newsdev: segmentation + questions per type
    .venv/bin/python -m bench.newsdev --own      # tests/data/own_questions.jsonl (held out!)
    .venv/bin/python -m bench.newsdev --segmentation-only   # no encoders, no index: seconds

Segmentation is also tallied for the pages tuned on (p01–p08) and the held-out pages
(p09–p12, looked at only at the end), with date and reporter accuracy.

(a) Segmentation against ``articles_gold.json``: a gold article is *found* when an article of
its page has the same title after :func:`qa.eval_scoring.loose`; *on its body* when that
article also holds the gold body start; *inside its heads* (lenient) when the gold title occurs
in the title + subtitle of the article holding the body (kicker or subtitle glued on); subtitle
/ kicker are counted where printed (found in the predicted title + subtitle). (b) ``evaluate()`` of the questions, per type. The index
is built with the default encoders under ``bench/out/index-<name>-<hash>``, the hash taken
over the pages and the ingest/index code, so a code change gets a fresh index. Prints
markdown; writes ``bench/out/<name>_eval.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from qa.eval_scoring import loose
from qa.evaluate import evaluate, format_report, read_questions
from qa.records import Article

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
NEWSDEV = Path("/work/shared/newsdev")
TUNE = {f"p{k:02d}.txt" for k in range(1, 9)}  # tuned on; p09–p12 are looked at only at the end
_LEAD = re.compile(r"^(本报讯)?\s*([（(][^）)]*[）)])?")


def _cache_key(pages: list[Path]) -> str:
    h = hashlib.sha1()
    code = [
        p
        for d in ("qa/ingest", "qa/index", "qa/text", "embeddings")
        for p in sorted((ROOT / d).rglob("*.py"))
    ]
    for p in sorted(f for d in pages for f in (d.rglob("*") if d.is_dir() else [d])) + code:
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:10]


def build(name: str, pages: list[Path]) -> tuple[Path, list[Article]]:
    """Ingest ``pages`` and build (or reuse) their index; returns its root and the articles."""
    from qa.index.build import build_index
    from qa.index.store import current_generation
    from qa.ingest.files import ingest_paths

    res = ingest_paths(pages)
    for p in res.problems:
        print(f"ingest problem: {p}")
    root = OUT / f"index-{name}-{_cache_key(pages)}"
    if current_generation(root) is None:
        build_index(root, res.articles)
    return root, list(res.articles)


def dewrap(raw: str) -> str:
    """The de-wrapped page text of the newsdev README (where gold strings are found)."""
    join = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef0-9“”‘’—…·%]"
    return re.sub(rf"(?<={join})[ \t\u3000]+(?={join})", "", raw.replace("\n", ""))


def _body_key(starts: str, page: str) -> str:
    """8 body characters from the gold start, past 本报讯 and a bracketed byline."""
    i = page.find(starts)
    tail = page[i : i + 80] if i >= 0 else starts
    rest = loose(_LEAD.sub("", tail))
    return rest[:8] if len(rest) >= 4 else loose(starts)


def judge_article(gold: dict[str, Any], arts: list[Article], page: str) -> dict[str, Any]:
    """How one gold article came out of the segmentation of its (de-wrapped) page."""
    key = _body_key(gold["starts"], page)
    body = next((a for a in arts if key in loose(a.text)), None)
    titled = next((a for a in arts if loose(a.title) == loose(gold["title"])), None)
    best = titled or body
    heads = loose(best.title + best.subtitle + getattr(best, "kicker", "")) if best else ""
    out = {
        "title": gold["title"],
        "found": titled is not None,
        "on_body": titled is not None and titled is body,
        "in_heads": body is not None and loose(gold["title"]) in loose(body.title + body.subtitle),
        "got": (body.title or "(no title)") if body else "(body not found)",
    }
    for part in ("subtitle", "kicker"):
        if gold.get(part):
            out[part] = bool(heads) and loose(gold[part]) in heads
    got = titled if titled is body else None
    out["heads_exact"] = got is not None and all(
        loose(gold.get(p, "")) == loose(getattr(got, p, "")) for p in ("subtitle", "kicker")
    )
    out["date"] = body is not None and body.date_iso == gold.get("date", "")
    out["reporters"] = body is not None and sorted(gold.get("reporters", [])) == sorted(
        _byline_people(body)
    )
    out["brief"] = body is not None and bool(getattr(body, "brief", False)) == gold.get("brief")
    return out


def _byline_people(a: Article) -> list[str]:
    """Everyone named in the article's byline (reporters, correspondents, photographers)."""
    return [*a.reporters, *a.correspondents]


def segmentation(
    articles: list[Article], gold: dict[str, list[dict[str, Any]]], pages_dir: Path
) -> dict[str, Any]:
    """Per page and overall: found titles, found on their body, subtitles, kickers, misses."""
    pages, rows = {}, []
    for page, golds in gold.items():
        arts = [a for a in articles if Path(a.source).name == page]
        text = dewrap((pages_dir / page).read_text(encoding="utf-8"))
        judged = [judge_article(g, arts, text) for g in golds]
        rows += [dict(j, page=page) for j in judged]
        pages[page] = _tally(judged, len(arts))

    def part(names: set[str]) -> dict[str, Any]:
        n = sum(pages[p]["predicted"] for p in pages if p in names)
        return _tally([r for r in rows if r["page"] in names], n)

    return {
        "overall": _tally(rows, len(articles)),
        "tune": part(TUNE),
        "held_out": part(set(gold) - TUNE),
        "pages": pages,
        "misses": [r for r in rows if not r["on_body"]],
    }


def _tally(judged: list[dict[str, Any]], predicted: int) -> dict[str, Any]:
    def count(key: str) -> str:
        xs = [j[key] for j in judged if key in j]
        return f"{sum(xs)}/{len(xs)}"

    n = len(judged)
    return {
        "gold": n,
        "predicted": predicted,
        "found": sum(j["found"] for j in judged),
        "on_body": sum(j["on_body"] for j in judged),
        "in_heads": sum(j["in_heads"] for j in judged),
        "found_share": round(sum(j["found"] for j in judged) / n, 4) if n else 0.0,
        "subtitle": count("subtitle"),
        "kicker": count("kicker"),
        "heads_exact": count("heads_exact"),
        "date": count("date"),
        "reporters": count("reporters"),
        "brief": count("brief"),
    }


def seg_markdown(seg: dict[str, Any]) -> str:
    lines = [
        "| page | gold | predicted | title found | found on its body | inside its heads | subtitle"
        " | kicker | title+subtitle+kicker exact | date | reporters | brief |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    rows = [*seg["pages"].items()]
    rows += [(f"**{k}**", seg[k]) for k in ("tune", "held_out", "overall") if k in seg]
    for page, t in rows:
        lines.append(
            f"| {page} | {t['gold']} | {t['predicted']} | {t['found']} "
            f"({t['found_share']:.0%}) | {t['on_body']} | {t['in_heads']} | {t['subtitle']} | "
            f"{t['kicker']} | {t['heads_exact']} | {t['date']} | {t['reporters']} | {t['brief']} |"
        )
    lines += ["", "Misses (gold title → title of the article holding its body):", ""]
    lines += [f"- {m['page']}: {m['title']} → {m['got']}" for m in seg["misses"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--own", action="store_true", help="our held-out set over seeds + test pages")
    ap.add_argument(
        "--segmentation-only",
        action="store_true",
        help="score the segmentation of the newsdev pages only (no index, no encoders)",
    )
    ap.add_argument("--misses", action="store_true", help="with --segmentation-only: list all")
    args = ap.parse_args(argv)
    if args.segmentation_only:
        _segmentation_only(args.misses)
        return
    if args.own:
        name, pages = "own", [ROOT / "seeds", ROOT / "tests" / "data" / "pages"]
        qfile = ROOT / "tests" / "data" / "own_questions.jsonl"
    else:
        name, pages, qfile = "newsdev", [NEWSDEV / "pages"], NEWSDEV / "questions.jsonl"
    root, articles = build(name, pages)
    res: dict[str, Any] = {}
    if not args.own:
        gold = json.loads((NEWSDEV / "articles_gold.json").read_text(encoding="utf-8"))
        res["segmentation"] = segmentation(articles, gold, NEWSDEV / "pages")
        print("## Segmentation\n\n" + seg_markdown(res["segmentation"]) + "\n")
    res["questions"] = evaluate(read_questions(qfile), index=str(root), k=5)
    print(f"## Questions ({qfile.name})\n\n" + format_report(res["questions"]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}_eval.json").write_text(
        json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def _segmentation_only(details: bool) -> None:
    from qa.ingest.files import ingest_paths

    res = ingest_paths([NEWSDEV / "pages"])
    gold = json.loads((NEWSDEV / "articles_gold.json").read_text(encoding="utf-8"))
    seg = segmentation(list(res.articles), gold, NEWSDEV / "pages")
    print("## Segmentation\n\n" + seg_markdown(seg) + "\n")
    if details:
        for a in sorted(res.articles, key=lambda a: (a.source, a.position)):
            extra = {k: getattr(a, k, "") for k in ("kicker", "continued", "brief")}
            print(
                a.source,
                repr(a.title),
                repr(a.subtitle),
                extra,
                a.date_iso,
                [*a.reporters, *a.correspondents],
                repr(a.text[:16]),
                repr(a.text[-12:]),
            )


if __name__ == "__main__":
    main()
