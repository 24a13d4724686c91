"""No page may hang ingestion or crash it: random and adversarial pages into ``parse_page``.

Hypothesis builds pages from the pieces that matter to the parser (body starts, bylines,
roles, titles, dates, punctuation, furniture, spaces, line breaks), repeated, mixed with
random text and huge lines. Runs are derandomised and bounded (``max_examples``, a
generous deadline); the time bound per page is a sanity bound (1 s per KB), not a timing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.ingest.bylines import is_byline, roles
from qa.ingest.files import parse_page
from qa.text.cjk import CJK

ROOT = Path(__file__).resolve().parents[1]
FUZZ = settings(
    max_examples=150,
    deadline=5000,  # ms per example: only catches a hang, never a slow machine
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PIECES = [
    "本报讯", "本报讯 ", "本报郑州5月31日讯", "新华社北京5月31日电", "本报", "记者", "本报记者",
    "通讯员", "实习生", "摄影", "摄", "张三", "李四", "欧阳明华", "王", "区委书记", "区长",
    "代表", "教授", "5月31日", "2023年", "3月28日至4月26日", "5月底", "12月30日",
    "2025年1月2日  星期四", "第 3版", "责任编辑：葛文静", "www.example.cn", "一、",
    "。", "，", "、", "；", "！", "？", "…", "”", "“", "）", "（", "(", ")", "·", "：",
    " ", "\u3000", "\t", "\n", "\n\n", "\n\n\n", "Super Bowl", "MAH", "2023", "500",
    "召开会议", "部署工作", "某区召开防汛工作会议", "强调", "指出", "主持", "等参加",
    "Привет", "مرحبا", "한국어", "ｆｕｌｌ", "\ufffd", "🙂", "\u200b",
]  # fmt: skip
_piece = st.sampled_from(PIECES)
_repeated = st.builds(lambda p, n: p * n, _piece, st.integers(1, 40))
_random = st.text(
    alphabet=st.sampled_from("本报讯记者通讯员张李王区长书记会议，。、“”（） \u3000\nabc12"),
    max_size=60,
)
_huge_line = st.builds(lambda p, n: p * n, st.sampled_from(["某区召开会议", "记者 张三 ", "。"]),
                       st.integers(200, 1500))  # fmt: skip
pages = st.lists(st.one_of(_piece, _repeated, _random, _huge_line), max_size=40).map("".join)


def _nonspace(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


def _check_invariants(page: str, source: str = "fuzz.txt") -> None:
    t = time.perf_counter()
    arts = parse_page(page, source)
    seconds = time.perf_counter() - t
    assert seconds < 1.0 + len(page.encode("utf-8")) / 1024, seconds  # sanity, not a timing
    src = page.split("\n")
    used: Counter[str] = Counter()
    for k, a in enumerate(arts):
        assert a.position == k and a.text.strip() and a.id
        assert 1 <= a.line <= len(src)
        assert a.text.lstrip()[0] in "\n".join(src[a.line - 1 :])  # starts where it says
        used += _nonspace(a.text + a.title + a.subtitle)
    assert [a.line for a in arts] == sorted(a.line for a in arts)
    # every character of every article comes from the page, none twice
    assert not used - _nonspace(page)


@FUZZ
@given(pages)
def test_random_and_adversarial_pages_parse(page):
    _check_invariants(page)


@FUZZ
@given(
    st.lists(
        st.sampled_from(["记者 张三 ", "通讯员 李四 ", "记者", "通讯员", "张三", "、", " ", "摄"]),
        max_size=60,
    ),
    st.sampled_from(["。", "，", "", "”", "）"]),
)
def test_byline_storms_in_a_body(parts, end):
    """Runs of roles and names inside, after and around sentences (the ReDoS shape)."""
    page = "本报讯 6月1日，某区召开会议。" + "".join(parts) + end + "等参加。\n记者 王五\n"
    _check_invariants(page)


# The byline grammar as the old regular expression (exponential on long input, fine on
# short): the linear scanner must accept exactly what it accepted.
_ROLE = "(?:" + "|".join(roles()) + ")"
_NAME = rf"[{CJK}·]{{1,4}}"
_NAMES = rf"{_NAME}(?:[ \u3000、]+{_NAME})*"
_OLD = re.compile(
    rf"{_ROLE}[ \u3000]*{_NAMES}(?:[ \u3000]*{_ROLE}[ \u3000]*{_NAMES})*(?:[ \u3000]*摄)?"
)


@FUZZ
@given(
    st.lists(
        st.sampled_from(["记者", "本报记者", "通讯员", "摄影", "摄", "张", "三", "李四", "·",
                         " ", "\u3000", "、", "，", "a"]),
        max_size=9,
    ).map("".join)
)  # fmt: skip
def test_byline_scanner_accepts_what_the_old_pattern_accepted(s):
    assert is_byline(s) == bool(_OLD.fullmatch(s))


def test_redos_page_from_issue_10_finishes():
    """The page that hung the server (30 byline repetitions after a sentence; 12 took 20 s
    with the old pattern): parsed in a child process that is killed if it hangs."""
    code = (
        "import time\n"
        "from qa.ingest.files import parse_page\n"
        "page = '本报讯 6月1日，某区召开会议。' + '记者 张三 通讯员 李四 ' * 30"
        " + '等参加。\\n记者 王五\\n'\n"
        "t = time.perf_counter()\n"
        "arts = parse_page(page, 'redos.txt')\n"
        "print(time.perf_counter() - t, arts[0].reporters)\n"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired as e:
        raise AssertionError("parse_page hung on the byline page of issue 10") from e
    assert out.returncode == 0, out.stderr
    seconds, reporters = out.stdout.split(" ", 1)
    assert float(seconds) < 5.0 and "王五" in reporters
