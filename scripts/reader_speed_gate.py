"""Speed gate for the neural reader: time forward+backward of one batch on this machine.

Usage: ``python -m scripts.reader_speed_gate [--batch 16] [--len 256]``. Prints the median
seconds per step for fp32 and bf16 autocast, LoRA on all layers and on the top layers only.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def _step(model, opt, ids, lens, bf16: bool) -> None:
    import torch

    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        s, e = model(ids, lens)
    loss = s.float().logsumexp(-1).mean() + e.float().logsumexp(-1).mean() - s[:, 1].mean()
    loss.backward()
    opt.step()
    opt.zero_grad()


def main() -> None:
    import torch

    from embeddings.e5fast.encoder import model_path
    from embeddings.e5fast.weights import load_dense
    from qa.reader.model import build_reader

    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--len", type=int, default=256)
    ap.add_argument("--steps", type=int, default=3)
    a = ap.parse_args()
    torch.manual_seed(0)
    header, _, w, _ = load_dense(model_path())
    rng = np.random.default_rng(0)
    ids = rng.integers(5, 200000, (a.batch, a.len))
    lens = np.full(a.batch, a.len)
    for first, bf16 in ((8, False), (6, False), (0, False)):
        model = build_reader(header, w, first=first)
        opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], 1e-4)
        _step(model, opt, ids, lens, bf16)
        ts = []
        for _ in range(a.steps):
            t = time.perf_counter()
            _step(model, opt, ids, lens, bf16)
            ts.append(time.perf_counter() - t)
        print(
            f"lora from layer {first} bf16={bf16}: {statistics.median(ts):.2f} s/step "
            f"({a.batch}x{a.len})",
            flush=True,
        )


if __name__ == "__main__":
    main()
