"""Number questions: the measure asked for rules out numbers measured in something else."""

from __future__ import annotations

import pytest

from qa.answering.qtype import unit_hint
from qa.answering.typed import unit_clash


@pytest.mark.parametrize(
    "question",
    [
        "科技创新大赛特等奖奖金有多少？",
        "今年春茶的收购价格是多少？",
        "How much did the project cost?",
    ],
)
def test_money_nouns_ask_for_an_amount(question: str) -> None:
    assert unit_hint(question) == "元"


@pytest.mark.parametrize(
    ("number", "hint", "clash"),
    [
        ("132件", "元", True),  # a count of entries is not a prize
        ("5天", "元", True),
        ("300亿元", "元", False),
        ("5亿", "元", False),  # 亿 alone is how papers print large sums
        ("二次", "名委员", True),
        ("120名", "名委员", False),
        ("30人", "名", False),  # 人/名/位 all count people
        ("400余名", "观众", False),  # a noun, not a measure word: no clash to judge
        ("2.5", "元", False),
    ],
)
def test_unit_clash(number: str, hint: str, clash: bool) -> None:
    assert unit_clash(number, hint) is clash
