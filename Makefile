# Two commands on a fresh machine: `make demo` and `make test`. Everything they need is
# installed here, into ./.venv and ./node_modules.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
VENDOR  := src/luoshi/web/static/vendor
# What only the browser tests inject into a page (axe-core), never served by the app.
TEST_VENDOR := tests/e2e/vendor

.PHONY: install browser office demo screenshots test lint typecheck imports unit bench bench-scale clean check-deep check-deep-crash check-deep-schema audit-deps

$(STAMP): pyproject.toml package.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	mkdir -p $(VENDOR)/noto-sans-sc/files
	cp node_modules/@fontsource-variable/noto-sans-sc/index.css $(VENDOR)/noto-sans-sc/noto-sans-sc.css
	cp node_modules/@fontsource-variable/noto-sans-sc/LICENSE $(VENDOR)/noto-sans-sc/
	cp node_modules/@fontsource-variable/noto-sans-sc/files/*.woff2 $(VENDOR)/noto-sans-sc/files/
	mkdir -p $(TEST_VENDOR)
	cp node_modules/axe-core/axe.min.js $(TEST_VENDOR)/
	mkdir -p $(VENDOR)/swagger-ui
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
	   node_modules/swagger-ui-dist/favicon-32x32.png $(VENDOR)/swagger-ui/
	touch $(STAMP)

install: $(STAMP)

# Browser tests drive Debian's Chromium: Playwright cannot download browsers here.
browser:
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Bulletins: PDF through LibreOffice, the free CJK fonts that stand in for the official
# faces (仿宋, 黑体, 楷体, 小标宋) in charts and documents, poppler for page images.
OFFICE_PACKAGES := libreoffice-writer-nogui fonts-noto-cjk fonts-wqy-microhei fonts-arphic-ukai poppler-utils
office:
	command -v soffice >/dev/null && command -v pdftoppm >/dev/null && fc-list | grep -q NotoSerifCJK && fc-list | grep -q -i ukai || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OFFICE_PACKAGES) >/dev/null; }

demo: install
	$(VENV)/bin/luoshi demo --db luoshi-demo.db

# The journeys' key pages photographed on a fresh demo database, into docs/screenshots/
# (README.md and docs/ show them); SHOTS=home-office,dashboard for some only.
SHOTS ?=
screenshots: install browser
	$(PY) tools/screenshots.py --out docs/screenshots $(if $(SHOTS),--only $(SHOTS))

lint: install
	$(VENV)/bin/ruff check src tests bench

typecheck: install
	$(VENV)/bin/mypy

imports: install
	$(VENV)/bin/lint-imports

# One pytest worker per core (each with a PostgreSQL database of its own: tests/conftest.py).
WORKERS ?= auto
unit: install browser office
	$(VENV)/bin/pytest -q -n $(WORKERS) --dist loadfile

test: lint typecheck imports unit

# Long robustness runs, not part of `make test`: each is a prerequisite of check-deep.
check-deep: check-deep-crash check-deep-schema

# 100 kill -9 of a writer on SQLite (make test kills 10).
CRASH_RUNS ?= 100
check-deep-crash: install
	LUOSHI_CRASH_RUNS=$(CRASH_RUNS) $(VENV)/bin/pytest -q tests/db/test_crash.py

# schemathesis over the OpenAPI spec as each role: 10,000 cases a database (on SQLite, and on
# PostgreSQL when it is set); SCHEMA_CASES=N to change it.
SCHEMA_CASES ?= 10000
check-deep-schema: install
	LUOSHI_SCHEMA_CASES=$(SCHEMA_CASES) $(VENV)/bin/pytest -q tests/web/test_api_schema.py

# Known vulnerabilities in the installed dependencies (needs PyPI's vulnerability data).
# --strict: a package that could not be audited fails the run instead of passing silently.
audit-deps: install
	$(VENV)/bin/pip-audit --strict --progress-spinner off

bench: install
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/extract.py
	$(PY) bench/suggest.py

# The scale benchmarks (issue #11): seeds /tmp/luoshi-bench-$(SCALE).db once, prints one
# JSON line per bench with its ratio (docs/scale.md).
SCALE ?= small
bench-scale: install
	$(PY) bench/run.py --scale $(SCALE)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) $(TEST_VENDOR) luoshi-demo.db*
