"""Fuzz the question path: any string a user can send gets an Answer or a one-line
InputError — never a traceback, never a hang (bounded examples, hash encoder)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_answering import ARTICLES

from qa.api import ask
from qa.errors import InputError
from qa.index.build import build_index
from qa.ingest.files import corpus_article, read_corpus

PIECES = [
    "谁",
    "主持",
    "多少",
    "哪天",
    "？",
    "?",
    "😀",
    "<img src=x>",
    "[1]",
    ".*(((",
    "\u3000",
    "Who",
    "chaired",
    "the",
    "meeting",
    "5月3日",
    "１２０吨",
    "\ud800",
    "\udcff",
    "青禾县",
    "柯明远",
    "\n",
    "％",
    "Lin Yifu",
    "會議",
    "　",
    "\x00",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "ix"
    build_index(root, ARTICLES, encoders=["hash"])
    return str(root)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(PIECES), max_size=12).map("".join)))
def test_any_question_gets_an_answer_or_one_line(index, question):
    try:
        a = ask(question, index=index)
    except InputError as e:
        assert "\n" not in str(e) and str(e)
        return
    assert isinstance(a.text, str) and a.text
    assert a.found == bool(a.short)
    for c in a.citations:
        if c.answer_start is not None:
            assert c.start <= c.answer_start < c.answer_end <= c.end
    json.dumps(a.to_dict(), ensure_ascii=False)  # the API can serialise every reply


def test_impossible_corpus_date_is_reported_by_line(tmp_path):
    f = tmp_path / "c.jsonl"
    rows = [
        {"id": "x1", "text": "正文一", "date": "2023-99-99"},
        {"id": "x2", "text": "正文二", "date": "2023-05-31"},
    ]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    arts, problems = read_corpus(f)
    assert [a.id for a in arts] == ["x2"] and arts[0].date_iso == "2023-05-31"
    assert len(problems) == 1 and problems[0].line == 1 and "2023-99-99" in str(problems[0])
    with pytest.raises(InputError, match="not a valid date"):
        corpus_article({"text": "t", "date": "2023-13"}, "s", 0)
