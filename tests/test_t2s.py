"""Traditional characters: indexed and matched as Simplified, stored and shown as printed.

tests/data/traditional/page_a_trad.txt is tests/data/pages/page_a.txt converted with OpenCC
s2t (phrase level, so it has 蔘加 for 参加 like real converted text). It must answer the same
questions as its Simplified twin, with offsets that highlight the right characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.api import ask
from qa.index.build import build_index
from qa.ingest.files import parse_page
from qa.ingest.textio import read_text
from qa.text.t2s import has_traditional, to_simplified
from qa.text.tokenize import Tokenizer

DATA = Path(__file__).parent / "data"
SIMPLE = DATA / "pages" / "page_a.txt"
TRAD = DATA / "traditional" / "page_a_trad.txt"


def test_conversion_is_one_character_for_one():
    s = "區委書記崔振華主持會議，於會上發言。乾隆、覆蓋不變"
    out = to_simplified(s)
    assert len(out) == len(s)
    assert out == "区委书记崔振华主持会议，于会上发言。乾隆、覆盖不变"  # 乾: ambiguous, kept
    assert to_simplified("已经是简体") == "已经是简体"
    assert has_traditional("會議") and not has_traditional("会议")


def test_tokens_of_both_scripts_are_the_same():
    tok = Tokenizer()
    assert tok.tokenize("縣長主持會議") == tok.tokenize("县长主持会议")
    assert tok.tokenize("１２０噸") == tok.tokenize("120吨")  # full-width forms too


def test_traditional_page_parses_like_its_twin_and_keeps_its_characters():
    simple = parse_page(read_text(SIMPLE), "a.txt", year=2024)
    trad = parse_page(read_text(TRAD), "a_trad.txt", year=2024)
    assert len(trad) == len(simple) >= 3
    for t, s in zip(trad, simple, strict=True):
        assert has_traditional(t.text), t.text[:30]  # stored as printed
        assert to_simplified(t.text) == s.text  # same characters, same offsets
        assert to_simplified(t.title) == s.title
        assert (t.date_iso, t.people) == (s.date_iso, s.people)
        assert t.id != s.id  # the id is a hash of the printed text


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    roots = {}
    for name, path in (("simple", SIMPLE), ("trad", TRAD)):
        root = tmp_path_factory.mktemp("t2s") / name
        build_index(root, parse_page(read_text(path), path.name, year=2024), encoders=["hash"])
        roots[name] = str(root)
    return roots


@pytest.mark.parametrize(
    "question",
    [
        "谁主持了秋季森林防火工作部署会？",
        "誰主持了秋季森林防火工作部署會？",  # the question in traditional characters too
        "金水区与安和物流集团签约项目总投资多少？",
    ],
)
def test_both_twins_answer_alike_and_highlight_the_printed_characters(twins, question):
    from qa.api import get_retriever

    a, b = (ask(question, index=twins[n]) for n in ("simple", "trad"))
    assert a.found and b.found
    assert to_simplified(b.short) == a.short and b.question == question
    arts = get_retriever(twins["trad"]).articles
    for ca, cb in zip(a.citations, b.citations, strict=True):
        assert (ca.start, ca.end, ca.answer_start, ca.answer_end) == (
            cb.start,
            cb.end,
            cb.answer_start,
            cb.answer_end,
        )
        text = arts[cb.article_id].text
        assert cb.passage == text[cb.start : cb.end]  # as printed
        if cb.answer_start is not None:
            assert (
                to_simplified(text[cb.answer_start : cb.answer_end])
                == ca.passage[ca.answer_start - ca.start : ca.answer_end - ca.start]
            )
    top = b.citations[0]
    assert arts[top.article_id].text[top.answer_start : top.answer_end] == b.short
