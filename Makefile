# Two commands: `make run` and `make test`. Both set up what they need, idempotently.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INDEX ?= .qa_index

.PHONY: setup run test bench lint format clean-index eval train-reader

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first: the CPU build lies on this disk; any other torch request pulls a CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

$(INDEX)/CURRENT: | $(STAMP)
	$(BIN)/qa ingest seeds/ --index $(INDEX)

run: setup $(INDEX)/CURRENT
	$(BIN)/qa serve --index $(INDEX)

test: setup lint
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
