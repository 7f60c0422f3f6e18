#!/usr/bin/env bash
# Sets everything up and runs Opora with demo data on SQLite at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
export DJANGO_SETTINGS_MODULE=config.settings_demo
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo
exec .venv/bin/python manage.py runserver "${OPORA_DEMO_ADDR:-127.0.0.1:8000}" --noreload
