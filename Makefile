# Kanwu: `make run` (set up + start on the embedded default) and `make test` (set up + suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
PORT   ?= 5000
STAMP  := $(VENV)/.installed

.PHONY: run test install translations messages lint migration clean stack

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations

# Compile every package's catalogue (translations/<package>/zh_Hans_CN/LC_MESSAGES/messages.po).
translations: $(STAMP)
	@for d in translations/*/; do $(BIN)/pybabel compile -q -f -d $$d 2>/dev/null || $(BIN)/pybabel compile -f -d $$d; done

# Re-extract the strings of each package into its catalogue (run after changing UI text).
messages: $(STAMP)
	$(BIN)/python -m kanwu.catalogues update

run: install
	$(FLASK) db upgrade
	$(FLASK) demo-if-empty
	PORT=$(PORT) $(BIN)/python -m core.devserver

test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The production stack (nginx, gunicorn, worker, beat, PostgreSQL, Redis, SMTP sink) on this
# machine without Docker: `make stack` (up), `make stack STACK=down|status|smoke`.
STACK ?= up
stack: install
	bench/stack.sh $(STACK)

migration: $(STAMP)
	$(FLASK) db migrate -m "$(m)"

clean:
	rm -rf $(VENV) instance .pytest_cache
