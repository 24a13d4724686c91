"""The neural reader: exact char offsets of e5 tokens, windows, the packaged weights (load,
deterministic scores) and a real seed question answered through ``ask()`` with it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from qa.reader import data
from qa.reader.infer import META, WEIGHTS, NeuralReader, decode
from qa.reader.tokens import encode, token_span, windows

TEXTS = [
    "郑州市委书记安伟在会上讲话。",
    "The smart city  operation center reported on 2023.",
    "ＡＢＣ１２３全角，数字　和空格 mixed 中文English混排",
    "  leading spaces and trailing   ",
    "x\u3000\u3000y ☃ 𠀀 end，二七区投资300亿元（约4.1亿美元）",
]


@pytest.fixture(scope="module")
def tok():
    from embeddings.e5fast.encoder import model_path
    from embeddings.e5fast.tokenizer import E5Tokenizer
    from embeddings.e5fast.weights import load_dense

    return E5Tokenizer(load_dense(model_path())[1])


@pytest.mark.parametrize("text", TEXTS)
def test_offsets_are_exact_and_ids_match_the_encoder(tok, text):
    e = encode(tok, text)
    assert list(e.ids) == tok.ids(text)
    prev = 0
    for i, a, b in zip(e.ids, e.starts, e.ends, strict=True):
        assert prev <= a <= b <= len(text)
        piece = tok.vocab.pieces[i].replace("\u2581", "")
        # the token's text, normalised, is the piece (full-width → ASCII, unknowns aside)
        if i != tok.vocab.unk and piece:
            assert tok.normalize(text[a:b]).replace("\u2581", "") == piece
        prev = a


def test_a_span_maps_to_tokens_and_back(tok):
    text = "二七区与中交投资签约，合作规模300亿元。"
    q = tok.ids("合作规模是多少？")
    (w,) = windows(q, encode(tok, text), max_len=64, bos=0, eos=2)
    a = text.index("300亿元")
    i, j = token_span(w, a, a + len("300亿元"))
    assert text[w.starts[i] : w.ends[j]] == "300亿元"
    assert w.ids[0] == 0 and w.first == len(q) + 3


def test_long_passages_get_overlapping_windows(tok):
    text = "。".join(f"第{i}句话说的是一件事" for i in range(80))
    ws = windows(tok.ids("哪件事？"), encode(tok, text), max_len=64, bos=0, eos=2)
    assert len(ws) > 2 and all(len(w.ids) <= 64 for w in ws)
    assert ws[1].starts[ws[1].first] < ws[0].ends[-2]  # overlap


def test_held_out_split_is_fixed():
    assert data.held_out("drcd-test:1147-2") == data.held_out("drcd-test:1147-2")
    ids = [f"c{i}" for i in range(2000)]
    assert 0.07 < sum(map(data.held_out, ids)) / len(ids) < 0.13


def test_packaged_weights_load_and_score_deterministically():
    meta = json.loads(META.read_text(encoding="utf-8"))
    assert WEIGHTS.stat().st_size < 10_000_000 and meta["version"] >= 1
    assert {"threshold", "base_sha256", "heldout_f1"} <= set(meta)
    r = NeuralReader()
    passage = "5月4日，二七区召开二季度产业发展暨经济工作推进会，区委书记樊惠林主持会议。"
    a = r.best_spans("谁主持了二季度产业发展暨经济工作推进会？", [passage])
    b = r.best_spans("谁主持了二季度产业发展暨经济工作推进会？", [passage])
    assert a == b
    assert "樊惠林" in passage[a[0].start : a[0].end]


def test_decode_picks_the_best_band_span():
    from qa.reader.tokens import Window

    w = Window(
        (0, 5, 2, 2, 7, 8, 9, 2), (-1, -1, -1, -1, 0, 1, 2, -1), (-1,) * 4 + (1, 2, 3, -1), 4
    )
    s = np.array([0, 9, 9, 9, 1, 3, 0, 9], np.float32)
    e = np.array([0, 9, 9, 9, 0, 0, 2, 9], np.float32)
    score, i, j, null = decode(w, s, e)
    assert (i, j) == (5, 6) and score == 5 and null == 0


def test_a_seed_question_is_answered_by_the_reader(seed_index, monkeypatch):
    from qa.api import ask, get_retriever
    from qa.query import make_query
    from qa.reader.answer import neural_candidates

    r = get_retriever(seed_index)
    q = make_query("谁主持了二季度产业发展暨经济工作推进会？", r)
    hits = r.search(q, 20)
    (c,) = neural_candidates(q, hits, r.articles)
    art = r.articles[c.hit.passage.article_id]
    assert art.text[c.span_start : c.span_end] == "樊惠林"
    assert c.hit.passage.start <= c.span_start < c.span_end <= c.hit.passage.end  # cited passage
    monkeypatch.setenv("NEWSQA_READER", "neural")
    ans = ask("谁主持了二季度产业发展暨经济工作推进会？", index=seed_index)
    assert ans.found and "樊惠林" in ans.short and "樊惠林" in ans.citations[0].passage


def test_reader_mode_is_checked(monkeypatch):
    from qa.reader.answer import reader_mode

    monkeypatch.setenv("NEWSQA_READER", "bert")
    with pytest.raises(ValueError, match="NEWSQA_READER"):
        reader_mode()
