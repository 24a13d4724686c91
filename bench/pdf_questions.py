"""Seed questions over the seed pages as newspaper PDFs and as scans, against the .txt pages.

The articles of seeds/*.txt (segmented by ``ingest_paths``) are set as newspaper pages by
``tests/pdfgen.py:lay_out`` (five columns, headlines over two or three columns, long titles on
two lines, subtitles), one PDF per seed page; the same pages rasterised (200 dpi, 0.4°, noise)
into image-only PDFs go through OCR. Three indexes by the normal pipeline (``ingest_paths`` →
``build_index``, default encoders): txt, pdf, scan. seeds/questions.jsonl is asked of each
with ``qa eval``'s scoring (``qa.evaluate.evaluate``, k=5); answers are compared with the
txt index question by question, and every difference is listed with what the extraction did
to the gold article (missing, answer string lost, text changed) as a first diagnosis.

The OCR result is cached under bench/out/pdf_questions/ocr (by the pages' pixels), so only
the first run pays for OCR. Writes bench/out/pdf_questions.json, prints a Markdown section.

    nice -n 15 /work/main/.venv/bin/python -m bench.pdf_questions
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
WORK = OUT / "pdf_questions"
QUESTIONS = ROOT / "seeds" / "questions.jsonl"
sys.path.insert(0, str(ROOT / "tests"))


def render(work: Path) -> tuple[list, Path, Path]:
    """(txt articles, folder of rendered PDFs, folder of scanned PDFs): one of each per seed
    page, its articles in page order."""
    from pdfgen import find_cjk_font, lay_out, rasterise, story_of
    from PIL import Image

    from qa.ingest.files import ingest_paths

    font = find_cjk_font()
    if font is None:
        raise SystemExit("no CJK font: apt-get install fonts-noto-cjk")
    pdfs, scans, pngs = work / "pdf", work / "scan", work / "png"
    for d in (pdfs, scans, pngs):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    txt = []
    for page in sorted((ROOT / "seeds").glob("*.txt")):
        arts = list(ingest_paths([page]).articles)
        txt += arts
        pdf = pdfs / f"{page.stem}.pdf"
        lay_out(pdf, font, [story_of(a) for a in arts])
        images = [Image.open(p) for p in rasterise(pdf, pngs, dpi=200, angle=0.4)]
        images[0].save(scans / pdf.name, save_all=True, append_images=images[1:], resolution=200)
    return txt, pdfs, scans


def build(name: str, articles: list, work: Path) -> str:
    from qa.index.build import build_index

    root = work / f"index-{name}"
    shutil.rmtree(root, ignore_errors=True)
    build_index(root, articles)
    return str(root)


def _match(art: Any, others: list) -> Any:
    """The article of ``others`` that is ``art``: the same title, else the most shared
    character bigrams of title and text (an OCR'd title may differ)."""
    from qa.ingest.titles import bigrams

    same = [o for o in others if o.title == art.title]
    if same:
        return same[0]
    mine = bigrams(art.title + art.text)
    best = max(others, key=lambda o: len(mine & bigrams(o.title + o.text)), default=None)
    return best if best is not None and len(mine & bigrams(best.title + best.text)) else None


def extraction(txt: list, other: list) -> dict[str, dict[str, Any]]:
    """Per txt article (by title): the matched article's title, subtitle and body character
    accuracy against the txt text."""
    from pdfgen import char_accuracy

    out = {}
    for a in txt:
        o = _match(a, other)
        out[a.title] = {
            "title": o.title if o else None,
            "subtitle": o.subtitle if o else None,
            "char_acc": round(char_accuracy(a.text, o.text), 4) if o else 0.0,
            "text": o.text if o else "",
        }
    return out


def _gold(q: Any, txt: list) -> list:
    from qa.eval_scoring import article_matches

    return [a for a in txt if any(article_matches(e, a, a.id) for e in q.articles)]


def why(q: Any, txt: list, ext: dict[str, dict[str, Any]]) -> str:
    """What extraction did to the question's gold articles (a first diagnosis)."""
    from qa.eval_scoring import norm

    notes = []
    for a in _gold(q, txt):
        e = ext[a.title]
        if e["title"] is None:
            notes.append(f"{a.title}: not found (segmentation)")
            continue
        if e["title"] != a.title:
            notes.append(f"{a.title}: title read as {e['title']!r}")
        lost = [x for x in q.answers if norm(x) in norm(a.text) and norm(x) not in norm(e["text"])]
        if lost:
            notes.append(f"{a.title}: answer {lost[0]!r} lost from the text")
        if e["char_acc"] < 1:
            notes.append(f"{a.title}: body char. accuracy {e['char_acc']}")
    return "; ".join(notes) or "gold articles' text as in txt: retrieval or answer step"


def compare(qs: list, reports: dict[str, dict], txt: list, exts: dict) -> dict[str, Any]:
    """Agreement of each index's answers with the txt index's, and the differing questions."""
    from qa.eval_scoring import norm

    base = {r["id"]: r for r in reports["txt"]["per_question"]}
    out: dict[str, Any] = {}
    for name in ("pdf", "scan"):
        rows = {r["id"]: r for r in reports[name]["per_question"]}
        diffs = []
        for q in qs:
            a, b = base[q.id], rows[q.id]
            if (a["found"], norm(a["short"])) != (b["found"], norm(b["short"])):
                diffs.append({
                    "id": q.id, "question": q.question, "txt": a["short"], name: b["short"],
                    "correct": [a["correct"], b["correct"]],
                    "hit_rank": [a["hit_rank"], b["hit_rank"]],
                    "why": why(q, txt, exts[name]),
                })  # fmt: skip
        same_ok = sum(1 for q in qs if base[q.id]["correct"] == rows[q.id]["correct"])
        out[name] = {
            "answer_agreement": round(1 - len(diffs) / len(qs), 4),
            "correctness_agreement": round(same_ok / len(qs), 4),
            "differences": diffs,
        }
    return out


def _ext_summary(ext: dict[str, dict[str, Any]]) -> dict[str, Any]:
    accs = sorted(e["char_acc"] for e in ext.values())
    return {
        "articles": len(ext),
        "titles_right": sum(1 for t, e in ext.items() if e["title"] == t),
        "body_char_acc_median": accs[len(accs) // 2],
        "body_char_acc_min": accs[0],
    }


def markdown(res: dict[str, Any]) -> str:
    """The section for docs/BENCHMARKS.md."""
    lines = [
        "| index | articles | titles right | body char. acc. median / min | accuracy "
        "(answerable) | abstention | hit@1 | hit@5 | same answer as txt | same right/wrong |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in ("txt", "pdf", "scan"):
        r, e = res["eval"][name], res["extraction"].get(name)
        agree = res["agreement"].get(name, {"answer_agreement": 1, "correctness_agreement": 1})
        ext = (
            f"{e['titles_right']}/{e['articles']} | {e['body_char_acc_median']:.4f} / "
            f"{e['body_char_acc_min']:.4f}" if e else "– | –"
        )  # fmt: skip
        lines.append(
            f"| {name} | {res['articles'][name]} | {ext} | {r['answer']['accuracy']:.3f} | "
            f"{r['abstention']['accuracy']:.2f} | {r['retrieval']['hit@1']:.3f} | "
            f"{r['retrieval']['hit@5']:.3f} | {agree['answer_agreement']:.3f} | "
            f"{agree['correctness_agreement']:.3f} |"
        )
    for name in ("pdf", "scan"):
        diffs = res["agreement"][name]["differences"]
        lines += ["", f"Answers that differ, txt → {name} ({len(diffs)}):"]
        for d in diffs:
            ok = "/".join("right" if c else "wrong" for c in d["correct"])
            lines.append(
                f"- {d['id']} {d['question']} — {d['txt']!r} → {d[name]!r} ({ok}; hit rank "
                f"{d['hit_rank'][0]} → {d['hit_rank'][1]}): {d['why']}"
            )
    return "\n".join(lines)


def main() -> None:
    from qa.evaluate import evaluate, read_questions
    from qa.ingest.files import ingest_paths
    from qa.ingest.pdf import count_pages

    WORK.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QA_OCR_CACHE", str(WORK / "ocr"))
    txt, pdfs, scans = render(WORK)
    t = time.perf_counter()
    arts = {"txt": txt, "pdf": list(ingest_paths([pdfs]).articles)}
    pdf_s = time.perf_counter() - t
    t = time.perf_counter()
    arts["scan"] = list(ingest_paths([scans]).articles)
    scan_s = time.perf_counter() - t
    qs = read_questions(QUESTIONS)
    reports = {n: evaluate(qs, index=build(n, a, WORK), k=5) for n, a in arts.items()}
    exts = {n: extraction(txt, arts[n]) for n in ("pdf", "scan")}
    res = {
        "pages": sum(count_pages(p) for p in pdfs.glob("*.pdf")),
        "ingest_s": {"pdf": round(pdf_s, 1), "scan": round(scan_s, 1)},
        "ocr_cache": os.environ["QA_OCR_CACHE"],
        "articles": {n: len(a) for n, a in arts.items()},
        "extraction": {n: _ext_summary(e) for n, e in exts.items()},
        "eval": {n: {k: v for k, v in r.items() if k != "latency_ms"} for n, r in reports.items()},
        "agreement": compare(qs, reports, txt, exts),
    }  # fmt: skip
    (OUT / "pdf_questions.json").write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n")
    print(markdown(res))


if __name__ == "__main__":
    main()
