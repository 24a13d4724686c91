"""The index in Milvus Lite: round trip with exact offsets, rankings identical to the
directory index, the same seed answers, one-line configuration errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip(
    "pymilvus", reason="Milvus tests need the scale extra: pip install -e '.[scale]'"
)
pytest.importorskip("milvus_lite", reason="Milvus Lite needs the scale extra (milvus-lite)")

from qa.errors import IndexFormatError, IndexMissingError, QAError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [json.loads(x) for x in (ROOT / "seeds" / "questions.jsonl").read_text().splitlines()]
ENGLISH = [
    "Who chaired the second-quarter economic work meeting?",
    "What did the flood check find?",
]


@pytest.fixture(scope="module")
def seed_articles():
    from qa.ingest.files import ingest_paths

    return list(ingest_paths([ROOT / "seeds"]).articles)


@pytest.fixture(scope="module")
def hash_pair(tmp_path_factory, seed_articles):
    """The seeds in a directory index and in Milvus Lite, both with the hash encoder."""
    from qa.index.build import build_index
    from qa.index.milvus_build import build_milvus

    base = tmp_path_factory.mktemp("milvus")
    build_index(base / "dir", seed_articles, encoders=["hash"])
    uri = f"milvus://{base}/seeds.db"
    build_milvus(uri, seed_articles, encoders=["hash"])
    return str(base / "dir"), uri


def test_round_trip_keeps_records_and_exact_offsets(hash_pair, seed_articles):
    from qa.api import get_retriever

    d, m = (get_retriever(x) for x in hash_pair)
    assert [a.to_dict() for a in m.data.articles] == [a.to_dict() for a in d.data.articles]
    assert m.data.passages == d.data.passages and len(m.data.passages) > 12
    texts = {a.id: a.text for a in seed_articles}
    assert all(texts[p.article_id][p.start : p.end] == p.text for p in m.data.passages)
    assert m.data.people.keys() == d.data.people.keys()
    assert m.data.manifest["counts"] == d.data.manifest["counts"]


@pytest.mark.parametrize("question", [q["question"] for q in QUESTIONS] + ENGLISH)
def test_fused_ranking_equals_the_directory_index(hash_pair, question):
    from qa.api import get_retriever

    d, m = (get_retriever(x) for x in hash_pair)
    a, b = d.search(question, 10), m.search(question, 10)
    assert [h.passage.id for h in b] == [h.passage.id for h in a]
    assert [h.score for h in b] == pytest.approx([h.score for h in a], abs=1e-4)
    assert b[0].signals.keys() == a[0].signals.keys()


def test_bm25_signal_alone_equals_the_directory_index(hash_pair):
    from qa.api import get_retriever

    d, m = (get_retriever(x) for x in hash_pair)
    for q in QUESTIONS:
        a = d.search(q["question"], 20, signals=["bm25"])
        b = m.search(q["question"], 20, signals=["bm25"])
        assert [h.passage.id for h in b] == [h.passage.id for h in a]


def test_re_ingest_skips_and_append_adds(tmp_path, seed_articles):
    from qa.api import get_retriever
    from qa.index.milvus_build import build_milvus

    uri = f"milvus://{tmp_path}/inc.db"
    first = build_milvus(uri, seed_articles[:6], encoders=["hash"])
    again = build_milvus(uri, seed_articles[:6], encoders=["hash"])
    assert again.added_articles == 0 and again.total_passages == first.total_passages
    rep = build_milvus(uri, seed_articles, encoders=["hash"])
    assert rep.added_articles == 6 and rep.total_articles == 12
    r = get_retriever(uri)
    assert len(r.data.passages) == rep.total_passages
    top = r.search(QUESTIONS[0]["question"], 3)
    assert r.articles[top[0].passage.article_id].title == QUESTIONS[0]["articles"][0]


@pytest.mark.slow  # two indexes encoded with e5 + USE (≈ 35 s)
def test_seed_accuracy_equal_with_the_real_encoders(seed_index, seed_articles, tmp_path_factory):
    from qa.evaluate import evaluate, read_questions
    from qa.index.milvus_build import build_milvus

    uri = f"milvus://{tmp_path_factory.mktemp('real')}/seeds.db"
    build_milvus(uri, seed_articles)
    questions = read_questions(ROOT / "seeds" / "questions.jsonl")
    on_dir, on_milvus = evaluate(questions, index=str(seed_index)), evaluate(questions, index=uri)
    assert on_milvus["answer"]["accuracy"] == on_dir["answer"]["accuracy"] > 0.8
    assert on_milvus["retrieval"] == on_dir["retrieval"]


def test_missing_file_and_unreachable_server_are_one_line_errors(tmp_path):
    from qa.api import get_retriever

    with pytest.raises(IndexMissingError, match=r"^milvus://.*nothere\.db: no Milvus Lite file"):
        get_retriever(f"milvus://{tmp_path}/nothere.db")
    with pytest.raises(QAError, match=r"^milvus://127\.0\.0\.1:1: cannot connect") as e:
        get_retriever("milvus://127.0.0.1:1")
    assert "\n" not in str(e.value)


def test_wrong_schema_and_dimension_are_named(tmp_path, seed_articles):
    from pymilvus import DataType, MilvusClient

    from qa.index.milvus_build import build_milvus
    from qa.index.milvus_data import load_milvus, open_store

    uri = f"milvus://{tmp_path}/bad.db"
    store = open_store(uri, create=True)
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("pid", DataType.INT64, is_primary=True)
    schema.add_field("dense_hash", DataType.FLOAT_VECTOR, dim=8)
    store.client.create_collection("newsqa_passages", schema=schema)
    with pytest.raises(IndexFormatError, match=r"^milvus://.*bad\.db: collection newsqa_passages"):
        build_milvus(uri, seed_articles[:2], encoders=["hash"])
    good = f"milvus://{tmp_path}/dim.db"
    build_milvus(good, seed_articles[:2], encoders=["hash"])
    s = open_store(good)
    with pytest.raises(
        IndexFormatError, match=r"dense_hash has dimension \d+, the encoder gives 7"
    ):
        s.check_schema({"hash": 7})
    manifest = json.loads(s.get_blob("manifest"))
    manifest["encoders"][0]["dim"] = 7
    s.put_blob("manifest", json.dumps(manifest))
    with pytest.raises(IndexFormatError, match=r"^milvus://.*dim\.db: .*dimension"):
        load_milvus(good, s)


def test_bad_addresses_are_input_errors():
    from qa.errors import InputError
    from qa.index.milvus_uri import parse_milvus_uri

    assert parse_milvus_uri("milvus:///x/y.db").lite
    t = parse_milvus_uri("milvus://db.example:1234?collection=paper_a&shards=4&replicas=2")
    assert (t.shards, t.replicas) == (4, 2)
    assert (t.client_uri, t.collection, t.passages) == (
        "http://db.example:1234",
        "paper_a",
        "paper_a_passages",
    )
    bad_ones = ("milvus:///x/y.sqlite", "milvus://h?collection=1x", "milvus://h:port")
    for bad in (*bad_ones, "milvus://h?shards=0", "milvus://h?replicas=x"):
        with pytest.raises(InputError, match="^milvus:"):
            parse_milvus_uri(bad)
