# Two commands: `make run` and `make test`. Both set up what they need, idempotently.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCALE_STAMP := $(VENV)/.installed-scale
INDEX ?= .qa_index

.PHONY: setup run test bench lint format clean-index eval train-reader bench-scale

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first: the CPU build lies on this disk; any other torch request pulls a CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The tests also cover the optional Milvus and Ray paths; `make run` does not need them.
$(SCALE_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,scale]'
	touch $(SCALE_STAMP)

setup: $(STAMP)

$(INDEX)/CURRENT: | $(STAMP)
	$(BIN)/qa ingest seeds/ --index $(INDEX)

run: setup $(INDEX)/CURRENT
	$(BIN)/qa serve --index $(INDEX)

test: setup $(SCALE_STAMP) lint
	$(BIN)/python -m pytest -q

# Quality on the shared benchmarks (builds their indexes once, ~30 min), then speed and scale.
bench: setup
	$(BIN)/python -m bench.retrieval
	$(BIN)/python -m bench.answers
	$(BIN)/python -m bench.seeds
	$(BIN)/python -m bench.reader
	$(BIN)/python -m bench.newsdev
	$(BIN)/python -m bench.run

eval: setup $(INDEX)/CURRENT
	$(BIN)/qa eval seeds/questions.jsonl --index $(INDEX)

lint: setup
	$(BIN)/ruff check qa embeddings ui tests bench scripts
	$(BIN)/ruff format --check qa embeddings ui tests bench scripts

format: setup
	$(BIN)/ruff format qa embeddings ui tests bench scripts

# The span ranker (qa/data/reader_model.json) from ../shared/train and newsdev p01-p08;
# about 15-30 min on 2 cores; prints its held-out scores.
train-reader: setup
	$(BIN)/python -m scripts.train_reader

clean-index:
	rm -rf $(INDEX)

# xquad_zh in the directory index and in Milvus Lite (and ingested through Ray): hit@1/@5 side
# by side, ask() p50/p95, ingest passages/s (about 10 min on 2 cores; docs/SCALING.md).
bench-scale: setup $(SCALE_STAMP)
	$(BIN)/python -m bench.milvus_scale

# The neural span reader (qa/data/reader_e5.safetensors + .json): e5-small + LoRA adapters on
# the top 4 layers + a start/end head, from ../shared/train; about 35 min on 2 cores; prints
# held-out F1/EM and the refusal curve. Use it with NEWSQA_READER=neural.
train-neural-reader: setup
	$(BIN)/python -m scripts.train_neural_reader
