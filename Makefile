# Overstep — the two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000
WORKERS ?=
export ADDR WORKERS

.PHONY: demo test serve migrate system-deps clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput --verbosity 0

## demo: set everything up, seed the demo forum (the reference scenario's organisation),
##       replay the reference incident and store the run (its URL is printed)
demo: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py run_scenario meta_internal_forum
	@echo
	@echo "Browse it:  $(BIN)/python manage.py runserver  then open http://127.0.0.1:8000/"
	@echo "  the home page offers three paths: replay an incident (Runs: the run stored above),"
	@echo "  run a tabletop (sign in as facilitator or admin), train (sign in as anyone)."
	@echo "Password for every demo account printed above: overstep-demo"
	@echo "Host it for a room of laptops: make serve ADDR=0.0.0.0:8000 (README: Host a session for a room)."

## test: install what the tests need (Python packages, Redis, PostgreSQL, Chromium), run them all
test: $(STAMP) system-deps
	$(BIN)/python -m pytest

system-deps:
	scripts/install-system-deps.sh

## serve: host a session for a room under gunicorn (README: "Host a session for a room")
##        make serve ADDR=0.0.0.0:8000 [WORKERS=5]; needs OVERSTEP_SECRET_KEY
serve: $(STAMP)
	@$(BIN)/python -m overstep.serve "$$ADDR" $${WORKERS:+--workers "$$WORKERS"}

bench: $(STAMP)
	$(BIN)/python bench/sweep.py

clean:
	rm -rf $(VENV) var artifacts
