# The README's commands. `make demo` sets up and serves the demo; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
UV := $(shell command -v uv 2>/dev/null)
PY := $(VENV)/bin/python
RUN := $(VENV)/bin
STATIC := src/coproduce/static/coproduce/app.css

.PHONY: help demo test test-fast test-browser lint bench install static messages clean

help:
	@echo "make demo   set up everything and serve the demo on http://127.0.0.1:8000"
	@echo "make test   run the whole test suite (DATABASE_URL picks the database)"
	@echo "make lint   ruff, mypy and a check for missing migrations"
	@echo "make bench  run the benchmarks and print their figures"

# --- setting up -----------------------------------------------------------------------------
$(VENV)/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user uv
	@PATH="$$HOME/.local/bin:$$PATH" uv sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STATIC): node_modules/.installed frontend/app.scss frontend/app.js frontend/build.mjs
	@npm run --silent build

%.mo: %.po
	@$(PY) -c "import sys; from coproduce.common.i18n import compile_po; compile_po(sys.argv[1], sys.argv[2])" $< $@

MO := $(patsubst %.po,%.mo,$(wildcard src/coproduce/locale*/*/LC_MESSAGES/django.po))

install: $(VENV)/.installed $(STATIC) $(MO)

$(MO): $(VENV)/.installed

static: $(STATIC)

# --- the two commands -----------------------------------------------------------------------
demo: install
	@$(RUN)/coproduce demo

test: install
	@bash scripts/test.sh

# --- everything else ------------------------------------------------------------------------
test-fast: install
	@$(RUN)/pytest -m "not browser" -q

test-browser: install
	@$(RUN)/pytest -m browser -q

lint: install
	@$(RUN)/ruff check src tests bench
	@$(RUN)/ruff format --check src tests bench
	@$(RUN)/mypy
	@$(RUN)/python manage.py makemigrations --check --dry-run > /dev/null

bench: install
	@bash bench/run.sh

messages: install
	@cd src/coproduce && ../../$(RUN)/django-admin makemessages --all --no-obsolete --ignore "static/*"

clean:
	rm -rf $(VENV) node_modules var src/coproduce/static/coproduce test-artifacts
