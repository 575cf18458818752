# The two commands of the README: `make demo` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
SSLYZE_VENV := .venv-sslyze
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The whole suite: spread over the cores by pytest-xdist, a module to a worker (its module fixtures start once), then
# the tests marked `alone` by themselves (they kill a server under load, and a busy core starves that load).
SUITE = $(BIN)/pytest -n auto --dist loadscope -m "not alone" && $(BIN)/pytest -m alone

.PHONY: demo test test-fast setup bench lint openapi messages

demo: setup
	$(BIN)/thorbecke demo

test: setup /usr/bin/chromium /usr/sbin/nginx
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	@echo "== Test suite on SQLite =="
	$(SUITE)
	@if [ -n "$$THORBECKE_TEST_POSTGRES_URL" ]; then \
		echo "== Test suite on PostgreSQL ($$THORBECKE_TEST_POSTGRES_URL) =="; \
		export THORBECKE_DATABASE_URL="$$THORBECKE_TEST_POSTGRES_URL"; $(SUITE); \
	else \
		echo "THORBECKE_TEST_POSTGRES_URL is not set: PostgreSQL run skipped"; \
	fi

# The edit-test cycle: the suite less the tests marked slow (Chromium, the demo, node groups, killed servers), on
# SQLite, spread over the cores by pytest-xdist. `make test` stays the whole suite.
test-fast: setup
	$(BIN)/pytest -m "not slow" -n auto

setup: $(VENV)/.installed $(SSLYZE_VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# sslyze (TLS measurements) pins an older cryptography than the hub's, so it has an environment of its own
# and the hub runs it as a command.
$(SSLYZE_VENV)/.installed:
	$(PYTHON) -m venv $(SSLYZE_VENV)
	$(SSLYZE_VENV)/bin/pip install --quiet sslyze==6.3.1
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The gateway benchmark compares with nginx and drives load with wrk, both from Debian; the TLS measurement
# tests run nginx configured well and badly.
/usr/bin/wrk /usr/sbin/nginx:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk nginx

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

bench: setup /usr/bin/wrk /usr/sbin/nginx
	$(BIN)/python bench/organisations_api.py
	$(BIN)/python bench/geo_locate.py
	$(BIN)/python bench/search_quality.py
	$(BIN)/python bench/search_api.py
	$(BIN)/python bench/exchange_gateway.py
	$(BIN)/python bench/processing_log.py
	$(BIN)/python bench/signals_classifier.py
	$(BIN)/python bench/signals_intake.py
	$(BIN)/python bench/landscape_graph.py
	$(BIN)/python bench/agreements_scorecards.py
	$(BIN)/python bench/agreements_scans.py
	$(BIN)/python bench/proactive_screening.py --sizes 1M,4M,18M
	$(BIN)/python bench/life_events.py
	$(BIN)/python bench/algorithm_register.py
	$(BIN)/python bench/cloud_matching.py
	$(BIN)/python bench/workforce_pool_matching.py
	$(BIN)/python bench/workforce_suppression.py

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/ruff format --check src tests bench

openapi: setup
	$(BIN)/thorbecke openapi > docs/api/openapi-v1.json
	$(BIN)/thorbecke manage open311_openapi > docs/api/open311-v2.json
