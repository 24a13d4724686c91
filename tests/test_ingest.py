"""The ingest entry: directories, pages and JSONL corpora → articles; bad input → problems."""

from __future__ import annotations

from pathlib import Path

from qa.ingest.files import IngestProblem, ingest_paths, parse_page, read_corpus
from qa.ingest.textio import read_text
from qa.records import content_id

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).parent / "data"
PAGES = DATA / "pages"


def test_problem_text_names_file_and_line():
    assert str(IngestProblem("a/b.jsonl", 3, "not JSON")) == "a/b.jsonl:3: not JSON"
    assert str(IngestProblem("a/b.txt", None, "empty file")) == "a/b.txt: empty file"


def test_directories_are_walked_and_ids_are_content_hashes():
    r = ingest_paths([SEEDS])  # seeds/ also holds questions.jsonl: skipped, not an error
    assert len(r.articles) == 12 and not r.problems and r.files == 2
    a = r.articles[0]
    assert a.source == "000_f3a92ef96d51ddea.txt" and a.id == content_id(a.title, a.text)
    assert a.line == 4 and a.date_iso == "2023-05-31"  # the page's 2023年 gives the year
    again = ingest_paths([SEEDS, SEEDS / "000_f3a92ef96d51ddea.txt"])  # same file twice
    assert [x.id for x in again.articles] == [x.id for x in r.articles] and again.files == 2


def test_all_unseen_pages_in_a_directory():
    r = ingest_paths([PAGES])
    assert not r.problems and r.files == 8
    assert {a.source for a in r.articles} == {p.name for p in PAGES.glob("*.txt")}
    assert len(r.articles) == 21


def test_year_option_and_year_written_with_the_date():
    a = parse_page(read_text(PAGES / "page_a.txt"), "page_a.txt", year=2024)
    assert a[0].date_iso == "2024-10-12"
    assert parse_page(read_text(PAGES / "page_a.txt"), "page_a.txt")[0].date_iso == ""
    b = parse_page(read_text(PAGES / "page_b.txt"), "page_b.txt", year=2024)
    assert b[0].date_iso == "2022-09-03"  # 2022年9月3日 is written: it wins over --year
    c = parse_page(read_text(SEEDS / "003_e52d46895fb9f38c.txt"), "003.txt", year=2021)
    assert c[1].date == "3月28日" and c[1].date_iso == "2021-03-28"  # --year beats the page
    d = parse_page(read_text(SEEDS / "000_f3a92ef96d51ddea.txt"), "000.txt")
    assert (d[3].date, d[3].date_iso) == ("5月底", "2023-05")
    f = parse_page(read_text(PAGES / "page_f.txt"), "page_f.txt")  # year from the edition line
    assert [a.date_iso for a in f] == ["2025-07-01", "2025-06-30", ""]


def test_issue_date_in_january_dates_december_articles_in_the_year_before():
    page = ("东湖时报  2025年1月2日  星期四\n\n本报讯 12月30日，东湖区召开年终总结会，\n"
            "回顾全年工作。记者 何丽\n\n东湖区召开年终总结会\n")  # fmt: skip
    (a,) = parse_page(page, "jan.txt")
    assert (a.title, a.date, a.date_iso) == ("东湖区召开年终总结会", "12月30日", "2024-12-30")


def test_corpus_keeps_ids_and_defaults_source_to_file_name():
    arts, problems = read_corpus(DATA / "corpus_ok.jsonl")
    assert not problems
    assert [a.id for a in arts] == ["c-1", "17", content_id("corpus_ok.jsonl", arts[2].text)]
    assert [a.source for a in arts] == ["corpus_ok.jsonl", "lc-daily", "corpus_ok.jsonl"]
    assert (arts[0].date, arts[0].date_iso) == ("2024-04-09", "2024-04-09")
    assert ("滕雪梅", "区委常委、宣传部长") in {(p.name, p.title) for p in arts[0].people}
    sample, problems = read_corpus(DATA / "xquad_zh_sample.jsonl")
    assert not problems and sample[0].id == "xquad_zh-p000-00" and len(sample) == 40


def test_bad_corpus_lines_are_reported_and_the_rest_loads():
    arts, problems = read_corpus(DATA / "bad_corpus.jsonl")
    assert [a.id for a in arts] == ["ok-1", "ok-2"]
    path = str(DATA / "bad_corpus.jsonl")
    assert [str(p) for p in problems] == [
        f"{path}:2: not JSON (Expecting value at column 1)",
        f"{path}:3: missing or empty field 'text'",
        f"{path}:4: expected a JSON object, got list",
        f"{path}:6: missing or empty field 'text'",
        f"{path}:7: field 'title' must be a string, got list",
    ]


