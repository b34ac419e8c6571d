# Smart City Open Lab — the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
KRDS_VERSION := 1.1.0
CHARTJS_VERSION := 4.6.1
AXE_VERSION := 4.14.1
HOST ?= 127.0.0.1
PORT ?= 8000

# requirements.txt is what production runs; requirements-dev.txt (it includes it) adds tests, load and lint.
.PHONY: run test lint install migrate seed vendor messages check-deploy clean backup restore load

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 not found (set PYTHON=/path/to/python3.11)" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "error: $(PYTHON) is not Python 3.11" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data

seed: migrate
	$(PY) manage.py seed_demo

## run: set everything up (venv, requirements, database, reference and demo data) and start the site
run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: the full test suite (uses DATABASE_URL when set, SQLite otherwise)
test: install
	mkdir -p var
	$(PY) -m pytest $(PYTEST_ARGS)

## lint: the layer contracts (import-linter, pyproject.toml) and ruff
lint: install
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check openlab marketplace matching tests

## vendor: refresh the KRDS design system (npm krds-uiux) into static/vendor/krds, served locally
vendor:
	rm -rf var/krds && mkdir -p var/krds
	cd var/krds && npm pack --silent krds-uiux@$(KRDS_VERSION) >/dev/null && tar xzf krds-uiux-$(KRDS_VERSION).tgz
	rm -rf static/vendor/krds && mkdir -p static/vendor/krds/css static/vendor/krds/js
	cp var/krds/package/resources/cdn/krds.min.css static/vendor/krds/css/
	cp var/krds/package/resources/cdn/krds.min.js static/vendor/krds/js/
	cp -r var/krds/package/resources/fonts static/vendor/krds/fonts
	mkdir -p static/vendor/krds/img && cp -r var/krds/package/resources/img/component static/vendor/krds/img/
	# The bundled CSS points its icons at krds.go.kr: serve them from here instead.
	sed -i 's#https://www.krds.go.kr/resources/img/#../img/#g' static/vendor/krds/css/krds.min.css
	! grep -q "krds.go.kr" static/vendor/krds/css/krds.min.css static/vendor/krds/js/krds.min.js
	printf 'krds-uiux %s (npm, ISC licence), vendored by `make vendor`\n' $(KRDS_VERSION) > static/vendor/krds/VERSION
	rm -rf var/krds
	# Chart.js draws the coordinator dashboard's charts (each has a data table beside it).
	rm -rf var/chartjs && mkdir -p var/chartjs static/vendor/chartjs
	cd var/chartjs && npm pack --silent chart.js@$(CHARTJS_VERSION) >/dev/null && tar xzf chart.js-$(CHARTJS_VERSION).tgz
	cp var/chartjs/package/dist/chart.umd.min.js static/vendor/chartjs/
	# The source map is not vendored: drop its reference, which collectstatic's manifest would follow.
	sed -i '/sourceMappingURL=/d' static/vendor/chartjs/chart.umd.min.js
	printf 'chart.js %s (npm, MIT licence), vendored by `make vendor`\n' $(CHARTJS_VERSION) > static/vendor/chartjs/VERSION
	rm -rf var/chartjs
	# axe-core runs in the browser tests (accessibility); it is never served by the site.
	rm -rf var/axe && mkdir -p var/axe tests/browser/vendor
	cd var/axe && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz
	cp var/axe/package/axe.min.js tests/browser/vendor/
	printf 'axe-core %s (npm, MPL-2.0), vendored by `make vendor` for the accessibility tests\n' $(AXE_VERSION) > tests/browser/vendor/VERSION
	rm -rf var/axe

## messages: extract and compile translations (needs GNU gettext); the .mo files are committed
messages: install
	$(PY) manage.py makemessages -l ko -l en --ignore=.venv --ignore=var --ignore=static
	$(PY) manage.py compilemessages --ignore=.venv

check-deploy: install
	DJANGO_SETTINGS_MODULE=openlab.settings.production SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=openlab.example.kr CACHE_URL=redis://127.0.0.1:6379/1 $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var/openlab.sqlite3 var/staticfiles

## backup: pg_dump (PostgreSQL) or a JSON dump (SQLite) into var/backups/
backup: install
	$(PY) manage.py backup

## restore FILE=…: load a backup into an empty database
restore: install
	@test -n "$(FILE)" || { echo "error: say which backup: make restore FILE=var/backups/…" >&2; exit 1; }
	$(PY) manage.py restore $(FILE)

## load: gunicorn (2 workers) on PostgreSQL and Redis with 10 000 generated listings, driven by locust
## for DURATION (60s); prints req/s, p50/p95/p99 and errors per endpoint, and last one JSON object
load: install
	PY=$(PY) bash tests/load/run.sh
