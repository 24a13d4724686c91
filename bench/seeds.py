"""``qa eval`` on the seed questions and the held-out set, into bench/out/seeds_eval.json."""

from __future__ import annotations

import json
from pathlib import Path

from qa.evaluate import evaluate, read_questions
from qa.index.build import build_index
from qa.index.store import current_generation
from qa.ingest.files import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def main() -> None:
    root = OUT / "index-seeds"
    if current_generation(root) is None:
        build_index(root, ingest_paths([ROOT / "seeds"]).articles)
    sets = {
        "seeds/questions.jsonl": ROOT / "seeds" / "questions.jsonl",
        "heldout": ROOT / "tests" / "data" / "heldout_questions.jsonl",
    }
    res = {}
    for name, path in sets.items():
        rep = evaluate(read_questions(path), index=str(root), k=5)
        rep.pop("per_question")
        res[name] = rep
        print(name, json.dumps(rep))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "seeds_eval.json").write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
