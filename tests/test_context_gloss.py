"""Glosses chosen in context: an English word gets the word the retrieved passage uses."""

from __future__ import annotations

import pytest

from qa.answering import context_gloss
from qa.answering.terms import key_terms
from qa.records import Query
from qa.retrieval.crossling import CrossLingual

# newsdev p01 (invented development page), the sentence that answers the question below
PASSAGE = (
    "项目全部达产后，预计年产值可达35亿元，年税收 2.1亿元，新增就业岗位800个。"
    "据了解，瀚川新材料成立于2009年，是国内高性能纤维生产企业。"
)
QUESTION = "How many new jobs will the fiber project create?"


@pytest.fixture(scope="module")
def en_query() -> Query:
    return Query(QUESTION, "en", glosses=CrossLingual().glosses(QUESTION))


def _group(terms, word: str) -> tuple[str, ...]:  # noqa: ANN001
    return next(g for g, _ in terms.groups if any(word in t for t in g))


def test_wrong_dictionary_sense_gets_the_passage_word(en_query: Query) -> None:
    jobs = next(g for g in en_query.glosses if g.word == "jobs")
    assert not any(t in PASSAGE for t in jobs.translations)  # 乔布斯: the wrong sense
    chosen = context_gloss.choose(en_query, [PASSAGE])
    assert any("岗位" in w for w in chosen.get("jobs", ()))
    on = key_terms(en_query, [PASSAGE])
    assert any(t in PASSAGE for t in _group(on, "乔布斯"))


def test_coverage_rises_only_with_the_mechanism(
    en_query: Query, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = key_terms(en_query, [PASSAGE]).coverage(PASSAGE)
    monkeypatch.setattr(context_gloss, "ENABLED", False)
    off = key_terms(en_query, [PASSAGE]).coverage(PASSAGE)
    assert on > off


def test_chinese_question_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    q = Query(
        "项目新增多少就业岗位？", "zh", words=(("项目", 2.0), ("新增", 3.0), ("就业岗位", 5.0))
    )
    assert context_gloss.choose(q, [PASSAGE]) == {}
    on = key_terms(q, [PASSAGE])
    monkeypatch.setattr(context_gloss, "ENABLED", False)
    assert key_terms(q, [PASSAGE]) == on
