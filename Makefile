# The two commands of the README's quick start.
.PHONY: demo test setup lint messages screenshots
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
setup:
	bash scripts/setup.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
messages:
	bash scripts/messages.sh
screenshots:
	OPORA_SCREENSHOTS=$(CURDIR)/docs/screenshots .venv/bin/python -m pytest -q tests/browser/test_screens.py
