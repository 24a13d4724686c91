from __future__ import annotations

from qa.answering.align import align_span


def _a(q: str, s: str):
    r = align_span(q, s)
    return s[r[0] : r[1]] if r else None


def test_question_word_slot_is_the_answer():
    assert (
        _a("锣鼓经是什么？", "锣鼓经是大陆传统器乐及戏曲里面常用的打击乐记谱方法，以不同的字音。")
        == "大陆传统器乐及戏曲里面常用的打击乐记谱方法"
    )
    assert (
        _a("锣鼓经常用的节奏型称为什么？", "锣鼓经常用的节奏型称为锣鼓点，也称锣鼓段子。")
        == "锣鼓点"
    )


def test_no_anchor_no_span():
    assert _a("什么？", "任何句子。") is None
    assert _a("火星的卫星叫什么？", "锣鼓经常用的节奏型称为锣鼓点。") is None
