# wbl_match: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: run test install migrate seed clean

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pybabel -q compile -d wbl_match/translations
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/flask --app wsgi db upgrade

seed: migrate
	$(BIN)/flask --app wsgi seed-demo --if-empty --quiet

run: seed
	@$(BIN)/flask --app wsgi demo-logins
	@echo "Serving wbl_match on http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --threads 4 wsgi:app

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
