"""Speed of PDF and scan ingestion on the rendered test newspaper (tests/pdfgen.py).

Text-layer PDF pages/s (character extraction, layout, metadata; no encoding), with the
plain-text page path (`parse_page` on tests/data/pages) as the baseline in the same run; OCR
pages/min on 200 dpi scans (cache off) split into detection, recognition and layout.
Medians over repeats. Writes bench/out/pdf.json and prints a table.

    nice /work/main/.venv/bin/python -m bench.pdf [--repeats 5] [--ocr-pages 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "tests"))


def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def text_layer(pdf: Path, repeats: int) -> dict:
    """Pages/s of read_pdf, and the share of character extraction in it."""
    import pypdfium2 as pdfium

    from qa.ingest.files import parse_page
    from qa.ingest.pdf import read_pdf, text_layer

    doc = pdfium.PdfDocument(str(pdf))
    n = len(doc)

    def extract() -> None:
        for i in range(n):
            text_layer(doc[i])

    total = _median_time(lambda: read_pdf(pdf), repeats)
    chars = _median_time(extract, repeats)
    pages = sorted((ROOT / "tests" / "data" / "pages").glob("page_[a-d].txt"))
    texts = [p.read_text("utf-8") for p in pages]
    base = _median_time(lambda: [parse_page(t, "x.txt") for t in texts], repeats)
    return {
        "pages": n,
        "pdf_pages_per_s": round(n / total, 1),
        "text_layer_share": round(chars / total, 2),
        "baseline_txt_pages_per_s": round(len(texts) / base, 1),
    }


def ocr(pdf: Path, pages: int) -> dict:
    """Seconds per scanned page: detection, recognition, layout (OCR cache off)."""
    import numpy as np
    from pdfgen import rasterise
    from PIL import Image

    from qa.ingest.ocr import _engine, frames, skew, to_lines
    from qa.ingest.pdf_layout import read_layout

    os.environ["QA_OCR_CACHE"] = "off"
    engine = _engine()
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for png in rasterise(pdf, Path(d), dpi=200, angle=0.4)[:pages]:
            img = Image.open(png).convert("L")
            t = time.perf_counter()
            result, elapse = engine(np.stack([np.asarray(img)] * 3, axis=-1))
            total = time.perf_counter() - t
            t = time.perf_counter()
            quads = [r[0] for r in result]
            a = -skew(quads)
            lines = to_lines([(q, s, c) for q, s, c in result], a, img.width, img.height)
            read_layout(lines, img.width, img.height, frames(img, a))
            layout = time.perf_counter() - t
            rows.append((total + layout, elapse[0], elapse[2], layout, len(result)))
    med = [statistics.median(r[k] for r in rows) for k in range(5)]
    return {
        "pages": len(rows),
        "s_per_page": round(med[0], 1),
        "pages_per_min": round(60 / med[0], 2),
        "detection_s": round(med[1], 1),
        "recognition_s": round(med[2], 1),
        "layout_s": round(med[3], 2),
        "text_lines": int(med[4]),
    }


def main() -> None:
    from pdfgen import find_cjk_font, render

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--ocr-pages", type=int, default=3)
    args = ap.parse_args()
    font = find_cjk_font()
    if font is None:
        raise SystemExit("no CJK font: apt-get install fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as d:
        pdf = Path(d) / "paper.pdf"
        render(pdf, font)
        report = {
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 1),
            "text_pdf": text_layer(pdf, args.repeats),
            "ocr": ocr(pdf, args.ocr_pages) if args.ocr_pages else {},
        }
    report["load_average_after"] = round(os.getloadavg()[0], 1)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pdf.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
