"""Speed of PDF and scan ingestion on the rendered test newspaper (tests/pdfgen.py).

Text-layer PDF pages/s (character extraction, layout, metadata; no encoding), with the
plain-text page path (`parse_page` on tests/data/pages) as the baseline in the same run; OCR
pages/min on 200 dpi scans (cache off) through ``read_pdf``, the engine as first merged against
the current settings alternating in the same run, split into detection and recognition, with
titles and body character accuracy of each. Medians over repeats. Writes bench/out/pdf.json
and prints it.

    nice /work/main/.venv/bin/python -m bench.pdf [--repeats 5] [--ocr-repeats 1]
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


class _Timed:
    """An OCR engine that records (detection s, recognition s, lines) of every call."""

    def __init__(self, engine) -> None:
        self.engine, self.calls = engine, []

    def __call__(self, image):
        result, elapse = self.engine(image)
        self.calls.append((elapse[0], elapse[2], len(result or [])) if elapse else (0, 0, 0))
        return result, elapse


def _old_engine():
    """The engine as first merged: onnxruntime's default threads (spin-waiting), classifier
    off, detection at full resolution."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(max_side_len=4096, use_cls=False)


def _accuracy(arts: list, stories: list) -> tuple[float, float, float]:
    """(titles right, median and lowest body character accuracy of the found titles)."""
    from pdfgen import char_accuracy

    from qa.ingest.reflow import normalize_spacing

    by_title = {a.title: a for a in arts}
    right = [s for s in stories if s.title in by_title]
    accs = [char_accuracy(normalize_spacing(s.text), by_title[s.title].text) for s in right]
    return len(right) / len(stories), statistics.median(accs), min(accs)


def ocr(pdf: Path, stories: list, repeats: int) -> dict:
    """Pages/min of a scanned PDF (200 dpi, rotated 0.4°, noise) through ``read_pdf`` with the
    old and the current engine settings, alternating, in the same run (OCR cache off);
    detection and recognition seconds per page; titles and body accuracy of each."""
    from pdfgen import rasterise
    from PIL import Image

    import qa.ingest.ocr as ocr_mod
    from qa.ingest.pdf import read_pdf

    os.environ["QA_OCR_CACHE"] = "off"
    engines = {"before": _Timed(_old_engine()), "after": _Timed(ocr_mod._engine())}
    walls: dict[str, list[float]] = {k: [] for k in engines}
    found: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as d:
        images = [Image.open(p) for p in rasterise(pdf, Path(d), dpi=200, angle=0.4)]
        scanned = Path(d) / "scanned.pdf"
        images[0].save(scanned, save_all=True, append_images=images[1:], resolution=200)
        for _ in range(repeats):
            for name, engine in engines.items():
                ocr_mod._engine = lambda e=engine: e  # noqa: B023 (bound by the default)
                t = time.perf_counter()
                found[name], _ = read_pdf(scanned)
                walls[name].append((time.perf_counter() - t) / len(images))
    out = {"pages": len(images), "repeats": repeats}
    for name, engine in engines.items():
        s_page = statistics.median(walls[name])
        titles, body_median, body_min = _accuracy(found[name], stories)
        out[name] = {
            "s_per_page": round(s_page, 1),
            "pages_per_min": round(60 / s_page, 2),
            "detection_s": round(statistics.median(c[0] for c in engine.calls), 1),
            "recognition_s": round(statistics.median(c[1] for c in engine.calls), 1),
            "text_lines": int(statistics.median(c[2] for c in engine.calls)),
            "titles_right": round(titles, 3),
            "body_char_acc_median": round(body_median, 4),
            "body_char_acc_min": round(body_min, 4),
        }
    return out


def threads(pdf: Path, repeats: int) -> dict:
    """Seconds to recognise page 1's lines (detection done once) by recognisers differing
    only in onnxruntime threads: the default (spin-waiting), no spinning, one thread."""
    import numpy as np
    import onnxruntime as ort
    from pdfgen import rasterise
    from PIL import Image

    from qa.ingest.ocr import _threads

    def session(n: int, spin: bool):
        from rapidocr_onnxruntime import RapidOCR

        rec = RapidOCR(use_cls=False, intra_op_num_threads=n, inter_op_num_threads=1).text_rec
        opts = ort.SessionOptions()
        opts.intra_op_num_threads, opts.inter_op_num_threads = n, 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        path = rec.session.session._model_path
        rec.session.session = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
        return rec

    with tempfile.TemporaryDirectory() as d:
        png = rasterise(pdf, Path(d), dpi=200, angle=0.4)[0]
        arr = np.asarray(Image.open(png).convert("RGB"))
    engine = _old_engine()
    boxes, _ = engine.auto_text_det(arr)
    crops = engine.get_crop_img_list(arr, boxes)
    n = _threads()
    recs = {
        f"{n} threads, spinning (default)": session(n, True),
        f"{n} threads, no spinning": session(n, False),
        "1 thread": session(1, False),
    }
    times: dict[str, list[float]] = {k: [] for k in recs}
    for _ in range(repeats):
        for name, rec in recs.items():
            t = time.perf_counter()
            rec(crops)
            times[name].append(time.perf_counter() - t)
    out = {k: round(statistics.median(v), 1) for k, v in times.items()}
    return {"lines": len(crops), "recognition_s": out}


def main() -> None:
    from pdfgen import find_cjk_font, render

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--ocr-repeats", type=int, default=1, help="0: skip OCR")
    args = ap.parse_args()
    font = find_cjk_font()
    if font is None:
        raise SystemExit("no CJK font: apt-get install fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as d:
        pdf = Path(d) / "paper.pdf"
        stories = render(pdf, font)
        report = {
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 1),
            "text_pdf": text_layer(pdf, args.repeats),
            "ocr": ocr(pdf, stories, args.ocr_repeats) if args.ocr_repeats else {},
            "ocr_threads": threads(pdf, 3) if args.ocr_repeats else {},
        }
    report["load_average_after"] = round(os.getloadavg()[0], 1)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pdf.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
