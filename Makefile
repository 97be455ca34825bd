# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app lms_service
STAMP := $(VENV)/.installed
TOOL_URL := http://127.0.0.1:5000
PLATFORM_URL := http://localhost:5001

.PHONY: run test install check clean messages lint translations requirements

install: $(STAMP)

$(STAMP): requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# From the .in sources (run after editing one): every version pinned (requirements*.txt),
# and the same with each file's hashes (requirements*.lock), which `install` uses.
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
WITHOUT_HASHES := sed -e '/--hash=/d' -e 's/ \\$$//'
requirements: $(STAMP)
	$(PY) -m pip install --quiet pip-tools==7.6.2
	$(PIP_COMPILE) -o requirements.lock requirements.in
	$(WITHOUT_HASHES) requirements.lock > requirements.txt
	$(PIP_COMPILE) -o requirements-dev.lock requirements-dev.in
	$(WITHOUT_HASHES) requirements-dev.lock > requirements-dev.txt

# The tool on 127.0.0.1:5000 and the dev LMS on localhost:5001: two sites, as in real life.
run: $(STAMP) translations
	$(FLASK) init-db
	$(FLASK) dev register-platform --url $(PLATFORM_URL)
	@echo ""
	@echo "  Plateforme LMS de démonstration : $(PLATFORM_URL)/"
	@echo "  Outil (LTI 1.3)                 : $(TOOL_URL)/  (à ouvrir depuis la plateforme)"
	@echo "  Envoi des notes                 : flask grades worker (lancé à côté ; flask grades status)"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) -m devplatform --port 5001 --url $(PLATFORM_URL) --tool-url $(TOOL_URL) \
	    --key-path instance/devplatform/key.pem & \
	$(FLASK) grades worker & \
	$(FLASK) run --host 127.0.0.1 --port 5000 --debug

# Errors, sorted imports, and types (mypy.ini names what it checks).
lint: $(STAMP)
	$(VENV)/bin/ruff check lms_service lti devplatform config.py wsgi.py gunicorn.conf.py tests scripts
	$(VENV)/bin/mypy

check: $(STAMP)
	$(FLASK) modules check --strict

# The suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
test: $(STAMP) translations lint
	./scripts/ensure-browser.sh
	$(FLASK) modules check --strict
	env -u TEST_DATABASE_URL $(PY) -m pytest -q --durations=12
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	    echo "== again on PostgreSQL ($$TEST_DATABASE_URL)"; \
	    $(PY) -m pytest -q --durations=12; \
	fi

# The catalogue of UI strings, for translators (French is the source language).
messages: $(STAMP)
	mkdir -p lms_service/translations
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o lms_service/translations/messages.pot .

# The compiled catalogues (.mo, not committed): `run` and `test` build them first.
translations: $(STAMP)
	$(VENV)/bin/pybabel compile -d lms_service/translations

clean:
	rm -rf $(VENV) instance/test.sqlite3 .pytest_cache
