"""ask() end to end on the seed index: answers, refusals, and the citation invariant."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qa import ask
from qa.errors import IndexMissingError, InputError

ROOT = Path(__file__).resolve().parents[1]
QFILES = [ROOT / "seeds/questions.jsonl", ROOT / "tests/data/heldout_questions.jsonl"]


def _rows():
    for f in QFILES:
        for line in f.read_text("utf-8").splitlines():
            yield json.loads(line)


def test_the_readme_question(seed_index):
    a = ask("谁主持了二季度产业发展暨经济工作推进会？", index=str(seed_index))
    assert a.found and a.short == "樊惠林" and "[1]" in a.text
    c = a.citations[0]
    assert c.title == "二七区召开二季度产业发展暨经济工作推进会" and c.date == "2023-05-04"


def test_english_reply_wraps_the_chinese_span(seed_index):
    a = ask("Who chaired the second-quarter economic work meeting?", index=str(seed_index))
    assert a.found and a.short == "樊惠林" and a.lang == "en"
    assert "chaired" in a.text and "[1]" in a.text


def test_no_chair_named_says_so_instead_of_inventing(seed_index):
    a = ask("谁主持了防汛会议？", index=str(seed_index))
    # neither flood article names a chair: the reply names who spoke and says so
    assert a.found and "没有写明" in a.text and a.short in ("吕安民", "屈连武")


@pytest.mark.parametrize(
    "q", ["二七区2022年的GDP是多少？", "Who won the 2022 World Cup?", "郑州市市长是谁？"]
)
def test_out_of_archive_questions_are_refused(seed_index, q):
    a = ask(q, index=str(seed_index))
    assert not a.found and a.short == ""
    assert all(c.answer_start is None for c in a.citations)


def test_every_marker_points_at_a_citation_containing_the_span(seed_index):
    from qa.api import get_retriever

    arts = get_retriever(seed_index).articles
    for row in _rows():
        a = ask(row["question"], index=str(seed_index))
        ns = {int(n) for n in re.findall(r"\[(\d+)\]", a.text)}
        by_n = {c.n: c for c in a.citations}
        assert ns <= set(by_n), (row["question"], a.text)
        for n in ns:
            c = by_n[n]
            assert c.answer_start is not None, (row["question"], n)
            text = arts[c.article_id].text
            assert text[c.start : c.end] == c.passage
            assert c.start <= c.answer_start < c.answer_end <= c.end
        if a.found:
            c = a.citations[0]
            assert arts[c.article_id].text[c.answer_start : c.answer_end] == a.short


def test_bad_questions_and_missing_index(tmp_path, seed_index):
    with pytest.raises(InputError, match="empty"):
        ask("   ", index=str(seed_index))
    with pytest.raises(InputError, match="2000"):
        ask("问" * 2001, index=str(seed_index))
    with pytest.raises(IndexMissingError, match="qa ingest"):
        ask("谁？", index=str(tmp_path / "none"))


def _qa(*args, env_index=None):
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_cli_errors_are_one_line_without_traceback(tmp_path, seed_index):
    r = _qa("ask", "", "--index", str(seed_index))
    assert r.returncode == 2 and "empty" in r.stderr and "Traceback" not in r.stderr
    r = _qa("ask", "谁？", "--index", str(tmp_path / "none"))
    assert r.returncode == 1 and "qa ingest" in r.stderr and "Traceback" not in r.stderr
    r = _qa("ingest", str(tmp_path / "missing.txt"), "--index", str(tmp_path / "x"))
    assert r.returncode == 2 and "no such file" in r.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = _qa("ingest", str(empty), "--index", str(tmp_path / "x"))
    assert r.returncode == 1 and "empty file" in r.stderr and "Traceback" not in r.stderr
    r = _qa("search", "q", "-k", "0", "--index", str(seed_index))
    assert r.returncode == 2


def test_cli_articles_search_ask_json(seed_index):
    r = _qa("articles", "--json", "--index", str(seed_index))
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(rows) == 12
    assert set(rows[0]) >= {
        "id",
        "title",
        "subtitle",
        "date",
        "source",
        "reporters",
        "correspondents",
        "people",
        "chars",
    }
    r = _qa(
        "search",
        "二七区与中交投资的合作规模是多少？",
        "-k",
        "3",
        "--json",
        "--index",
        str(seed_index),
    )
    hits = json.loads(r.stdout)
    assert len(hits) == 3 and hits[0]["title"] == "二七区与中交投资签约"
    r = _qa("ask", "二七区与中交投资的合作规模是多少？", "--json", "--index", str(seed_index))
    assert "300亿元" in json.loads(r.stdout)["short"]


def test_eval_report_on_seed_questions(seed_index, tmp_path):
    out = tmp_path / "r.json"
    r = _qa(
        "eval",
        str(ROOT / "seeds/questions.jsonl"),
        "--json",
        "--out",
        str(out),
        "--index",
        str(seed_index),
    )
    rep = json.loads(r.stdout)
    assert rep == json.loads(out.read_text())
    assert set(rep) == {
        "questions",
        "answerable",
        "unanswerable",
        "retrieval",
        "answer",
        "abstention",
        "latency_ms",
        "per_question",
    }
    assert rep["questions"] >= 40 and rep["unanswerable"] >= 5
    assert rep["retrieval"]["hit@1"] >= 0.95
    assert rep["answer"]["accuracy"] >= 0.85
    assert rep["abstention"]["accuracy"] == 1.0
