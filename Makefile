# Two entry points a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared/data

.PHONY: demo test lint typecheck pytest snapshot bench bench-venv ocr system-deps clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/rightscreen lists
	$(BIN)/rightscreen screen examples/vendors.csv -o demo-results.json

test: $(BIN)/.installed lint typecheck pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks examples

typecheck: $(BIN)/.installed
	$(BIN)/mypy src

pytest: $(BIN)/.installed
	$(BIN)/pytest -q

# Rebuild the built-in snapshot from the official list files in ../shared/data/lists.
snapshot: $(BIN)/.installed
	$(BIN)/rightscreen build-snapshot $(SHARED)/lists -o src/rightscreen/data/snapshot.json.gz

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/variants.py
	$(BIN)/python benchmarks/chinese_names.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/documents_real.py
	$(BIN)/python benchmarks/fuzz.py
	$(BIN)/python benchmarks/store_speed.py
	$(BIN)/python benchmarks/devices_accuracy.py
	$(BIN)/python benchmarks/devices_speed.py
	$(BIN)/python benchmarks/spark_screen.py
	$(BIN)/python benchmarks/api_load.py
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/documents_accuracy.py
	$(BIN)/python benchmarks/documents_speed.py
	$(BIN)/python benchmarks/portfolio_speed.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info

# The baseline for benchmarks/speed.py, in its own venv so its dependencies stay apart.
bench-venv:
	$(PYTHON) -m venv benchmarks/.venv-nomenklatura
	benchmarks/.venv-nomenklatura/bin/pip install -q nomenklatura

# Optional: Tesseract with Chinese and English for scanned PDF pages (Debian packages).
ocr:
	command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -q chi_sim \
	  || (apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim)

# What the full test suite uses from Debian (as root): PostgreSQL for the store, Chromium and
# its driver for the web UI, the IEEE registries (MA-M, MA-S) for MAC prefixes, Java for Spark.
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium chromium-driver \
	  ieee-data openjdk-17-jre-headless
