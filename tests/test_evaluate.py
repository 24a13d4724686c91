from __future__ import annotations

import json

import pytest

from qa.errors import InputError
from qa.eval_scoring import is_correct, items_named, polarity
from qa.evaluate import (
    Question,
    _asker,
    _report,
    article_matches,
    char_f1,
    format_report,
    hit_rank,
    read_questions,
)
from qa.records import Article


def test_char_f1():
    assert char_f1("樊惠林", "樊惠林") == 1.0
    assert char_f1("", "樊惠林") == 0.0
    assert 0 < char_f1("区委书记樊惠林", "樊惠林") < 1
    assert char_f1("300 亿元。", "300亿元") == 1.0


def test_article_matching_by_id_and_title():
    a = Article(
        id="x1", title="二七区召开防汛应急演练动员会", subtitle="", text="正文。", source="s"
    )
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
        {
            "id": "a",
            "found": True,
            "short": "x",
            "hit_rank": 1,
            "correct": True,
            "f1": 1.0,
            "ms": 10.0,
            "_answerable": True,
            "_has_articles": True,
        },
        {
            "id": "b",
            "found": False,
            "short": "",
            "hit_rank": 3,
            "correct": False,
            "f1": 0.0,
            "ms": 30.0,
            "_answerable": True,
            "_has_articles": True,
        },
        {
            "id": "c",
            "found": False,
            "short": "",
            "hit_rank": None,
            "correct": False,
            "f1": 0.0,
            "ms": 20.0,
            "_answerable": False,
            "_has_articles": False,
        },
    ]
    r = _report(rows)
    assert set(r) == {
        "questions",
        "answerable",
        "unanswerable",
        "retrieval",
        "answer",
        "abstention",
        "latency_ms",
        "per_question",
    }
    assert r["retrieval"]["hit@1"] == 0.5 and r["retrieval"]["hit@3"] == 1.0
    assert r["retrieval"]["mrr"] == round((1 + 1 / 3) / 2, 4)
    assert r["answer"] == {"accuracy": 0.5, "f1": 0.5, "false_refusals": 0.5}
    assert r["abstention"]["accuracy"] == 1.0
    assert set(r["per_question"][0]) == {"id", "found", "short", "hit_rank", "correct", "f1", "ms"}


def _typed(**kw):
    base = {"id": "d1", "question": "q", "answers": ("霞坑村",), "articles": (), "type": "who"}
    return Question(**{**base, **kw})


def test_typed_answer_found_in_short_or_text_after_punctuation_normalisation():
    q = _typed(answers=("“海恒56”轮",), type="what")
    assert is_correct(q, True, "海恒 56 轮", "")
    assert is_correct(q, True, "", "靠泊的是「海恒５６」轮[1]。")  # NFKC: full-width digits
    assert not is_correct(q, False, "海恒56轮", "")  # a refusal is never an answer
    assert not is_correct(q, True, "海恒57轮", "")
    legacy = Question("s1", "q", ("300亿元",), ())  # no type: today's rule, short first
    assert is_correct(legacy, False, "300 亿元", "")
    assert not is_correct(legacy, True, "中交投资", "合作规模300亿元")


def test_list_counts_only_when_every_item_is_named():
    q = _typed(type="list", answers=("霞坑村", "云溪村", "桐岙镇霞坑村"), all=("霞坑村", "云溪村"))
    assert not is_correct(q, True, "桐岙镇霞坑村", "入选的有桐岙镇霞坑村[1]。")
    assert is_correct(q, True, "霞坑村", "霞坑村和白沙乡云溪村[1]")
    assert items_named(q.all, "只有霞坑村") == 1


def test_yes_no_is_judged_on_the_polarity_the_reply_starts_with():
    q = _typed(type="yes_no", answers=("免去刘建新的县交通运输局局长职务",), expected="否")
    assert is_correct(q, True, "不是", "不是。会议免去刘建新的县交通运输局局长职务[1]。")
    assert is_correct(q, True, "", "No, he was removed [1].")
    assert not is_correct(q, True, "是", "")
    # the supporting clause alone does not say yes or no
    assert not is_correct(q, True, "免去刘建新的县交通运输局局长职务", "")
    assert polarity("“是的”") == "yes" and polarity("nothing") == "" and polarity("否") == "no"
    assert polarity("Yes.") == "yes" and polarity("他是局长") == ""


def test_unanswerable_never_correct():
    q = _typed(type="unanswerable", answers=())
    assert not q.answerable and not is_correct(q, True, "霞坑村", "霞坑村")


def test_read_questions_newsdev_fields(tmp_path):
    p = tmp_path / "q.jsonl"
    rows = [
        {
            "id": "d009",
            "page": "p01.txt",
            "question": "招聘会是哪天？",
            "answers": ["3月18日"],
            "articles": ["招聘会"],
            "type": "when",
            "lang": "zh",
        },
        {
            "id": "d010",
            "page": ["p01.txt", "p04.txt"],
            "question": "在哪儿办？",
            "answers": ["县人力资源市场"],
            "articles": [],
            "type": "where",
            "lang": "zh",
            "history": ["d009"],
        },
        {
            "id": "d030",
            "question": "还是局长吗？",
            "answers": ["免去"],
            "type": "yes_no",
            "expected": "否",
            "history": "d009",
        },
    ]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    a, b, c = read_questions(p)
    assert a.pages == ("p01.txt",) and a.type == "when" and a.history == ()
    assert b.pages == ("p01.txt", "p04.txt") and b.history == ("d009",)
    assert c.expected == "否" and c.history == ("d009",)
    p.write_text('{"question": "q", "all": "霞坑村"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"q.jsonl:1: field 'all' must be a list"):
        read_questions(p)


def test_follow_up_passes_history_only_when_ask_accepts_it():
    calls = []

    def old_ask(question, *, index=None, k=None):
        calls.append(("old", question))

    def new_ask(question, *, index=None, k=None, history=None):
        calls.append(("new", question, history))

    q = _typed(question="在哪儿办？", history=("d009",))
    _asker(old_ask)(q, ["招聘会是哪天？"], k=5)
    _asker(new_ask)(q, ["招聘会是哪天？"], k=5)
    _asker(new_ask)(q, [], k=5)
    assert calls == [
        ("old", "在哪儿办？"),
        ("new", "在哪儿办？", ["招聘会是哪天？"]),
        ("new", "在哪儿办？", None),
    ]


def test_report_per_type_and_follow_up_groups():
    def row(i, typ, correct, found, answerable=True, follow=False):
        return {
            "id": i,
            "found": found,
            "short": "",
            "hit_rank": 1,
            "correct": correct,
            "f1": 0.0,
            "ms": 1.0,
            "_answerable": answerable,
            "_has_articles": True,
            "type": typ,
            "lang": "zh",
            "pages": ["p01.txt"],
            "follow_up": follow,
            "correct_short": False,
        }

    r = _report(
        [
            row("a", "who", True, True),
            row("b", "who", False, True, follow=True),
            row("c", "unanswerable", False, False, answerable=False),
        ]
    )
    assert r["per_type"]["who"] == {"n": 2, "hit@1": 1.0, "hit@5": 1.0, "accuracy": 0.5}
    assert r["per_type"]["unanswerable"]["abstention"] == 1.0
    assert r["answer"]["accuracy_short"] == 0.0
    assert r["follow_up"]["true"]["accuracy"] == 0.0 and r["follow_up"]["false"]["n"] == 2
    text = format_report(r)
    assert "| who | 2 | 0.500 | – | 1.000 | 1.000 |" in text
