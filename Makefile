# The README's two set-up commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := src/bicentennial/web/static/vendor
export BICENTENNIAL_TEST_PG ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: demo test install assets services lint serve lock migration clean

$(STAMP): pyproject.toml setup.py requirements.lock src/bicentennial/network/_paths.pyx
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools>=77" wheel
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

install: $(STAMP)

# Front-end libraries from npm (package-lock.json), copied into the package and served locally.
$(VENDOR)/.stamp: package.json package-lock.json scripts/vendor-assets.sh
	bash scripts/vendor-assets.sh
	touch $@

assets: $(VENDOR)/.stamp

demo: install assets
	$(BIN)/bicentennial init
	$(BIN)/bicentennial demo
	$(BIN)/bicentennial serve --host 127.0.0.1 --port 8000

serve: install assets
	$(BIN)/bicentennial serve

# Services the tests need: PostgreSQL (started or installed) and Debian's Chromium.
services:
	bash scripts/ensure-postgres.sh
	bash scripts/ensure-chromium.sh

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: install assets services lint
	BICENTENNIAL_REQUIRE_PG=1 $(BIN)/pytest -p no:cacheprovider

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^bicentennial' > requirements.lock

migration: install
	cd src/bicentennial/store && ../../../$(BIN)/alembic -c /dev/null -x dummy=1 revision --autogenerate -m "$(MSG)" || true

clean:
	rm -rf $(VENV) var node_modules $(VENDOR) test-artifacts
