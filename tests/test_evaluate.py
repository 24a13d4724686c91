from __future__ import annotations

import pytest

from qa.errors import InputError
from qa.evaluate import Question, _report, article_matches, char_f1, hit_rank, read_questions
from qa.records import Article


def test_char_f1():
    assert char_f1("樊惠林", "樊惠林") == 1.0
    assert char_f1("", "樊惠林") == 0.0
    assert 0 < char_f1("区委书记樊惠林", "樊惠林") < 1
    assert char_f1("300 亿元。", "300亿元") == 1.0


def test_article_matching_by_id_and_title():
    a = Article(id="x1", title="二七区召开防汛应急演练动员会", subtitle="", text="正文。", source="s")
    assert article_matches("x1", a, "x1")
    assert article_matches("二七区召开 防汛应急演练动员会", a, "x1")
    assert article_matches("防汛应急演练", a, "x1")
    assert not article_matches("招商", a, "x1")
    q = Question("1", "q", ("a",), ("防汛应急演练",))
    assert hit_rank(q, ["y", "y", "x1"], {"x1": a}) == 2


def test_read_questions_names_bad_line(tmp_path):
    p = tmp_path / "q.jsonl"
    p.write_text('{"id": 1, "question": "谁？", "answers": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"q.jsonl:2"):
        read_questions(p)


def test_report_keys_and_shares():
    rows = [
        {"id": "a", "found": True, "short": "x", "hit_rank": 1, "correct": True, "f1": 1.0,
         "ms": 10.0, "_answerable": True, "_has_articles": True},
        {"id": "b", "found": False, "short": "", "hit_rank": 3, "correct": False, "f1": 0.0,
         "ms": 30.0, "_answerable": True, "_has_articles": True},
        {"id": "c", "found": False, "short": "", "hit_rank": None, "correct": False, "f1": 0.0,
         "ms": 20.0, "_answerable": False, "_has_articles": False},
    ]
    r = _report(rows)
    assert set(r) == {"questions", "answerable", "unanswerable", "retrieval", "answer",
                      "abstention", "latency_ms", "per_question"}
    assert r["retrieval"]["hit@1"] == 0.5 and r["retrieval"]["hit@3"] == 1.0
    assert r["retrieval"]["mrr"] == round((1 + 1 / 3) / 2, 4)
    assert r["answer"] == {"accuracy": 0.5, "f1": 0.5, "false_refusals": 0.5}
    assert r["abstention"]["accuracy"] == 1.0
    assert set(r["per_question"][0]) == {"id", "found", "short", "hit_rank", "correct", "f1", "ms"}