def test_bad_files_are_reported_one_message_each_and_the_rest_ingested():
    r = ingest_paths([
        DATA / "bad_empty.txt", DATA / "bad_binary.txt", DATA / "bad_noise.txt",
        DATA / "bad_pdf.txt", DATA / "bad_corpus.jsonl", PAGES / "page_gbk.txt",
        DATA / "nope.txt", DATA / "xquad_zh_sample.LICENSE.json",
        DATA / "xquad_zh_sample_questions.jsonl",
    ])  # fmt: skip
    msgs = [str(p) for p in r.problems]
    expected = [
        "bad_empty.txt: empty file", "bad_binary.txt: binary file, not text",
        "bad_noise.txt: not text", "bad_pdf.txt: binary file, not text (looks like a PDF)",
        "bad_corpus.jsonl:2: not JSON", "nope.txt: no such file or directory",
        "xquad_zh_sample.LICENSE.json: unsupported file type '.json'",
        "xquad_zh_sample_questions.jsonl: a questions file",
    ]  # fmt: skip
    for e in expected:
        assert sum(e in m for m in msgs) == 1, (e, msgs)
    assert len(msgs) == len(expected) + 4  # bad_corpus.jsonl has 5 bad lines
    assert {a.id for a in r.articles} >= {"ok-1", "ok-2"}
    assert any(a.source == "page_gbk.txt" for a in r.articles)


def test_a_text_file_with_no_article(tmp_path):
    p = tmp_path / "list.txt"
    p.write_text("目录\n\n第一版 要闻\n", encoding="utf-8")
    r = ingest_paths([p])
    assert not r.articles and [str(x) for x in r.problems] == [
        f"{p}: no article found (a body starts with 本报讯 or a dateline and ends with a byline)"
    ]


def test_duplicate_ids_kept_once_and_a_clash_is_reported(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "第一篇。"}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        '{"id": "x", "text": "第一篇。"}\n{"id": "x", "text": "另一篇。"}\n', encoding="utf-8"
    )
    r = ingest_paths([tmp_path])
    assert [(a.id, a.text, a.source) for a in r.articles] == [("x", "第一篇。", "a.jsonl")]
    assert len(r.problems) == 1 and "duplicate article id 'x'" in str(r.problems[0])


def test_a_plain_article_without_newspaper_markup(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text(
        "社区开展义诊\n\n周末，幸福社区邀请区人民医院的医生开展义诊，\n为居民量血压、测血糖，"
        "讲解慢性病防治知识，\n共服务居民200余人次。\n",
        encoding="gbk",
    )
    (a,) = ingest_paths([p]).articles
    assert a.title == "社区开展义诊" and a.text.startswith("周末，幸福社区") and a.line == 3


def test_a_renamed_copy_of_a_page_adds_no_article_to_the_index(tmp_path):
    """Ids hash title + text, not the file name: the same page under another name has the
    same ids, and the index build skips them (no "two reports" with identical halves)."""
    from qa.index.build import build_index

    page = read_text(PAGES / "page_a.txt")
    first, copy = tmp_path / "in" / "page_a.txt", tmp_path / "in2" / "renamed copy.txt"
    for p in (first, copy):
        p.parent.mkdir()
        p.write_text(page, encoding="utf-8")
    a, b = ingest_paths([first]), ingest_paths([copy])
    assert [x.id for x in a.articles] == [x.id for x in b.articles] and len(a.articles) == 3
    assert a.articles[0].id == content_id(a.articles[0].title, a.articles[0].text)
    both = ingest_paths([first, copy])
    assert len(both.articles) == 3 and not both.problems  # same ids, same texts: kept once
    root = tmp_path / "index"
    r1 = build_index(root, a.articles, encoders=["hash"])
    r2 = build_index(root, b.articles, encoders=["hash"])
    assert (r1.added_articles, r2.added_articles, r2.total_articles) == (3, 0, 3)


def test_upper_case_suffixes_and_symlinked_folders_are_read(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "PAGE_A.TXT").write_bytes((PAGES / "page_a.txt").read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page_b.txt").write_bytes((PAGES / "page_b.txt").read_bytes())
    (pages / "linked").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "loop").symlink_to(pages, target_is_directory=True)  # a cycle: walked once
    r = ingest_paths([pages])
    assert not r.problems and r.files == 2
    assert {a.source for a in r.articles} == {"PAGE_A.TXT", "page_b.txt"}
    (single,) = {a.source for a in ingest_paths([pages / "PAGE_A.TXT"]).articles}
    assert single == "PAGE_A.TXT"


def test_a_page_too_big_is_refused_with_one_line(tmp_path, monkeypatch):
    import qa.ingest.files as files
    from qa.settings import Settings

    monkeypatch.setattr(files, "DEFAULT", Settings(max_page_chars=1500))
    big = tmp_path / "big.txt"
    big.write_text("本报讯 某区召开会议。记者 张三\n" * 100, encoding="utf-8")  # 1,700 chars
    huge = tmp_path / "huge.txt"
    huge.write_text("本报讯 某区召开会议。\n" * 400, encoding="utf-8")  # > 4 bytes per allowed char
    r = ingest_paths([big, huge, PAGES / "page_a.txt"])
    assert [str(p) for p in r.problems] == [
        f"{big}: page has 1,700 characters, more than the 1,500 allowed "
        "(Settings.max_page_chars); split it into pages",
        f"{huge}: file has 12,800 bytes, more than a page of at most 1,500 characters can have "
        "(Settings.max_page_chars); split it into pages",
    ]
    assert {a.source for a in r.articles} == {"page_a.txt"}
    assert parse_page("本报讯 某区召开会议。记者 张三\n", "x.txt", max_chars=1000)
