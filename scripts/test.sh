#!/usr/bin/env bash
# The whole test suite: lint, Django checks, then pytest on SQLite and on a throwaway
# PostgreSQL server on loopback (browser tests included). An S3-compatible server (moto) on
# loopback serves the object-storage tests of both runs. Every server started here is stopped
# on exit, whatever happens. Extra arguments go to pytest.
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

source scripts/pg.sh
source scripts/s3.sh
cleanup() {
  s3_stop
  pg_stop
}
trap cleanup EXIT
echo "==> Test servers"
s3_start

workers="${PYTEST_WORKERS:-2}"
echo "==> pytest on SQLite"
DATABASE_URL= $PY -m pytest -q -n "$workers" "$@"

echo "==> pytest on PostgreSQL"
pg_start
DATABASE_URL="$PG_URL" $PY -m pytest -q -n "$workers" "$@"
