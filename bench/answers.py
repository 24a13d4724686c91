"""End-to-end answer quality on the shared benchmarks: retrieve, then extract (``qa eval``).

    .venv/bin/python -m bench.answers [--limit 500]

Uses the benchmark indexes built by ``bench.retrieval``; writes bench/out/answers.json.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from bench.retrieval import OUT, SETS, SHARED, index_for
from qa.evaluate import evaluate, read_questions


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = OUT / "answers.json"
    results = json.loads(path.read_text()) if path.is_file() else {}
    for name in args.sets.split(","):
        qs = read_questions(SHARED / name / "questions.jsonl")[: args.limit]
        rep = evaluate(qs, index=str(index_for(name)), k=5)
        rep.pop("per_question")
        results[name] = rep
        logging.info("%s %s", name, json.dumps(rep))
        Path(path).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
