#!/usr/bin/env bash
# The whole test suite: lint, Django checks, then pytest on SQLite and on a throwaway
# PostgreSQL server on loopback (browser tests included). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
PY=.venv/bin/python

echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "==> Django checks"
DJANGO_SETTINGS_MODULE=config.settings_test $PY manage.py makemigrations --check --dry-run -v0
DJANGO_SETTINGS_MODULE=config.settings SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')" \
  $PY manage.py check --deploy --fail-level WARNING

workers="${PYTEST_WORKERS:-2}"
echo "==> pytest on SQLite"
DATABASE_URL= $PY -m pytest -q -n "$workers" "$@"

echo "==> pytest on PostgreSQL"
source scripts/pg.sh
pg_start
trap pg_stop EXIT
DATABASE_URL="$PG_URL" $PY -m pytest -q -n "$workers" "$@"
